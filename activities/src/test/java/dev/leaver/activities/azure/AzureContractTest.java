package dev.leaver.activities.azure;

import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.workflows.contract.Leaver;
import java.util.Map;
import java.util.Optional;

/**
 * Azure through azure-resourcemanager and azure-identity, over HTTPS against the sandbox's ARM
 * emulator, passes the shared contract.
 */
class AzureContractTest extends TargetSystemContract {
  private static final String AZ = "/azure";

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    return new AzureTarget(AzureConfig.sandbox(sandbox.baseUrl()));
  }

  @Override
  protected Leaver leaver() {
    return new Leaver("E1005", "linus.okafor@contoso.example", "grace.hopper@contoso.example");
  }

  @Override
  protected Write write(String action) {
    return switch (action) {
      case "RemoveRoleAssignments" -> new Write("DELETE", AZ + "/");
      case "RemoveEligibleAssignments" -> new Write("PUT", AZ + "/");
      case "RemoveVaultAccessPolicies" -> new Write("PUT", AZ + "/");
      case "BlockApimUser" -> new Write("PATCH", AZ + AzureSandbox.APIM + "/users/");
      case "RotateVaultSecrets" -> new Write("PUT", AZ + "/");
      case "RegenerateStorageKeys" -> new Write("POST", "^/azure/.*/regenerateKey$");
      case "RegenerateServiceBusKeys" -> new Write("POST", "^/azure/.*/regenerateKeys$");
      case "RegenerateApimSubscriptionKeys" ->
          new Write("POST", "^/azure/.*/regenerate(Primary|Secondary)Key$");
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  /**
   * The token endpoint, Resource Graph queries and key listings are POSTs that change nothing; the
   * Graph emulator (resolve) is read-only here.
   */
  @Override
  protected boolean isWrite(SandboxServer.Logged request) {
    String p = request.path();
    if (p.endsWith("/oauth2/v2.0/token")
        || p.endsWith("/Microsoft.ResourceGraph/resources")
        || p.endsWith("/listKeys")) {
      return false;
    }
    return super.isWrite(request);
  }

  /** ARM's error envelope. */
  @Override
  protected Map<String, Object> errorBody(int status) {
    String code =
        status == 403
            ? "AuthorizationFailed"
            : status == 429 ? "TooManyRequests" : "ServiceUnavailable";
    return Map.of("error", Map.of("code", code, "message", "sandbox fault " + status));
  }

  /** The third role assignment's DELETE, by its saved scope and name. */
  @Override
  protected Optional<ThirdItem> multiItem(Map<String, String> before) {
    String names = before.get(RemoveRoleAssignments.KEYS);
    if (names == null || names.split(",").length < 3) {
      return Optional.empty();
    }
    String third = names.split(",")[2];
    String scope =
        Jsons.read(before.get(RemoveRoleAssignments.ITEM + third)).path("scope").asText();
    return Optional.of(
        new ThirdItem(
            "RemoveRoleAssignments",
            "DELETE",
            AZ + scope + "/providers/Microsoft.Authorization/roleAssignments/" + third));
  }
}
