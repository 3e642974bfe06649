package dev.leaver.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SCIM 2.0 Users at {@code /slack/scim/v2/Users}: read, search, PATCH {@code active} and DELETE
 * (which, in Slack, deactivates rather than removes). Bots are not SCIM resources, as in Slack.
 */
final class ScimApi {
  static final String BASE = "/slack/scim/v2/";
  private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
  private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
  private static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  /** The scope Slack's SCIM API needs: a token of an org admin or owner with {@code admin}. */
  static final String SCOPE = "admin";

  private static final Pattern EQ_FILTER =
      Pattern.compile("^\\s*([A-Za-z.]+)\\s+eq\\s+\"([^\"]*)\"\\s*$", Pattern.CASE_INSENSITIVE);

  private final SlackTenant tenant;

  ScimApi(SlackTenant tenant) {
    this.tenant = tenant;
  }

  HttpResponse handle(String rest, HttpRequest request) {
    String auth = request.header("Authorization");
    boolean bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7);
    String token = bearer ? auth.substring(7).trim() : null;
    Optional<SlackTenant.Token> known = tenant.token(token);
    if (known.isEmpty()) {
      return error(401, token == null ? "not_authed" : "invalid_authentication");
    }
    if (!tenant.scopes(known.get()).contains(SCOPE)) {
      return error(403, "missing_scope: the SCIM API needs a token with the admin scope");
    }
    if (rest.equals("Users")) {
      return request.method().equals("GET") ? search(request.query()) : error(405, "not allowed");
    }
    if (!rest.startsWith("Users/") || rest.indexOf('/', 6) >= 0) {
      return error(404, "not emulated: " + rest);
    }
    String id = rest.substring(6);
    Optional<SlackUser> user = tenant.user(id).filter(u -> !u.bot());
    if (user.isEmpty()) {
      return error(404, "User " + id + " not found");
    }
    return switch (request.method()) {
      case "GET" -> HttpResponse.json(200, scimUser(user.get()));
      case "PATCH" -> patch(user.get(), request);
      case "DELETE" -> delete(user.get());
      default -> error(405, request.method() + " is not emulated");
    };
  }

  private HttpResponse search(Map<String, String> query) {
    Predicate<SlackUser> match = u -> !u.bot();
    String filter = query.get("filter");
    if (filter != null && !filter.isBlank()) {
      Matcher m = EQ_FILTER.matcher(filter);
      if (!m.matches()) {
        return error(400, "invalidFilter: only <attribute> eq \"value\" is emulated");
      }
      String attr = m.group(1).toLowerCase(Locale.ROOT);
      String value = m.group(2);
      Predicate<SlackUser> byAttr =
          switch (attr) {
            case "username" -> u -> u.name().equalsIgnoreCase(value);
            case "email", "emails.value" ->
                u -> u.email() != null && u.email().equalsIgnoreCase(value);
            default -> null;
          };
      if (byAttr == null) {
        return error(400, "invalidFilter: cannot filter on " + m.group(1));
      }
      match = match.and(byAttr);
    }
    List<SlackUser> all = tenant.users().stream().filter(match).toList();
    int start = Math.max(1, parse(query.get("startIndex"), 1));
    int count = Math.max(0, Math.min(1000, parse(query.get("count"), 100)));
    List<Object> page = new ArrayList<>();
    for (int i = start - 1; i < all.size() && page.size() < count; i++) {
      page.add(scimUser(all.get(i)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemas", List.of(LIST_SCHEMA));
    body.put("totalResults", all.size());
    body.put("itemsPerPage", page.size());
    body.put("startIndex", start);
    body.put("Resources", page);
    return HttpResponse.json(200, body);
  }

  /** Accepts {@code path: active} with a boolean, or no path with {@code {"active": bool}}. */
  private HttpResponse patch(SlackUser user, HttpRequest request) {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(request.body());
    } catch (IOException e) {
      return error(400, "invalidSyntax: " + e.getMessage());
    }
    JsonNode ops = body == null ? null : body.get("Operations");
    if (ops == null || !ops.isArray() || ops.isEmpty()) {
      return error(400, "invalidSyntax: PatchOp needs Operations");
    }
    Boolean active = null;
    for (JsonNode op : ops) {
      String kind = op.path("op").asText("").toLowerCase(Locale.ROOT);
      if (!kind.equals("replace") && !kind.equals("add")) {
        return error(400, "invalidValue: op " + kind + " is not emulated");
      }
      JsonNode value = activeValue(op);
      if (value == null || !value.isBoolean()) {
        return error(400, "invalidValue: only a boolean active is emulated, got " + op);
      }
      active = value.asBoolean();
    }
    if (!active && user.primaryOwner()) {
      return error(400, "mutability: the primary owner cannot be deactivated");
    }
    boolean wanted = active;
    if (user.active() == wanted) {
      dev.leaver.sandbox.TenantChanges.none();
    }
    SlackUser updated = tenant.update(user.id(), u -> u.withActive(wanted)).orElseThrow();
    return HttpResponse.json(200, scimUser(updated));
  }

  /** The operation's new {@code active}, or null when it touches anything else. */
  private static JsonNode activeValue(JsonNode op) {
    JsonNode path = op.get("path");
    if (path == null || path.isNull()) {
      return op.path("value").get("active");
    }
    return "active".equalsIgnoreCase(path.asText()) ? op.get("value") : null;
  }

  /**
   * Slack documents DELETE as "sets a Slack user to deactivated". What a repeat DELETE answers is
   * not documented; the emulator answers 204 again, and the connector does not rely on it.
   */
  private HttpResponse delete(SlackUser user) {
    if (user.primaryOwner()) {
      return error(400, "mutability: the primary owner cannot be deactivated");
    }
    tenant.update(user.id(), u -> u.withActive(false));
    return HttpResponse.empty(204);
  }

  private Map<String, Object> scimUser(SlackUser u) {
    String[] names = u.realName().split(" ", 2);
    Map<String, Object> name = new LinkedHashMap<>();
    name.put("givenName", names[0]);
    name.put("familyName", names.length > 1 ? names[1] : "");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schemas", List.of(USER_SCHEMA));
    json.put("id", u.id());
    json.put("externalId", "");
    json.put("userName", u.name());
    json.put("nickName", u.name());
    json.put("name", name);
    json.put("displayName", u.realName());
    json.put("userType", u.admin() ? "Admin" : "User");
    json.put("active", u.active());
    if (u.email() != null) {
      json.put("emails", List.of(Map.of("value", u.email(), "primary", true)));
    }
    json.put("meta", Map.of("resourceType", "User", "location", BASE + "Users/" + u.id()));
    return json;
  }

  private static HttpResponse error(int status, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemas", List.of(ERROR_SCHEMA));
    body.put("detail", detail);
    body.put("status", Integer.toString(status));
    return HttpResponse.json(status, body);
  }

  private static int parse(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
