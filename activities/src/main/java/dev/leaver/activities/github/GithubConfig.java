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
 *     tokens. Installation tokens expire after an hour and the worker reads secrets once: prefer
 *     {@code appId}, {@code appInstallationId} and {@code appPrivateKey}, from which the connector
 *     mints them. With neither, {@code RevokeFineGrainedTokens} parks for an operator. Never logged
 * @param appId the GitHub App's id, to mint installation tokens; with the next two, or null
 * @param appInstallationId the app's installation id on the organisation
 * @param appPrivateKey the app's private key, PEM (PKCS#1 as GitHub issues it, or PKCS#8); in the
 *     worker's YAML a reference ({@code file:/run/secrets/github-app.pem}); never logged
 * @param mappingFile CSV ({@code employeeId,email,login} with that header) or YAML (a list of
 *     {@code {employeeId, email, login}}) mapping people to logins, used where the organisation has
 *     no SAML SSO or SAML knows no identity for the person; null for none
 */
public record GithubConfig(
    String apiUrl,
    String organization,
    String token,
    String appInstallationToken,
    Long appId,
    Long appInstallationId,
    String appPrivateKey,
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
    if (appPrivateKey != null && appPrivateKey.isBlank()) {
      appPrivateKey = null;
    }
    int app =
        (appId == null ? 0 : 1)
            + (appInstallationId == null ? 0 : 1)
            + (appPrivateKey == null ? 0 : 1);
    if (app != 0 && app != 3) {
      throw new IllegalArgumentException(
          "appId, appInstallationId and appPrivateKey go together: give all three or none");
    }
    if (app == 3 && appInstallationToken != null) {
      throw new IllegalArgumentException(
          "give appInstallationToken or the app (appId, appInstallationId, appPrivateKey), not both");
    }
  }

  /**
   * An organisation owner's token, an installation token (or none) and a mapping file (or none).
   */
  public GithubConfig(
      String apiUrl,
      String organization,
      String token,
      String appInstallationToken,
      String mappingFile) {
    this(apiUrl, organization, token, appInstallationToken, null, null, null, mappingFile);
  }

  /** Whether installation tokens are minted from the app's key. */
  public boolean mintsAppTokens() {
    return appPrivateKey != null;
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
    return new GithubConfig(
        apiUrl,
        organization,
        token,
        appInstallationToken,
        appId,
        appInstallationId,
        appPrivateKey,
        path);
  }

  /** The same, minting installation tokens for this app instead of a fixed one. */
  public GithubConfig withApp(long id, long installationId, String privateKeyPem) {
    return new GithubConfig(
        apiUrl, organization, token, null, id, installationId, privateKeyPem, mappingFile);
  }

  /**
   * GitHub's GraphQL endpoint for this REST root: {@code https://api.github.com/graphql}, or {@code
   * https://HOST/api/graphql} for Enterprise Server's {@code https://HOST/api/v3}.
   */
  public String graphqlUrl() {
    return apiUrl.endsWith("/api/v3")
        ? apiUrl.substring(0, apiUrl.length() - 2) + "graphql"
        : apiUrl + "/graphql";
  }

  @Override
  public String toString() {
    return "GithubConfig[apiUrl="
        + apiUrl
        + ", organization="
        + organization
        + ", token=***"
        + ", appInstallationToken="
        + (appInstallationToken == null ? "none" : "***")
        + ", appId="
        + appId
        + ", appInstallationId="
        + appInstallationId
        + ", appPrivateKey="
        + (appPrivateKey == null ? "none" : "***")
        + ", mappingFile="
        + mappingFile
        + "]";
  }
}
