package dev.leaver.activities.exchange;

/**
 * How to reach Exchange Online, and which of the connector's optional actions run.
 *
 * <p>{@code toString()} never shows the client secret, so the config can be logged.
 *
 * @param adminApiBaseUrl the admin API the Exchange Online PowerShell module calls; default {@value
 *     #ADMIN_API}. Cmdlets go to {@code <adminApiBaseUrl>/<tenantId>/InvokeCommand}
 * @param graphBaseUrl Microsoft Graph, for mailbox settings and mail; default {@value #GRAPH}
 * @param tenantId the directory (tenant) id
 * @param clientId the app registration's client id (the same app may serve Entra ID)
 * @param clientSecret the app's client secret; null only for the loopback sandbox
 * @param notifyFrom the mailbox that sends the manager's notice (a shared mailbox such as {@code
 *     offboarding@contoso.com}); null leaves NotifyManager out
 * @param forwardToManager whether ForwardToManager runs; default false
 * @param autoReply whether SetAutoReply runs; default true
 */
public record ExchangeConfig(
    String adminApiBaseUrl,
    String graphBaseUrl,
    String tenantId,
    String clientId,
    String clientSecret,
    String notifyFrom,
    Boolean forwardToManager,
    Boolean autoReply) {
  public static final String ADMIN_API = "https://outlook.office365.com/adminapi/beta";
  public static final String GRAPH = "https://graph.microsoft.com/v1.0";

  /** The sender of the sandbox's notices: a shared mailbox of the demo tenant. */
  public static final String SANDBOX_NOTIFY_FROM = "offboarding@contoso.example";

  public ExchangeConfig {
    adminApiBaseUrl = adminApiBaseUrl == null ? ADMIN_API : adminApiBaseUrl.replaceAll("/+$", "");
    graphBaseUrl = graphBaseUrl == null ? GRAPH : graphBaseUrl.replaceAll("/+$", "");
    if (tenantId == null || tenantId.isBlank()) {
      throw new IllegalArgumentException(
          "tenantId is required: Exchange takes it in every request's path");
    }
    if (notifyFrom != null && !notifyFrom.contains("@")) {
      throw new IllegalArgumentException("notifyFrom must be a mailbox's address");
    }
    forwardToManager = forwardToManager != null && forwardToManager;
    autoReply = autoReply == null || autoReply;
  }

  /**
   * The sandbox's emulators: Exchange at {@code <sandboxBaseUrl>/exchange/adminapi/beta}, Graph at
   * {@code <sandboxBaseUrl>/graph/v1.0}, no credentials, every action on.
   */
  public static ExchangeConfig sandbox(String sandboxBaseUrl) {
    String base = sandboxBaseUrl.replaceAll("/+$", "");
    return new ExchangeConfig(
        base + "/exchange/adminapi/beta",
        base + "/graph/v1.0",
        "sandbox",
        "sandbox",
        null,
        SANDBOX_NOTIFY_FROM,
        true,
        true);
  }

  @Override
  public String toString() {
    return "ExchangeConfig[adminApiBaseUrl="
        + adminApiBaseUrl
        + ", graphBaseUrl="
        + graphBaseUrl
        + ", tenantId="
        + tenantId
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret == null ? "none" : "***")
        + ", notifyFrom="
        + notifyFrom
        + ", forwardToManager="
        + forwardToManager
        + ", autoReply="
        + autoReply
        + "]";
  }
}
