package dev.leaver.sandbox.google;

import static dev.leaver.sandbox.google.GoogleEmulator.GROUP;
import static dev.leaver.sandbox.google.GoogleEmulator.GROUP_MEMBER;
import static dev.leaver.sandbox.google.GoogleEmulator.GROUP_MEMBER_READONLY;
import static dev.leaver.sandbox.google.GoogleEmulator.GROUP_READONLY;
import static dev.leaver.sandbox.google.GoogleEmulator.USER;
import static dev.leaver.sandbox.google.GoogleEmulator.USER_READONLY;
import static dev.leaver.sandbox.google.GoogleEmulator.USER_SECURITY;
import static dev.leaver.sandbox.google.GoogleEmulator.error;
import static dev.leaver.sandbox.google.GoogleEmulator.needs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Directory API v1 routes, called with the tenant locked. Paths are relative to {@code
 * /google/admin/directory/v1/}, split on {@code /}.
 */
final class DirectoryApi {
  private DirectoryApi() {}

  static HttpResponse handle(
      GoogleEmulator emulator,
      Set<String> scopes,
      String method,
      List<String> p,
      Map<String, String> query,
      JsonNode body) {
    GoogleTenant t = emulator.tenant();
    String route = method + " " + p.get(0) + "/" + (p.size() > 1 ? "*" : "") + tail(p);
    HttpResponse denied;
    switch (p.get(0)) {
      case "users" -> {
        if (p.size() == 1 && method.equals("GET")) {
          denied = needs(scopes, USER, USER_READONLY);
          return denied != null ? denied : listUsers(t, query);
        }
        if (p.size() < 2) {
          break;
        }
        GoogleTenant.User u = t.user(p.get(1)).orElse(null);
        if (u == null) {
          return error(404, "notFound", "Resource Not Found: userKey");
        }
        return user(t, scopes, method, p, u, body);
      }
      case "groups" -> {
        if (p.size() == 1 && method.equals("GET")) {
          denied = needs(scopes, GROUP, GROUP_READONLY);
          return denied != null ? denied : listGroups(t, query);
        }
        if (p.size() >= 3 && p.get(2).equals("members")) {
          GoogleTenant.Group g = t.group(p.get(1)).orElse(null);
          if (g == null) {
            return error(404, "notFound", "Resource Not Found: groupKey");
          }
          return members(t, scopes, method, p, g, body);
        }
      }
      default -> {
        // not emulated
      }
    }
    return error(404, "notFound", "not emulated: " + route);
  }

  private static String tail(List<String> p) {
    return p.size() > 2 ? String.join("/", p.subList(2, p.size())) : "";
  }

  private static HttpResponse user(
      GoogleTenant t,
      Set<String> scopes,
      String method,
      List<String> p,
      GoogleTenant.User u,
      JsonNode body) {
    HttpResponse denied;
    if (p.size() == 2) {
      if (method.equals("PUT") || method.equals("PATCH")) {
        return updateUser(t, scopes, u, body);
      }
      if (method.equals("GET")) {
        denied = needs(scopes, USER, USER_READONLY);
        return denied != null ? denied : HttpResponse.json(200, userJson(t, u));
      }
      return error(405, "badRequest", "users/{userKey} takes GET or PUT");
    }
    String sub = p.get(2);
    if (sub.equals("signOut") && method.equals("POST")) {
      denied = needs(scopes, USER_SECURITY);
      if (denied != null) {
        return denied;
      }
      u.activeSessions = 0;
      u.signedOutAt = t.now();
      return HttpResponse.empty(204);
    }
    if (sub.equals("tokens")) {
      denied = needs(scopes, USER_SECURITY);
      if (denied != null) {
        return denied;
      }
      if (p.size() == 3 && method.equals("GET")) {
        List<Map<String, Object>> items = new ArrayList<>();
        u.tokens
            .values()
            .forEach(
                x ->
                    items.add(
                        Map.of(
                            "kind",
                            "admin#directory#token",
                            "clientId",
                            x.clientId(),
                            "displayText",
                            x.displayText(),
                            "scopes",
                            x.scopes(),
                            "nativeApp",
                            x.nativeApp(),
                            "anonymous",
                            false,
                            "userKey",
                            u.id)));
        return HttpResponse.json(200, Map.of("kind", "admin#directory#tokenList", "items", items));
      }
      if (p.size() == 4 && method.equals("DELETE")) {
        return u.tokens.remove(p.get(3)) != null
            ? HttpResponse.empty(204)
            : error(404, "notFound", "Resource Not Found: clientId");
      }
    }
    if (sub.equals("asps")) {
      denied = needs(scopes, USER_SECURITY);
      if (denied != null) {
        return denied;
      }
      if (p.size() == 3 && method.equals("GET")) {
        List<Map<String, Object>> items = new ArrayList<>();
        u.asps
            .values()
            .forEach(
                a ->
                    items.add(
                        Map.of(
                            "kind",
                            "admin#directory#asp",
                            "codeId",
                            a.codeId(),
                            "name",
                            a.name(),
                            "creationTime",
                            Long.toString(a.creationTime()),
                            "lastTimeUsed",
                            Long.toString(a.lastTimeUsed()),
                            "userKey",
                            u.id)));
        return HttpResponse.json(200, Map.of("kind", "admin#directory#aspList", "items", items));
      }
      if (p.size() == 4 && method.equals("DELETE")) {
        int codeId;
        try {
          codeId = Integer.parseInt(p.get(3));
        } catch (NumberFormatException e) {
          return error(400, "invalid", "Invalid codeId");
        }
        return u.asps.remove(codeId) != null
            ? HttpResponse.empty(204)
            : error(404, "notFound", "Resource Not Found: codeId");
      }
    }
    if (sub.equals("verificationCodes")) {
      denied = needs(scopes, USER_SECURITY);
      if (denied != null) {
        return denied;
      }
      if (p.size() == 3 && method.equals("GET")) {
        List<Map<String, Object>> items = new ArrayList<>();
        u.backupCodes.forEach(
            c ->
                items.add(
                    Map.of(
                        "kind",
                        "admin#directory#verificationCode",
                        "userId",
                        u.id,
                        "verificationCode",
                        c)));
        return HttpResponse.json(
            200, Map.of("kind", "admin#directory#verificationCodesList", "items", items));
      }
      if (p.size() == 4 && p.get(3).equals("invalidate") && method.equals("POST")) {
        u.backupCodes.clear();
        return HttpResponse.empty(204);
      }
    }
    return error(404, "notFound", "not emulated: " + method + " users/*/" + sub);
  }

  /** {@code users.update} has patch semantics: only the fields sent change. */
  static HttpResponse updateUser(
      GoogleTenant t, Set<String> scopes, GoogleTenant.User u, JsonNode body) {
    HttpResponse denied = needs(scopes, USER);
    if (denied != null) {
      return denied;
    }
    if (body.has("suspended")) {
      u.suspended = body.path("suspended").asBoolean();
      u.suspensionReason = u.suspended ? "ADMIN" : null;
    }
    return HttpResponse.json(200, userJson(t, u));
  }

  private static HttpResponse listUsers(GoogleTenant t, Map<String, String> query) {
    String q = query.getOrDefault("query", "");
    List<Map<String, Object>> users = new ArrayList<>();
    for (GoogleTenant.User u : t.users.values()) {
      if (q.isBlank() || matches(u, q)) {
        users.add(userJson(t, u));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "admin#directory#users");
    if (!users.isEmpty()) {
      out.put("users", users); // Google leaves the field out when nothing matched
    }
    return HttpResponse.json(200, out);
  }

  /** The search syntax the connector uses: {@code externalId:VALUE} or {@code email:VALUE}. */
  private static boolean matches(GoogleTenant.User u, String q) {
    int colon = q.indexOf(':');
    String field = colon < 0 ? "" : q.substring(0, colon).trim();
    String value = colon < 0 ? q : q.substring(colon + 1).trim().replace("'", "");
    return switch (field) {
      case "externalId" -> u.externalIds.stream().anyMatch(e -> e.get("value").equals(value));
      case "email" -> u.primaryEmail.equalsIgnoreCase(value);
      default -> false;
    };
  }

  private static HttpResponse listGroups(GoogleTenant t, Map<String, String> query) {
    String userKey = query.get("userKey");
    GoogleTenant.User u = userKey == null ? null : t.user(userKey).orElse(null);
    if (userKey != null && u == null) {
      return error(404, "notFound", "Resource Not Found: userKey");
    }
    List<Map<String, Object>> groups = new ArrayList<>();
    for (GoogleTenant.Group g : t.groups.values()) {
      if (u == null || g.members.containsKey(u.id)) {
        groups.add(
            Map.of(
                "kind",
                "admin#directory#group",
                "id",
                g.id,
                "email",
                g.email,
                "name",
                g.name,
                "directMembersCount",
                Integer.toString(g.members.size())));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "admin#directory#groups");
    if (!groups.isEmpty()) {
      out.put("groups", groups);
    }
    return HttpResponse.json(200, out);
  }

  private static HttpResponse members(
      GoogleTenant t,
      Set<String> scopes,
      String method,
      List<String> p,
      GoogleTenant.Group g,
      JsonNode body) {
    HttpResponse denied;
    if (p.size() == 3 && method.equals("POST")) {
      denied = needs(scopes, GROUP, GROUP_MEMBER);
      if (denied != null) {
        return denied;
      }
      String key = body.hasNonNull("id") ? body.path("id").asText() : body.path("email").asText();
      GoogleTenant.User u = t.user(key).orElse(null);
      if (u == null) {
        return error(404, "notFound", "Resource Not Found: memberKey");
      }
      if (g.members.containsKey(u.id)) {
        return error(409, "duplicate", "Member already exists.");
      }
      String role = body.path("role").asText("MEMBER");
      if (!List.of("OWNER", "MANAGER", "MEMBER").contains(role)) {
        return error(400, "invalid", "Invalid role: " + role);
      }
      g.members.put(u.id, role);
      return HttpResponse.json(200, memberJson(u, role));
    }
    if (p.size() != 4) {
      return error(404, "notFound", "not emulated: " + method + " groups/*/members");
    }
    GoogleTenant.User u = t.user(p.get(3)).orElse(null);
    String role = u == null ? null : g.members.get(u.id);
    if (method.equals("GET")) {
      denied = needs(scopes, GROUP, GROUP_READONLY, GROUP_MEMBER, GROUP_MEMBER_READONLY);
      if (denied != null) {
        return denied;
      }
      return role == null
          ? error(404, "notFound", "Resource Not Found: memberKey")
          : HttpResponse.json(200, memberJson(u, role));
    }
    if (method.equals("DELETE")) {
      denied = needs(scopes, GROUP, GROUP_MEMBER);
      if (denied != null) {
        return denied;
      }
      if (role == null) {
        return error(404, "notFound", "Resource Not Found: memberKey");
      }
      g.members.remove(u.id);
      return HttpResponse.empty(204);
    }
    return error(405, "badRequest", method + " groups/*/members/*");
  }

  private static Map<String, Object> memberJson(GoogleTenant.User u, String role) {
    return Map.of(
        "kind",
        "admin#directory#member",
        "id",
        u.id,
        "email",
        u.primaryEmail,
        "role",
        role,
        "type",
        "USER",
        "status",
        "ACTIVE",
        "delivery_settings",
        "ALL_MAIL");
  }

  static Map<String, Object> userJson(GoogleTenant t, GoogleTenant.User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "admin#directory#user");
    m.put("id", u.id);
    m.put("primaryEmail", u.primaryEmail);
    m.put("name", Map.of("fullName", u.fullName));
    m.put("isAdmin", u.admin);
    m.put("suspended", u.suspended);
    if (u.suspensionReason != null) {
      m.put("suspensionReason", u.suspensionReason);
    }
    m.put("customerId", t.customerId);
    if (!u.externalIds.isEmpty()) {
      m.put("externalIds", u.externalIds);
    }
    return m;
  }
}
