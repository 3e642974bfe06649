package dev.leaver.activities.entra;

import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.workflows.contract.Leaver;
import java.util.Map;
import java.util.Optional;

/**
 * Entra ID through the Graph SDK against the sandbox's Graph emulator passes the shared contract.
 */
class EntraContractTest extends TargetSystemContract {
  private static final String GRAPH = "/graph/v1.0";

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    return new EntraTarget(EntraConfig.sandbox(sandbox.baseUrl()));
  }

  @Override
  protected Leaver leaver() {
    return new Leaver("E1001", EntraSandbox.ADA, EntraSandbox.GRACE);
  }

  @Override
  protected Map<String, String> facts() {
    return Map.of("effectiveAt", "2026-11-30T17:00:00Z", "hrEventId", "contract-1");
  }

  @Override
  protected Write write(String action) {
    String user = GRAPH + "/users/" + EntraSandbox.ADA_ID;
    return switch (action) {
      case "DisableAccount" -> new Write("PATCH", user);
      case "RevokeSessions" -> new Write("POST", user + "/revokeSignInSessions");
      case "RemoveGroupMemberships" -> new Write("DELETE", GRAPH + "/groups/");
      case "RemoveLicenses" -> new Write("POST", user + "/assignLicense");
      case "SetLeaveDate" -> new Write("PATCH", user);
      case "RemoveAppRoleAssignments" -> new Write("DELETE", user + "/appRoleAssignments/");
      case "RevokeOAuthConsents" -> new Write("DELETE", GRAPH + "/oauth2PermissionGrants/");
      case "DeleteAuthenticationMethods" -> new Write("DELETE", user + "/authentication/");
      case "HandOverOwnership" -> new Write("DELETE", GRAPH + "/groups/");
      case "GrantOneDriveToManager" -> new Write("POST", GRAPH + "/drives/");
      case "DeleteAccount" -> new Write("DELETE", user);
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  @Override
  protected Optional<ThirdItem> multiItem(Map<String, String> before) {
    String removable = before.get("removableGroupIds");
    if (removable == null) {
      return Optional.empty();
    }
    String third = removable.split(",")[2];
    return Optional.of(
        new ThirdItem(
            "RemoveGroupMemberships", "DELETE", GRAPH + "/groups/" + third + "/members/"));
  }
}
