package dev.leaver.activities.ad;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.ad.LdapFaultProxy;
import dev.leaver.workflows.contract.Leaver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The connector contract against a real Active Directory: a Samba AD domain controller, through an
 * LDAPS proxy that counts and refuses writes. Each test gets an OU of its own with the leaver (a CN
 * with a comma and a non-ASCII letter, flags beyond "normal account" set), her manager, and four
 * groups (security and distribution, one CN with quotes) she is a direct member of.
 */
class AdSambaContractTest extends TargetSystemContract {
  private SambaDc dc;
  private LdapFaultProxy proxy;
  private int tenant;
  private String ou;

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    try {
      if (dc == null) {
        dc = SambaDc.start(getClass().getSimpleName());
        proxy = new LdapFaultProxy("127.0.0.1", SambaDc.LDAPS_PORT);
      }
      tenant++;
      ou = "OU=t" + tenant + "," + SambaDc.BASE_DN;

      seed();
    } catch (Exception e) {
      throw new IllegalStateException("Samba test domain: " + e.getMessage(), e);
    }
    return new AdTarget(
        new AdConfig(
            proxy.url(),
            SambaDc.ADMIN,
            SambaDc.PASSWORD,
            ou,
            "OU=Disabled Users," + ou,
            null,
            true,
            "description",
            true,
            2));
  }

  @AfterAll
  void stopDc() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (dc != null) {
      dc.close();
    }
  }

  @Override
  protected Leaver leaver() {
    return new Leaver(
        "E1004",
        "zoe.vaughan.t" + tenant + "@leaver.test",
        "grace.hopper.t" + tenant + "@leaver.test");
  }

  @Override
  protected Write write(String action) {
    return switch (action) {
      case "DisableAccount", "RecordTermination", "ResetPassword" ->
          new Write("MODIFY", "CN=Vaughan");
      case "RemoveGroupMemberships" -> new Write("MODIFY", "OU=Groups,OU=t" + tenant);
      case "MoveToDisabledOu" -> new Write("MODDN", "CN=Vaughan");
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  @Override
  protected void refuse(String operation, String target, Refusal refusal) {
    proxy.faults().refuse(operation, target, AdContractTest.resultCode(refusal), 1);
  }

  @Override
  protected Optional<Duration> throttleDelay() {
    return Optional.empty();
  }

  @Override
  protected int writes() {
    return proxy.faults().writes();
  }

  @Override
  protected Set<String> uncheckable() {
    return Set.of("reset password");
  }

  @Override
  protected Optional<ThirdItem> multiItem(Map<String, String> before) {
    String ids = before.get("groupIds");
    if (ids == null) {
      return Optional.empty();
    }
    try (LDAPConnection c = admin()) {
      String third =
          c.searchForEntry(
                  SambaDc.BASE_DN,
                  SearchScope.SUB,
                  Filter.createEqualityFilter(
                      "objectGUID", Directory.guidBytes(UUID.fromString(ids.split(",")[2]))),
                  "1.1")
              .getDN();
      return Optional.of(new ThirdItem("RemoveGroupMemberships", "MODIFY", third));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private LDAPConnection admin() throws Exception {
    LDAPConnection c =
        new LDAPConnection(
            new SSLUtil(new TrustAllTrustManager()).createSSLSocketFactory(),
            "127.0.0.1",
            SambaDc.LDAPS_PORT);
    c.bind(SambaDc.ADMIN, SambaDc.PASSWORD);
    return c;
  }

  /** This test's OU: people, groups and the Disabled OU, written straight to the DC. */
  private void seed() throws Exception {
    int n = tenant;
    try (LDAPConnection c = admin()) {
      c.add(new Entry(ou, new Attribute("objectClass", "organizationalUnit")));
      for (String child : new String[] {"Staff", "Groups", "Disabled Users"}) {
        c.add(
            new Entry(
                "OU=" + child + "," + ou, new Attribute("objectClass", "organizationalUnit")));
      }
      String zoe = person(c, n, "Vaughan, Zoë", "zv" + n, "zoe.vaughan.t" + n, "E1004", 66048);
      person(c, n, "Hopper, Grace", "gh" + n, "grace.hopper.t" + n, "E0042", 512);
      group(c, n, "VPN Users", "-2147483646", zoe);
      group(c, n, "Engineering", "-2147483646", zoe);
      group(c, n, "Finance \"Ledger\" Readers", "-2147483646", zoe);
      group(c, n, "All Staff DL", "8", zoe);
    }
  }

  private String person(
      LDAPConnection c, int n, String cn, String sam, String upnLocal, String employeeId, int uac)
      throws LDAPException {
    String dn = new RDN("CN", cn) + ",OU=Staff," + ou;
    c.add(
        new Entry(
            dn,
            new Attribute("objectClass", "user"),
            new Attribute("sAMAccountName", sam),
            new Attribute("userPrincipalName", upnLocal + "@leaver.test"),
            new Attribute("employeeID", employeeId),
            new Attribute(
                "unicodePwd", ("\"Initial!Pw" + n + "x\"").getBytes(StandardCharsets.UTF_16LE)),
            new Attribute("userAccountControl", String.valueOf(uac))));
    return dn;
  }

  private void group(LDAPConnection c, int n, String cn, String groupType, String member)
      throws LDAPException {
    c.add(
        new Entry(
            new RDN("CN", cn) + ",OU=Groups," + ou,
            new Attribute("objectClass", "group"),
            new Attribute(
                "sAMAccountName",
                "g" + n + "-" + cn.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT)),
            new Attribute("groupType", groupType),
            new Attribute("member", member)));
  }
}
