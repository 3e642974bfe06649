package dev.leaver.activities.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.scim2.SCIM2ApiException;
import dev.leaver.activities.target.PermissionCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Slack's preflight. Slack names a token's scopes in the {@code x-oauth-scopes} header of every Web
 * API answer, so one {@code auth.test} (read-only) shows the Web API scopes; SCIM access (the
 * {@code admin} scope, an org admin's token and a Business+ or Enterprise plan) is proved with a
 * read-only SCIM {@code GET /Users?count=1}.
 */
final class SlackPreflight {
  /** Web API scope → what needs it. */
  private static final Map<String, String> WEB_SCOPES =
      Map.of(
          "users:read", "users.info (snapshots, verification)",
          "users:read.email", "users.lookupByEmail (resolve)",
          "admin.users:write", "admin.users.session.reset (ResetSessions)");

  private static final List<String> ORDER =
      List.of("users:read", "users:read.email", "admin.users:write");
  private static final String SCIM_SCOPE = "admin";

  /** auth.test error codes that mean the token itself is refused. */
  private static final Set<String> REFUSED =
      Set.of(
          "not_authed",
          "invalid_auth",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "not_allowed_token_type");

  private final SlackClient client;

  SlackPreflight(SlackClient client) {
    this.client = client;
  }

  List<PermissionCheck> check() {
    AuthTestResponse auth;
    try {
      auth = client.authTest();
    } catch (SlackApiException e) {
      return every(
          PermissionCheck.Status.BLOCKED,
          "auth.test answered HTTP " + e.getResponse().code(),
          "wait for Slack to recover; the worker checks again");
    } catch (IOException e) {
      return every(
          PermissionCheck.Status.BLOCKED,
          "Slack is unreachable: " + e.getClass().getSimpleName() + " " + e.getMessage(),
          "check that the Slack API is reachable from the worker");
    }
    if (!auth.isOk()) {
      if (REFUSED.contains(auth.getError())) {
        return every(
            PermissionCheck.Status.BLOCKED,
            "Slack refused the token: " + auth.getError(),
            "put a valid org admin user token (xoxp-) in systems.slack.adminToken");
      }
      return every(PermissionCheck.Status.UNKNOWN, "auth.test: " + auth.getError(), null);
    }
    List<PermissionCheck> rows = new ArrayList<>();
    Set<String> scopes = scopes(auth.getHttpResponseHeaders());
    for (String scope : ORDER) {
      String neededBy = WEB_SCOPES.get(scope);
      if (scopes == null) {
        rows.add(PermissionCheck.unknown(scope, "auth.test sent no x-oauth-scopes header", null));
      } else if (scopes.contains(scope)) {
        rows.add(PermissionCheck.granted(scope, "in the token's x-oauth-scopes"));
      } else {
        rows.add(
            PermissionCheck.missing(
                scope,
                "not in the token's x-oauth-scopes; " + neededBy + " will park for an operator",
                "add the user token scope "
                    + scope
                    + " to the Slack app, reinstall it to the org and"
                    + " put the new token in systems.slack.adminToken"));
      }
    }
    rows.add(scim());
    return rows;
  }

  private PermissionCheck scim() {
    try {
      client.scimProbe();
      return PermissionCheck.granted(SCIM_SCOPE, "SCIM GET /Users answered 200");
    } catch (SCIM2ApiException e) {
      int status = e.getResponse().code();
      if (status == 401 || status == 403) {
        return PermissionCheck.missing(
            SCIM_SCOPE,
            "SCIM GET /Users answered " + status + "; DeactivateUser will park for an operator",
            "use a token of an org owner or admin with the admin scope; SCIM needs a Business+ or"
                + " Enterprise plan");
      }
      return PermissionCheck.unknown(SCIM_SCOPE, "SCIM GET /Users answered " + status, null);
    } catch (IOException e) {
      return PermissionCheck.unknown(
          SCIM_SCOPE, "SCIM unreachable: " + e.getClass().getSimpleName(), null);
    }
  }

  /** The token's scopes from {@code x-oauth-scopes}; null when Slack did not send the header. */
  private static Set<String> scopes(Map<String, List<String>> headers) {
    if (headers == null) {
      return null;
    }
    return headers.entrySet().stream()
        .filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase("x-oauth-scopes"))
        .findFirst()
        .map(
            h ->
                h.getValue().stream()
                    .flatMap(v -> Arrays.stream(v.split(",")))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.toSet()))
        .orElse(null);
  }

  private static List<PermissionCheck> every(
      PermissionCheck.Status status, String detail, String howToGrant) {
    List<PermissionCheck> rows = new ArrayList<>();
    ORDER.forEach(s -> rows.add(new PermissionCheck(s, status, detail, howToGrant)));
    rows.add(new PermissionCheck(SCIM_SCOPE, status, detail, howToGrant));
    return rows;
  }
}
