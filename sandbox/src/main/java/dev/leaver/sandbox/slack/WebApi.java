package dev.leaver.sandbox.slack;

import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Web API methods the connector uses, at {@code /slack/api/<method>}. Like Slack, every answer
 * that reaches a method is HTTP 200 with {@code ok} true or false; only rate limits and server
 * faults use other status codes. Every answer to a known token carries the token's scopes in {@code
 * x-oauth-scopes}, as Slack's does.
 */
final class WebApi {
  /** Scope each emulated method needs; an empty string means any valid token. */
  private static final Map<String, String> SCOPES =
      Map.of(
          "auth.test", "",
          "users.lookupByEmail", "users:read.email",
          "users.info", "users:read",
          "admin.users.session.reset", "admin.users:write");

  private final SlackTenant tenant;

  WebApi(SlackTenant tenant) {
    this.tenant = tenant;
  }

  HttpResponse handle(String method, HttpRequest request) {
    if (!request.method().equals("POST") && !request.method().equals("GET")) {
      return HttpResponse.text(405, "Slack Web API methods take GET or POST");
    }
    String needed = SCOPES.get(method);
    if (needed == null) {
      return error("unknown_method");
    }
    Map<String, String> args = new LinkedHashMap<>(request.query());
    args.putAll(request.form());
    String presented = bearer(request, args);
    if (tenant.revoked(presented)) {
      return error("token_revoked");
    }
    Optional<SlackTenant.Token> token = tenant.token(presented);
    if (token.isEmpty()) {
      return error(presented == null ? "not_authed" : "invalid_auth");
    }
    Set<String> scopes = tenant.scopes(token.get());
    // Slack names the token's scopes on every answer to a known token, errors included.
    return answer(method, needed, scopes, token.get(), args)
        .withHeader("x-oauth-scopes", String.join(",", scopes));
  }

  private HttpResponse answer(
      String method,
      String needed,
      Set<String> scopes,
      SlackTenant.Token token,
      Map<String, String> args) {
    if (!needed.isEmpty() && !scopes.contains(needed)) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("ok", false);
      body.put("error", "missing_scope");
      body.put("needed", needed);
      body.put("provided", String.join(",", scopes));
      dev.leaver.sandbox.TenantChanges.none();
      return HttpResponse.json(200, body);
    }
    if (!method.equals("admin.users.session.reset")) {
      dev.leaver.sandbox.TenantChanges.none(); // Slack's reads are POSTs too
    }
    return switch (method) {
      case "auth.test" -> authTest(token);
      case "users.lookupByEmail" -> lookupByEmail(args.get("email"));
      case "users.info" -> usersInfo(args.get("user"));
      case "admin.users.session.reset" -> sessionReset(args.get("user_id"));
      default -> error("unknown_method");
    };
  }

  /** Slack takes the token from the Authorization header or, for older clients, a form field. */
  private static String bearer(HttpRequest request, Map<String, String> args) {
    String auth = request.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    return args.get("token");
  }

  private HttpResponse authTest(SlackTenant.Token token) {
    SlackTenant.Team team = tenant.team();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ok", true);
    body.put("url", "https://" + team.domain() + ".slack.com/");
    body.put("team", team.name());
    body.put("user", token.userName());
    body.put("team_id", team.id());
    body.put("user_id", token.userId());
    body.put("enterprise_id", team.enterpriseId());
    return HttpResponse.json(200, body);
  }

  /** Slack documents that a deactivated member's address answers users_not_found. */
  private HttpResponse lookupByEmail(String email) {
    return tenant
        .userByEmail(email)
        .filter(SlackUser::active)
        .map(u -> ok("user", userJson(u)))
        .orElseGet(() -> error("users_not_found"));
  }

  private HttpResponse usersInfo(String userId) {
    return tenant
        .user(userId)
        .map(u -> ok("user", userJson(u)))
        .orElseGet(() -> error("user_not_found"));
  }

  private HttpResponse sessionReset(String userId) {
    if (userId == null || userId.isBlank()) {
      return error("invalid_arguments");
    }
    Optional<SlackUser> user = tenant.user(userId);
    if (user.isEmpty()) {
      return error("user_not_found");
    }
    if (user.get().bot()) {
      return error("cannot_reset_bot");
    }
    if (user.get().primaryOwner()) {
      return error("cannot_reset_primary_owner");
    }
    if (user.get().activeSessions() == 0) {
      dev.leaver.sandbox.TenantChanges.none(); // nobody signed in: nothing to sign out
    }
    tenant.update(userId, u -> u.withSessionsReset(tenant.now()));
    return HttpResponse.json(200, Map.of("ok", true));
  }

  private Map<String, Object> userJson(SlackUser u) {
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("real_name", u.realName());
    profile.put("display_name", u.name());
    if (u.email() != null) {
      profile.put("email", u.email());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", u.id());
    json.put("team_id", tenant.team().id());
    json.put("name", u.name());
    json.put("deleted", u.deleted());
    json.put("real_name", u.realName());
    json.put("profile", profile);
    json.put("is_admin", u.admin());
    json.put("is_owner", u.owner());
    json.put("is_primary_owner", u.primaryOwner());
    json.put("is_bot", u.bot());
    json.put("is_app_user", false);
    json.put("enterprise_id", tenant.team().enterpriseId());
    return json;
  }

  private static HttpResponse ok(String key, Object value) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ok", true);
    body.put(key, value);
    return HttpResponse.json(200, body);
  }

  private static HttpResponse error(String code) {
    dev.leaver.sandbox.TenantChanges.none(); // Slack answers its errors 200 {"ok": false}
    return HttpResponse.json(200, Map.of("ok", false, "error", code));
  }
}
