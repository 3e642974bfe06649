package dev.leaver.activities.github;

import dev.leaver.activities.target.PermissionCheck;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * GitHub's preflight, read-only: {@code GET /user} shows whose the owner token is and, for a
 * classic token, its scopes ({@code X-OAuth-Scopes}); {@code GET /orgs/{o}/memberships/{login}}
 * that the token's user is an active owner; a one-item {@code GET /orgs/{o}/personal-access-tokens}
 * that the app token may manage fine-grained tokens.
 */
final class GithubPreflight {
  private static final String OWNER_HOW =
      "use a classic personal access token of an owner of the"
          + " organisation with the admin:org scope (SSO credential authorizations accept no other"
          + " kind) in systems.github.token";
  private static final String APP_HOW =
      "install a GitHub App on the organisation with the"
          + " organisation permission 'Personal access tokens: write' and set systems.github.appId,"
          + " appInstallationId and appPrivateKey (or a fresh appInstallationToken)";

  private final GithubApi api;

  GithubPreflight(GithubApi api) {
    this.api = api;
  }

  List<PermissionCheck> check() {
    GithubApi.Probe me;
    try {
      me = api.probe("/user", false);
    } catch (IOException e) {
      String detail =
          "GitHub is unreachable: " + e.getClass().getSimpleName() + " " + e.getMessage();
      return List.of(
          PermissionCheck.blocked(
              GithubTarget.ADMIN_ORG,
              detail,
              "check that " + api.config().apiUrl() + " is reachable from the worker"),
          PermissionCheck.blocked(GithubTarget.PAT_WRITE, detail, "the same"));
    }
    if (me.status() == 401) {
      String detail = "GitHub refused the token (401 " + me.body().path("message").asText("") + ")";
      return List.of(
          PermissionCheck.blocked(GithubTarget.ADMIN_ORG, detail, OWNER_HOW),
          PermissionCheck.blocked(GithubTarget.PAT_WRITE, detail, OWNER_HOW));
    }
    return List.of(owner(me), pats());
  }

  private PermissionCheck owner(GithubApi.Probe me) {
    String permission = GithubTarget.ADMIN_ORG;
    if (me.status() != 200) {
      return PermissionCheck.missing(
          permission,
          "GET /user answered " + me.status() + ": systems.github.token is not a user's token",
          OWNER_HOW);
    }
    String login = me.body().path("login").asText();
    if (me.scopes() == null) {
      return PermissionCheck.unknown(
          permission,
          "the token of "
              + login
              + " names no OAuth scopes"
              + " (a fine-grained token?): SAML SSO credential authorizations need a classic token",
          OWNER_HOW);
    }
    boolean scoped =
        Arrays.stream(me.scopes().split(",")).map(String::trim).anyMatch(permission::equals);
    if (!scoped) {
      return PermissionCheck.missing(
          permission,
          "the token of "
              + login
              + " has scopes ["
              + me.scopes()
              + "], not admin:org; the membership, invitation, collaborator and SSO"
              + " actions will park for an operator",
          OWNER_HOW);
    }
    try {
      GithubApi.Probe m = api.probe("/orgs/" + api.org() + "/memberships/" + login, false);
      String role = m.body().path("role").asText("");
      String state = m.body().path("state").asText("");
      if (m.status() == 200 && role.equals("admin") && state.equals("active")) {
        return PermissionCheck.granted(
            permission,
            login + " is an owner of " + api.org() + "; token scopes [" + me.scopes() + "]");
      }
      return PermissionCheck.missing(
          permission,
          login
              + " is not an active owner of "
              + api.org()
              + " (membership answered "
              + m.status()
              + (role.isEmpty() ? "" : ", role " + role)
              + ")",
          OWNER_HOW);
    } catch (IOException e) {
      return PermissionCheck.unknown(
          permission, "membership unreadable: " + e.getMessage(), OWNER_HOW);
    }
  }

  private PermissionCheck pats() {
    String permission = GithubTarget.PAT_WRITE;
    if (api.config().appInstallationToken() == null && !api.config().mintsAppTokens()) {
      return PermissionCheck.missing(
          permission,
          "no GitHub App configured:" + " RevokeFineGrainedTokens will park for an operator",
          APP_HOW);
    }
    try {
      GithubApi.Probe p =
          api.probe("/orgs/" + api.org() + "/personal-access-tokens?per_page=1", true);
      if (p.status() == 200) {
        return PermissionCheck.granted(
            permission,
            "the app token lists " + api.org() + "'s fine-grained personal access tokens");
      }
      if (p.status() == 401 || p.status() == 403) {
        return PermissionCheck.missing(
            permission,
            "GET personal-access-tokens answered "
                + p.status()
                + " "
                + p.body().path("message").asText(""),
            APP_HOW);
      }
      return PermissionCheck.unknown(
          permission, "GET personal-access-tokens answered " + p.status(), APP_HOW);
    } catch (IOException e) {
      return PermissionCheck.unknown(permission, "unreachable: " + e.getMessage(), APP_HOW);
    } catch (dev.leaver.activities.target.TargetException e) {
      return PermissionCheck.missing(
          permission, "no installation token: " + e.getMessage(), APP_HOW);
    }
  }
}
