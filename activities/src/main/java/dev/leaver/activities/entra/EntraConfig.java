package dev.leaver.activities.entra;

/**
 * How to reach a Microsoft Entra tenant.
 *
 * @param graphBaseUrl default {@code https://graph.microsoft.com/v1.0}
 * @param tenantId the directory (tenant) id
 * @param clientId the app registration's client id
 * @param clientSecret the app's client secret; null only for the loopback sandbox
 */
public record EntraConfig(
    String graphBaseUrl, String tenantId, String clientId, String clientSecret) {
  public static final String GRAPH = "https://graph.microsoft.com/v1.0";

  public EntraConfig {
    graphBaseUrl = graphBaseUrl == null ? GRAPH : graphBaseUrl.replaceAll("/+$", "");
  }

  /** The sandbox's Graph emulator at {@code <sandboxBaseUrl>/graph/v1.0}, with no credentials. */
  public static EntraConfig sandbox(String sandboxBaseUrl) {
    return new EntraConfig(sandboxBaseUrl + "/graph/v1.0", "sandbox", "sandbox", null);
  }

  @Override
  public String toString() {
    return "EntraConfig[graphBaseUrl="
        + graphBaseUrl
        + ", tenantId="
        + tenantId
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret == null ? "none" : "***")
        + "]";
  }
}
