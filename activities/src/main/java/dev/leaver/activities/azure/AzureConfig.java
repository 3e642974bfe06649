package dev.leaver.activities.azure;

import java.util.List;
import java.util.Objects;

/**
 * How to reach Azure: one app registration (client credentials) for Azure Resource Manager and for
 * Microsoft Graph (to find the leaver's object id), and where to look for the leaver's access.
 *
 * @param tenantId the directory (tenant) id
 * @param clientId the app registration's client id
 * @param clientSecret its client secret; masked in {@link #toString()}
 * @param subscriptions subscription ids whose role assignments, PIM eligibility and Key Vaults are
 *     searched
 * @param managementGroups management group ids whose role assignments are searched too
 * @param resourceManagerEndpoint default {@code https://management.azure.com/}
 * @param authorityHost the login host, default {@code https://login.microsoftonline.com/}
 * @param metadataUrl a cloud metadata endpoint ({@code .../metadata/endpoints}) that names ARM and
 *     the login host instead of the two above (Azure Stack, the sandbox); null to use them
 * @param graphBaseUrl Microsoft Graph, default {@code https://graph.microsoft.com/v1.0}
 * @param rotateOnLeave resource ids whose shared secrets the leaver could read, rotated at
 *     clean-up: Key Vaults (every secret) or single secrets ({@code .../vaults/v/secrets/s}),
 *     storage accounts (both keys), Service Bus authorization rules (both keys), API Management
 *     services (the leaver's user is blocked and the subscriptions they own get new keys)
 */
public record AzureConfig(
    String tenantId,
    String clientId,
    String clientSecret,
    List<String> subscriptions,
    List<String> managementGroups,
    String resourceManagerEndpoint,
    String authorityHost,
    String metadataUrl,
    String graphBaseUrl,
    List<String> rotateOnLeave) {
  public static final String ARM = "https://management.azure.com/";
  public static final String LOGIN = "https://login.microsoftonline.com/";
  public static final String GRAPH = "https://graph.microsoft.com/v1.0";

  // The demo tenant's Azure section (sandbox/src/main/resources/tenants/demo.yaml).
  static final String SANDBOX_PROD = "11111111-1111-4111-8111-111111111111";
  static final String SANDBOX_DEV = "22222222-2222-4222-8222-222222222222";

  public AzureConfig {
    Objects.requireNonNull(tenantId, "azure.tenantId == null");
    Objects.requireNonNull(clientId, "azure.clientId == null");
    Objects.requireNonNull(clientSecret, "azure.clientSecret == null");
    subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
    managementGroups = managementGroups == null ? List.of() : List.copyOf(managementGroups);
    if (subscriptions.isEmpty() && managementGroups.isEmpty()) {
      throw new IllegalArgumentException(
          "azure needs at least one of subscriptions, managementGroups");
    }
    resourceManagerEndpoint =
        slash(resourceManagerEndpoint == null ? ARM : resourceManagerEndpoint);
    authorityHost = slash(authorityHost == null ? LOGIN : authorityHost);
    graphBaseUrl = (graphBaseUrl == null ? GRAPH : graphBaseUrl).replaceAll("/+$", "");
    rotateOnLeave = rotateOnLeave == null ? List.of() : List.copyOf(rotateOnLeave);
  }

  /**
   * The sandbox: its Azure emulator (found through its metadata endpoint, which also names the
   * certificate of its HTTPS listener), its Graph emulator, the demo tenant's two subscriptions and
   * management group, and the demo developer's reachable resources.
   */
  public static AzureConfig sandbox(String sandboxBaseUrl) {
    String prod = "/subscriptions/" + SANDBOX_PROD + "/resourceGroups/";
    return new AzureConfig(
        "sandbox",
        "sandbox-leaver-app",
        "sandbox-client-secret",
        List.of(SANDBOX_PROD, SANDBOX_DEV),
        List.of("contoso-platform"),
        null,
        null,
        sandboxBaseUrl + "/azure/metadata/endpoints",
        sandboxBaseUrl + "/graph/v1.0",
        List.of(
            prod + "rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments-prod",
            "/subscriptions/"
                + SANDBOX_DEV
                + "/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-dev-tools/secrets/github-deploy-token",
            prod + "rg-payments/providers/Microsoft.Storage/storageAccounts/stpaymentsprod",
            prod
                + "rg-payments/providers/Microsoft.ServiceBus/namespaces/sb-orders-prod/authorizationRules/orders-sender",
            prod + "rg-api/providers/Microsoft.ApiManagement/service/apim-contoso"));
  }

  /** Every scope searched: the subscriptions, then the management groups. */
  List<String> scopes() {
    List<String> out = new java.util.ArrayList<>();
    subscriptions.forEach(s -> out.add("/subscriptions/" + s));
    managementGroups.forEach(g -> out.add("/providers/Microsoft.Management/managementGroups/" + g));
    return out;
  }

  /**
   * The ids in {@link #rotateOnLeave} of one resource type, e.g. {@code
   * Microsoft.Storage/storageAccounts}.
   */
  List<String> rotate(String type) {
    String marker = "/providers/" + type.toLowerCase(java.util.Locale.ROOT) + "/";
    return rotateOnLeave.stream()
        .filter(id -> id.toLowerCase(java.util.Locale.ROOT).contains(marker))
        .toList();
  }

  private static String slash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  @Override
  public String toString() {
    return "AzureConfig[tenantId="
        + tenantId
        + ", clientId="
        + clientId
        + ", clientSecret=***"
        + ", subscriptions="
        + subscriptions
        + ", managementGroups="
        + managementGroups
        + ", resourceManagerEndpoint="
        + resourceManagerEndpoint
        + ", authorityHost="
        + authorityHost
        + ", metadataUrl="
        + metadataUrl
        + ", graphBaseUrl="
        + graphBaseUrl
        + ", rotateOnLeave="
        + rotateOnLeave
        + "]";
  }
}
