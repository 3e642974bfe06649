package dev.leaver.sandbox.scim;

import static dev.leaver.sandbox.scim.ScimErrors.error;
import static dev.leaver.sandbox.scim.ScimErrors.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 7644 {@code /Users} endpoint held in memory: GET, search with {@code eq} filters ({@code
 * userName} case-insensitive as RFC 7643 defines it, {@code externalId} and {@code id}
 * case-sensitive), POST (409 {@code uniqueness} on a userName taken in any case), PUT (replaces the
 * whole resource), PATCH (add, replace, remove of top-level attributes; 200 with the user), DELETE
 * (204, then 404; the user leaves its groups), and {@link EmulatedGroups}. Every user carries a
 * version ({@code ETag: W/"n"}, {@code meta.version}) that only a real change moves on; a write
 * with a stale {@code If-Match} gets 412.
 */
final class EmulatedApp implements ScimApp {
  static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  private static final Pattern EQ =
      Pattern.compile(
          "^\\s*([A-Za-z.]+)\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$", Pattern.CASE_INSENSITIVE);
  private static final List<String> READ_ONLY = List.of("id", "meta", "schemas");

  private final String name;
  private final Map<String, ObjectNode> users = new LinkedHashMap<>();
  private final Map<String, Integer> versions = new LinkedHashMap<>();
  private final EmulatedGroups groups;

  EmulatedApp(String name, JsonNode seed) {
    this.name = name;
    for (JsonNode u : seed.path("users")) {
      create((ObjectNode) u.deepCopy());
    }
    groups = new EmulatedGroups(name, seed.path("groups"));
  }

  @Override
  public synchronized HttpResponse handle(String rest, HttpRequest request) {
    if (rest.equals("ServiceProviderConfig")) {
      return serviceProviderConfig();
    }
    if (rest.equals("Users")) {
      return switch (request.method()) {
        case "GET" -> search(request.query());
        case "POST" -> post(request);
        default -> error(405, null, request.method() + " /Users is not allowed");
      };
    }
    if (rest.equals("Groups") || rest.startsWith("Groups/")) {
      return groups.handle(rest, request);
    }
    if (!rest.startsWith("Users/") || rest.indexOf('/', 6) >= 0) {
      return error(404, null, "No resource type found at '" + rest + "'");
    }
    String id = rest.substring(6);
    ObjectNode user = users.get(id);
    if (user == null) {
      return error(404, null, "User '" + id + "' not found");
    }
    String ifMatch = request.header("If-Match");
    if (!request.method().equals("GET")
        && ifMatch != null
        && !ifMatch.equals("*")
        && !ifMatch.equals(etag(id))) {
      return error(412, null, "Failed to update. Resource has changed on the server");
    }
    return switch (request.method()) {
      case "GET" -> found(200, id);
      case "PATCH" -> patch(id, user, request);
      case "PUT" -> put(id, request);
      case "DELETE" -> {
        users.remove(id);
        versions.remove(id);
        groups.userDeleted(id);
        yield HttpResponse.empty(204);
      }
      default -> error(405, null, request.method() + " is not allowed on a user");
    };
  }

  @Override
  public synchronized JsonNode create(ObjectNode user) {
    String id = user.path("id").asText("");
    if (id.isEmpty()) {
      id = UUID.randomUUID().toString();
    }
    user.put("id", id);
    if (!user.has("schemas")) {
      user.putArray("schemas").add(USER_SCHEMA);
    }
    if (!user.has("active")) {
      user.put("active", true);
    }
    users.put(id, user);
    versions.put(id, 1);
    stamp(id, true);
    return user.deepCopy();
  }

  @Override
  public synchronized JsonNode createGroup(ObjectNode group) {
    return groups.create(group);
  }

  @Override
  public synchronized List<JsonNode> groups() {
    return groups.all();
  }

  @Override
  public synchronized List<JsonNode> users() {
    return users.values().stream().map(u -> (JsonNode) u.deepCopy()).toList();
  }

  private HttpResponse post(HttpRequest request) {
    ObjectNode body = body(request);
    if (body == null) {
      return error(
          400,
          "invalidSyntax",
          "Request is unparsable, syntactically incorrect, or violates schema.");
    }
    String userName = body.path("userName").asText("");
    if (userName.isBlank()) {
      return error(400, "invalidValue", "Field 'userName' is required");
    }
    if (taken(userName, null)) {
      return error(
          409,
          "uniqueness",
          "One or more of the attribute values are already in use or are reserved.");
    }
    READ_ONLY.forEach(body::remove);
    JsonNode created = create(body);
    return found(201, created.path("id").asText());
  }

  private HttpResponse put(String id, HttpRequest request) {
    ObjectNode body = body(request);
    if (body == null || body.path("userName").asText("").isBlank()) {
      return error(400, "invalidValue", "Field 'userName' is required");
    }
    if (taken(body.path("userName").asText(), id)) {
      return error(
          409,
          "uniqueness",
          "One or more of the attribute values are already in use or are reserved.");
    }
    READ_ONLY.forEach(body::remove);
    ObjectNode old = users.get(id);
    body.put("id", id);
    body.set("schemas", old.get("schemas"));
    body.set("meta", old.get("meta"));
    users.put(id, body);
    versions.merge(id, 1, Integer::sum);
    stamp(id, false);
    return found(200, id);
  }

  private HttpResponse patch(String id, ObjectNode user, HttpRequest request) {
    ObjectNode body = body(request);
    JsonNode ops = body == null ? null : body.get("Operations");
    if (ops == null || !ops.isArray() || ops.isEmpty()) {
      return error(400, "invalidSyntax", "A PatchOp needs Operations");
    }
    ObjectNode next = user.deepCopy();
    for (JsonNode op : ops) {
      String kind = op.path("op").asText("").toLowerCase(Locale.ROOT);
      JsonNode path = op.get("path");
      JsonNode value = op.get("value");
      if (path != null && !path.asText().matches("[A-Za-z][A-Za-z0-9]*")) {
        return error(400, "invalidPath", "path '" + path.asText() + "' is not emulated");
      }
      String attr = path == null ? null : canonical(path.asText());
      if (attr != null && READ_ONLY.contains(attr)) {
        return error(400, "mutability", "'" + attr + "' is read-only");
      }
      switch (kind) {
        case "add", "replace" -> {
          if (value == null) {
            return error(400, "invalidValue", "op " + kind + " needs a value");
          }
          if (attr == null) {
            if (!value.isObject()) {
              return error(400, "invalidValue", "without a path the value must be an object");
            }
            for (Map.Entry<String, JsonNode> f : value.properties()) {
              next.set(canonical(f.getKey()), normalised(canonical(f.getKey()), f.getValue()));
            }
          } else {
            next.set(attr, normalised(attr, value));
          }
        }
        case "remove" -> {
          if (attr == null) {
            return error(400, "noTarget", "op remove needs a path");
          }
          next.remove(attr);
        }
        default -> {
          return error(400, "invalidSyntax", "unknown op '" + kind + "'");
        }
      }
    }
    if (!next.equals(user)) {
      users.put(id, next);
      versions.merge(id, 1, Integer::sum);
      stamp(id, false);
    }
    return found(200, id);
  }

  /** {@code "False"} as Entra's provisioning sends it is read as the boolean it means. */
  private static JsonNode normalised(String attr, JsonNode value) {
    if (attr.equals("active") && value.isTextual()) {
      return Json.MAPPER.getNodeFactory().booleanNode(Boolean.parseBoolean(value.asText()));
    }
    return value;
  }

  /** Attribute names are case-insensitive (RFC 7643 §2.1): the known ones keep their spelling. */
  private static String canonical(String attr) {
    for (String known :
        List.of(
            "active",
            "userName",
            "externalId",
            "displayName",
            "title",
            "name",
            "emails",
            "nickName",
            "userType",
            "id",
            "meta",
            "schemas")) {
      if (known.equalsIgnoreCase(attr)) {
        return known;
      }
    }
    return attr;
  }

  private HttpResponse search(Map<String, String> query) {
    Predicate<ObjectNode> match = u -> true;
    String filter = query.get("filter");
    if (filter != null && !filter.isBlank()) {
      Matcher m = EQ.matcher(filter);
      if (!m.matches()) {
        return error(400, "invalidFilter", "only <attribute> eq \"value\" is emulated");
      }
      String value = m.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
      match =
          switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "username" -> u -> u.path("userName").asText().equalsIgnoreCase(value);
            case "externalid" ->
                u -> u.has("externalId") && u.path("externalId").asText().equals(value);
            case "id" -> u -> u.path("id").asText().equals(value);
            default -> null;
          };
      if (match == null) {
        return error(400, "invalidFilter", "cannot filter on " + m.group(1));
      }
    }
    List<ObjectNode> all = users.values().stream().filter(match).toList();
    int start = Math.max(1, number(query.get("startIndex"), 1));
    int count = Math.max(0, Math.min(200, number(query.get("count"), 100)));
    List<JsonNode> page = new ArrayList<>();
    for (int i = start - 1; i < all.size() && page.size() < count; i++) {
      page.add(all.get(i));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemas", List.of(LIST_SCHEMA));
    body.put("totalResults", all.size());
    body.put("startIndex", start);
    body.put("itemsPerPage", page.size());
    body.put("Resources", page);
    return scim(HttpResponse.json(200, body));
  }

  private static HttpResponse serviceProviderConfig() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"));
    body.put("patch", Map.of("supported", true));
    body.put("bulk", Map.of("supported", false, "maxOperations", 0, "maxPayloadSize", 0));
    body.put("filter", Map.of("supported", true, "maxResults", 200));
    body.put("changePassword", Map.of("supported", false));
    body.put("sort", Map.of("supported", false));
    body.put("etag", Map.of("supported", true));
    body.put(
        "authenticationSchemes",
        List.of(
            Map.of(
                "type",
                "oauthbearertoken",
                "name",
                "OAuth Bearer Token",
                "description",
                "the app's SCIM token")));
    return scim(HttpResponse.json(200, body));
  }

  private boolean taken(String userName, String except) {
    return users.values().stream()
        .anyMatch(
            u ->
                !u.path("id").asText().equals(except)
                    && u.path("userName").asText().equalsIgnoreCase(userName));
  }

  private HttpResponse found(int status, String id) {
    return scim(HttpResponse.json(status, users.get(id)))
        .withHeader("ETag", etag(id))
        .withHeader("Location", "/scim/" + name + "/v2/Users/" + id);
  }

  private String etag(String id) {
    return "W/\"" + versions.get(id) + "\"";
  }

  private void stamp(String id, boolean created) {
    ObjectNode user = users.get(id);
    ObjectNode meta =
        user.has("meta") && user.get("meta").isObject()
            ? (ObjectNode) user.get("meta")
            : user.putObject("meta");
    String now = Instant.now().toString();
    meta.put("resourceType", "User");
    if (created || !meta.has("created")) {
      meta.put("created", now);
    }
    meta.put("lastModified", now);
    meta.put("location", "/scim/" + name + "/v2/Users/" + id);
    meta.put("version", etag(id));
  }

  private static ObjectNode body(HttpRequest request) {
    try {
      JsonNode n = Json.MAPPER.readTree(request.body());
      return n instanceof ObjectNode o ? o : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static int number(String s, int fallback) {
    try {
      return s == null ? fallback : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
