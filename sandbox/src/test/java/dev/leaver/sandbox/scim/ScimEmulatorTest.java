package dev.leaver.sandbox.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulated SCIM apps answer as RFC 7644 and scim2-server do. */
class ScimEmulatorTest {
  private static final String LINUS = "2819c223-7f76-453a-919d-413861904646";
  private static final String USERS = "/scim/acme-crm/v2/Users";
  private ScimEmulator scim;

  @BeforeEach
  void seed() throws Exception {
    scim = new ScimEmulatorProvider().create(Sandbox.readTenant(Sandbox.DEMO_TENANT).get("scim"));
  }

  @Test
  void userNameFiltersIgnoreCaseAndExternalIdFiltersDoNot() throws Exception {
    assertThat(
            json(get(USERS, Map.of("filter", "userName eq \"LINUS.OKAFOR@contoso.example\"")))
                .path("totalResults")
                .asInt())
        .isEqualTo(1);
    assertThat(
            json(get(USERS, Map.of("filter", "externalId eq \"E1005\"")))
                .path("Resources")
                .get(0)
                .path("id")
                .asText())
        .isEqualTo(LINUS);
    assertThat(
            json(get(USERS, Map.of("filter", "externalId eq \"e1005\"")))
                .path("totalResults")
                .asInt())
        .isZero();
    HttpResponse bad = get(USERS, Map.of("filter", "userName sw \"linus\""));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(json(bad).path("scimType").asText()).isEqualTo("invalidFilter");
  }

  @Test
  void aTakenUserNameInAnyCaseIsA409UniquenessWithTheStatusAsAString() throws Exception {
    HttpResponse r =
        send("POST", USERS, Map.of(), "{\"userName\":\"Linus.Okafor@CONTOSO.example\"}");

    assertThat(r.status()).isEqualTo(409);
    assertThat(json(r).path("status").isTextual()).isTrue();
    assertThat(json(r).path("status").asText()).isEqualTo("409");
    assertThat(json(r).path("scimType").asText()).isEqualTo("uniqueness");
  }

  @Test
  void aDeletedUserIs404AfterwardsAndASecondDeleteToo() throws Exception {
    assertThat(send("DELETE", USERS + "/" + LINUS, Map.of(), null).status()).isEqualTo(204);

    HttpResponse again = send("DELETE", USERS + "/" + LINUS, Map.of(), null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(json(again).path("status").asText()).isEqualTo("404");
    assertThat(get(USERS + "/" + LINUS, Map.of()).status()).isEqualTo(404);
  }

  @Test
  void aRepeatedPatchKeepsTheVersionAndAStaleIfMatchIs412() throws Exception {
    String off =
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}";
    String v1 = get(USERS + "/" + LINUS, Map.of()).headers().get("ETag");
    HttpResponse first = send("PATCH", USERS + "/" + LINUS, Map.of(), off);
    HttpResponse second = send("PATCH", USERS + "/" + LINUS, Map.of(), off);

    assertThat(json(first).path("active").asBoolean()).isFalse();
    assertThat(second.headers().get("ETag"))
        .isEqualTo(first.headers().get("ETag"))
        .isNotEqualTo(v1);
    assertThat(send("DELETE", USERS + "/" + LINUS, Map.of("if-match", List.of(v1)), null).status())
        .isEqualTo(412);
    assertThat(
            send(
                    "DELETE",
                    USERS + "/" + LINUS,
                    Map.of("if-match", List.of(second.headers().get("ETag"))),
                    null)
                .status())
        .isEqualTo(204);
  }

  @Test
  void removingAMemberTwiceChangesTheGroupOnceAndTheMemberSearchNoLongerFindsIt() throws Exception {
    String groups = "/scim/acme-crm/v2/Groups";
    String remove =
        "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":"
            + "[{\"op\":\"remove\",\"path\":\"members[value eq \\\""
            + LINUS
            + "\\\"]\"}]}";
    JsonNode before = json(get(groups, Map.of("filter", "members.value eq \"" + LINUS + "\"")));
    assertThat(before.path("totalResults").asInt()).isEqualTo(2);
    String admins = "6f1e2d3c-0001-4b5a-9c8d-7e6f5a4b3c01";

    HttpResponse first = send("PATCH", groups + "/" + admins, Map.of(), remove);
    HttpResponse second = send("PATCH", groups + "/" + admins, Map.of(), remove);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.headers().get("ETag")).isEqualTo(first.headers().get("ETag"));
    assertThat(
            json(get(groups, Map.of("filter", "members.value eq \"" + LINUS + "\"")))
                .path("totalResults")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void aMissingOrWrongTokenIs401() throws Exception {
    HttpResponse r =
        scim.handle(
            new HttpRequest(
                "GET",
                USERS,
                Map.of(),
                Map.of("authorization", List.of("Bearer nope")),
                new byte[0]));

    assertThat(r.status()).isEqualTo(401);
    assertThat(json(r).path("status").asText()).isEqualTo("401");
  }

  private HttpResponse get(String path, Map<String, String> query) {
    return scim.handle(new HttpRequest("GET", path, query, auth(Map.of()), new byte[0]));
  }

  private HttpResponse send(
      String method, String path, Map<String, List<String>> headers, String body) {
    return scim.handle(
        new HttpRequest(
            method,
            path,
            Map.of(),
            auth(headers),
            body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static Map<String, List<String>> auth(Map<String, List<String>> headers) {
    Map<String, List<String>> h = new java.util.HashMap<>(headers);
    h.put("authorization", List.of("Bearer sandbox-scim-token"));
    h.put("content-type", List.of("application/scim+json"));
    return h;
  }

  private static JsonNode json(HttpResponse r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }
}
