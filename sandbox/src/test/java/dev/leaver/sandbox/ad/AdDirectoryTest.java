package dev.leaver.sandbox.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdDirectoryTest {
  private Sandbox sandbox;
  private JsonNode where;

  @BeforeAll
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/ad")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    where = Json.MAPPER.readTree(r.body());
  }

  @AfterAll
  void stop() {
    sandbox.close();
  }

  private LDAPConnection bind() throws Exception {
    URI url = URI.create(where.get("url").asText());
    assertThat(url.getScheme()).isEqualTo("ldaps");
    LDAPConnection c =
        new LDAPConnection(
            new SSLUtil(new TrustAllTrustManager()).createSSLSocketFactory(),
            url.getHost(),
            url.getPort());
    c.bind(where.get("bindDn").asText(), where.get("bindPassword").asText());
    return c;
  }

  @Test
  void theDemoLeaverIsFoundOverLdapsByEmployeeIdWithHerGuidInAdByteOrderAndAnEscapedDn()
      throws Exception {
    try (LDAPConnection c = bind()) {
      SearchResultEntry zoe =
          c.searchForEntry(
              where.get("baseDn").asText(),
              SearchScope.SUB,
              Filter.createEqualityFilter("employeeID", "E1004"),
              "objectGUID",
              "cn");

      assertThat(zoe.getDN()).isEqualTo("CN=Vaughan\\, Zoë,OU=Staff,DC=contoso,DC=example");
      assertThat(zoe.getAttributeValueBytes("objectGUID"))
          .isEqualTo(
              AdDirectory.guidBytes(UUID.fromString("e3583ae4-eae5-4ff2-8c85-f6c42ab75004")));
      assertThat(
              c.search(
                      where.get("baseDn").asText(),
                      SearchScope.SUB,
                      Filter.createEqualityFilter("member", zoe.getDN()))
                  .getEntryCount())
          .isEqualTo(4);
    }
  }

  @Test
  void aRefusedWriteIsNotAppliedAndIsCounted() throws Exception {
    AdDirectory ad = sandbox.emulator(AdDirectory.class);
    String grace = "CN=Hopper\\, Grace,OU=Staff,DC=contoso,DC=example";
    int before = ad.writes();
    ad.refuse("MODIFY", "CN=Hopper", ResultCode.BUSY, 1);
    try (LDAPConnection c = bind()) {
      assertThatThrownBy(
              () ->
                  c.modify(
                      grace,
                      new Modification(ModificationType.REPLACE, "userAccountControl", "514")))
          .isInstanceOfSatisfying(
              LDAPException.class, e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.BUSY));
      assertThat(c.getEntry(grace).getAttributeValue("userAccountControl")).isEqualTo("512");
    }
    assertThat(ad.writes()).isEqualTo(before + 1);
  }
}
