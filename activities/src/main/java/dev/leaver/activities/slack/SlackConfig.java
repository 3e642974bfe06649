package dev.leaver.activities.slack;

import java.util.Objects;

/**
 * Where the Slack connector sends requests and with which token.
 *
 * <p>{@code toString()} never shows the token, so the config can be logged.
 *
 * @param apiBaseUrl Web API prefix ending in {@code /}; null means {@value #DEFAULT_API_BASE_URL}
 * @param scimBaseUrl SCIM 2.0 prefix ending in {@code /}; null means {@value
 *     #DEFAULT_SCIM_BASE_URL}
 * @param adminToken a user token ({@code xoxp-}) of an org admin with the scopes {@code admin}
 *     (SCIM), {@code admin.users:write}, {@code users:read}, {@code users:read.email}; never logged
 */
public record SlackConfig(String apiBaseUrl, String scimBaseUrl, String adminToken) {
  public static final String DEFAULT_API_BASE_URL = "https://slack.com/api/";
  public static final String DEFAULT_SCIM_BASE_URL = "https://api.slack.com/scim/v2/";

  /** The admin token the sandbox's demo tenant accepts; a sandbox value, not a secret. */
  public static final String SANDBOX_TOKEN = "xoxp-sandbox-admin";

  public SlackConfig {
    apiBaseUrl = withSlash(apiBaseUrl == null ? DEFAULT_API_BASE_URL : apiBaseUrl);
    scimBaseUrl = withSlash(scimBaseUrl == null ? DEFAULT_SCIM_BASE_URL : scimBaseUrl);
    Objects.requireNonNull(adminToken, "adminToken == null");
    if (adminToken.isBlank()) {
      throw new IllegalArgumentException("adminToken is blank");
    }
  }

  /** Slack itself, with an admin user token. */
  public static SlackConfig of(String adminToken) {
    return new SlackConfig(null, null, adminToken);
  }

  /**
   * The sandbox's Slack emulator.
   *
   * @param sandboxBaseUrl e.g. {@code http://127.0.0.1:8089}, without the {@code /slack} prefix
   */
  public static SlackConfig sandbox(String sandboxBaseUrl) {
    String base =
        sandboxBaseUrl.endsWith("/")
            ? sandboxBaseUrl.substring(0, sandboxBaseUrl.length() - 1)
            : sandboxBaseUrl;
    return new SlackConfig(base + "/slack/api/", base + "/slack/scim/v2/", SANDBOX_TOKEN);
  }

  @Override
  public String toString() {
    return "SlackConfig[apiBaseUrl="
        + apiBaseUrl
        + ", scimBaseUrl="
        + scimBaseUrl
        + ", adminToken=***]";
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }
}
