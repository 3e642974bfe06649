package dev.leaver.activities.ad;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.ad.AdDirectory;
import dev.leaver.workflows.contract.Leaver;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** On-prem AD over LDAPS against the sandbox's directory (UnboundID in-memory, served over TLS). */
class AdContractTest extends TargetSystemContract {
  static final Leaver ZOE =
      new Leaver("E1004", "zoe.vaughan@contoso.example", "grace.hopper@contoso.example");

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    return new AdTarget(AdConfig.sandbox(sandbox.baseUrl()));
  }

  @Override
  protected Leaver leaver() {
    return ZOE;
  }

  @Override
  protected Write write(String action) {
    return switch (action) {
      case "DisableAccount", "RecordTermination", "ResetPassword" ->
          new Write("MODIFY", "CN=Vaughan");
      case "RemoveGroupMemberships" -> new Write("MODIFY", "OU=Groups");
      case "MoveToDisabledOu" -> new Write("MODDN", "CN=Vaughan");
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  @Override
  protected void refuse(String operation, String target, Refusal refusal) {
    ad().refuse(operation, target, resultCode(refusal), 1);
  }

  /** How a directory says each refusal: LDAP has no "throttled with a delay", only busy. */
  static ResultCode resultCode(Refusal refusal) {
    return switch (refusal) {
      case THROTTLED -> ResultCode.BUSY;
      case UNAVAILABLE -> ResultCode.UNAVAILABLE;
      case FORBIDDEN -> ResultCode.INSUFFICIENT_ACCESS_RIGHTS;
    };
  }

  /** LDAP's "busy" carries no delay: Temporal's backoff decides. */
  @Override
  protected Optional<Duration> throttleDelay() {
    return Optional.empty();
  }

  /** "Reset password" is a control access right, which LDAP does not list. */
  @Override
  protected Set<String> uncheckable() {
    return Set.of("reset password");
  }

  @Override
  protected int writes() {
    return ad().writes();
  }

  @Override
  protected Optional<ThirdItem> multiItem(Map<String, String> before) {
    String ids = before.get("groupIds");
    if (ids == null) {
      return Optional.empty();
    }
    try {
      String third =
          ad().server()
              .searchForEntry(
                  "DC=contoso,DC=example",
                  SearchScope.SUB,
                  Filter.createEqualityFilter(
                      "objectGUID", AdDirectory.guidBytes(UUID.fromString(ids.split(",")[2]))))
              .getDN();
      return Optional.of(new ThirdItem("RemoveGroupMemberships", "MODIFY", third));
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  private AdDirectory ad() {
    return sandbox.emulator(AdDirectory.class);
  }
}
