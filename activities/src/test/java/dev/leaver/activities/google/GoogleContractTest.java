package dev.leaver.activities.google;

import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.google.GoogleEmulator;
import dev.leaver.workflows.contract.Leaver;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google Workspace through Google's Directory client, the Data Transfer API and google-auth,
 * against the sandbox's Google emulator, passes the shared contract with all seven actions.
 */
class GoogleContractTest extends TargetSystemContract {
  static final String DIRECTORY = "/google/admin/directory/v1/";

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    return new GoogleTarget(GoogleConfig.sandbox(sandbox.baseUrl()));
  }

  @Override
  protected Leaver leaver() {
    return new Leaver("E1005", "linus.okafor@contoso.example", "grace.hopper@contoso.example");
  }

  @Override
  protected Write write(String action) {
    return switch (action) {
      case "SuspendUser" -> new Write("PUT", DIRECTORY + "users/");
      case "SignOut" -> new Write("POST", "^" + DIRECTORY + "users/[^/]+/signOut");
      case "DeleteOAuthTokens" -> new Write("DELETE", "^" + DIRECTORY + "users/[^/]+/tokens/");
      case "DeleteAppPasswords" -> new Write("DELETE", "^" + DIRECTORY + "users/[^/]+/asps/");
      case "InvalidateBackupCodes" ->
          new Write("POST", "^" + DIRECTORY + "users/[^/]+/verificationCodes/invalidate");
      case "RemoveFromGroups" -> new Write("DELETE", DIRECTORY + "groups/");
      case "TransferDrive" -> new Write("POST", "/google/admin/datatransfer/v1/transfers");
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  /** RemoveFromGroups: Linus is in three groups; the third's members.delete is refused. */
  @Override
  protected Optional<ThirdItem> multiItem(Map<String, String> before) {
    if (!before.containsKey(RemoveFromGroups.ROLES)) {
      return Optional.empty();
    }
    List<String> groups = Items.split(before.get(RemoveFromGroups.GROUP_IDS));
    return groups.size() < 3
        ? Optional.empty()
        : Optional.of(
            new ThirdItem(
                "RemoveFromGroups", "DELETE", DIRECTORY + "groups/" + groups.get(2) + "/members/"));
  }

  /** Google's error JSON; the contract's 429 carries Retry-After, which the connector honours. */
  @Override
  protected Map<String, Object> errorBody(int status) {
    String reason =
        status == 403 ? "forbidden" : status == 429 ? "rateLimitExceeded" : "backendError";
    return GoogleEmulator.errorBody(status, reason, "sandbox fault " + status);
  }

  /** Token requests change nothing in the directory: only API writes count. */
  @Override
  protected boolean isWrite(SandboxServer.Logged request) {
    return super.isWrite(request) && !request.path().equals("/google/token");
  }
}
