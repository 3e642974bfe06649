package dev.leaver.activities.github;

import java.util.Objects;

/**
 * Where the GitHub connector sends requests, for which organisation, with which tokens.
 *
 * <p>{@code toString()} never shows a token, so the config can be logged.
 *
 * @param apiUrl REST root without a trailing slash; null means {@value #DEFAULT_API_URL}. For
 *     GitHub Enterprise Server {@code https://HOST/api/v3}
 * @param organization the organisation's login, e.g. {@code contoso}
 * @param token an organisation owner's token with {@code admin:org} (a classic personal access
 *     token: SAML SSO credential authorizations cannot be managed with any other kind); in the
 *     worker's YAML a reference ({@code env:NAME} or {@code file:/path}); never logged
 * @param appInstallationToken a GitHub App installation token with the organisation permission
 *     "Personal access tokens: write", which GitHub requires to list and revoke fine-grained
 *     tokens; null leaves {@code RevokeFineGrainedTokens} parked for an operator. Installation
 *     tokens expire after an hour: reference a file that something refreshes. Never logged
 * @param mappingFile CSV ({@code employeeId,email,login} with that header) or YAML (a list of
 *     {@code {employeeId, email, login}}) mapping people to logins, used where the organisation
 *     has no SAML SSO or SAML knows no identity for the person; null for none
 */
public record GithubConfig(
    String apiUrl, String organization, String token, String appInstallationToken,
    String mappingFile) {
  public static final String DEFAULT_API_URL = "https://api.github.com";

  /** The sandbox organisation's owner token; a sandbox value, not a secret. */
  public static final String SANDBOX_TOKEN = "ghp_sandbox_leaver_owner";

  /** The sandbox's GitHub App installation token; a sandbox value, not a secret. */
  public static final String SANDBOX_APP_TOKEN = "ghs_sandbox_leaver_app";

  public GithubConfig {
    apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl.replaceAll("/+$", "");
    Objects.requireNonNull(organization, "organization == null");
    if (organization.isBlank()) {
      throw new IllegalArgumentException("organization is blank");
    }
    Objects.requireNonNull(token, "token == null");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token is blank");
    }
    if (appInstallationToken != null && appInstallationToken.isBlank()) {
      appInstallationToken = null;
    }
    if (mappingFile != null && mappingFile.isBlank()) {
      mappingFile = null;
    }
  }

  /**
   * The sandbox's GitHub emulator, organisation {@code contoso}, no mapping file.
   *
   * @param sandboxBaseUrl e.g. {@code http://127.0.0.1:8089}, without the {@code /github} prefix
   */
  public static GithubConfig sandbox(String sandboxBaseUrl) {
    String base = sandboxBaseUrl.replaceAll("/+$", "");
    return new GithubConfig(base + "/github", "contoso", SANDBOX_TOKEN, SANDBOX_APP_TOKEN, null);
  }

  /** The same, with a mapping file. */
  public GithubConfig withMappingFile(String path) {
    return new GithubConfig(apiUrl, organization, token, appInstallationToken, path);
  }

  /**
   * GitHub's GraphQL endpoint for this REST root: {@code https://api.github.com/graphql}, or
   * {@code https://HOST/api/graphql} for Enterprise Server's {@code https://HOST/api/v3}.
   */
  public String graphqlUrl() {
    return apiUrl.endsWith("/api/v3")
        ? apiUrl.substring(0, apiUrl.length() - 2) + "graphql"
        : apiUrl + "/graphql";
  }

  @Override
  public String toString() {
    return "GithubConfig[apiUrl=" + apiUrl + ", organization=" + organization + ", token=***"
        + ", appInstallationToken=" + (appInstallationToken == null ? "none" : "***")
        + ", mappingFile=" + mappingFile + "]";
  }
}
