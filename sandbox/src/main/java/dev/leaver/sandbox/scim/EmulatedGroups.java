package dev.leaver.sandbox.scim;

import static dev.leaver.sandbox.scim.ScimErrors.error;
import static dev.leaver.sandbox.scim.ScimErrors.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
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
 * An emulated app's {@code /Groups}: GET, search by {@code members.value eq} or {@code displayName
 * eq}, POST, and PATCH adding to {@code members} or removing {@code members[value eq "<id>"]} (a
 * repeat changes nothing); versions and {@code If-Match} as for users. Not thread-safe on its own:
 * {@link EmulatedApp} holds its lock around every call.
 */
final class EmulatedGroups {
  static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
  private static final Pattern EQ =
      Pattern.compile(
          "^\\s*([A-Za-z.]+)\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern MEMBER =
      Pattern.compile(
          "^members\\[\\s*value\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*]$",
          Pattern.CASE_INSENSITIVE);

  private final String app;
  private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
  private final Map<String, Integer> versions = new LinkedHashMap<>();

  EmulatedGroups(String app, JsonNode seed) {
    this.app = app;
    for (JsonNode g : seed) {
      create((ObjectNode) g.deepCopy());
    }
  }

  HttpResponse handle(String rest, HttpRequest request) {
    if (rest.equals("Groups")) {
      return switch (request.method()) {
        case "GET" -> search(request.query());
        case "POST" -> {
          ObjectNode body = body(request);
          yield body == null || body.path("displayName").asText("").isBlank()
              ? error(400, "invalidValue", "Field 'displayName' is required")
              : found(201, create(body).path("id").asText());
        }
        default -> error(405, null, request.method() + " /Groups is not allowed");
      };
    }
    String id = rest.substring("Groups/".length());
    ObjectNode group = groups.get(id);
    if (group == null || id.contains("/")) {
      return error(404, null, "Group '" + id + "' not found");
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
      case "PATCH" -> patch(id, group, request);
      case "DELETE" -> {
        groups.remove(id);
        yield HttpResponse.empty(204);
      }
      default -> error(405, null, request.method() + " is not allowed on a group");
    };
  }

  JsonNode create(ObjectNode group) {
    String id = group.path("id").asText("");
    if (id.isEmpty()) {
      id = UUID.randomUUID().toString();
    }
    group.put("id", id);
    if (!group.has("schemas")) {
      group.putArray("schemas").add(GROUP_SCHEMA);
    }
    if (!group.has("members")) {
      group.putArray("members");
    }
    groups.put(id, group);
    versions.put(id, 1);
    stamp(id);
    return group.deepCopy();
  }

  /** A deleted user leaves every group, as most apps do. */
  void userDeleted(String userId) {
    groups
        .keySet()
        .forEach(
            id -> {
              if (removeMember(groups.get(id), userId)) {
                versions.merge(id, 1, Integer::sum);
                stamp(id);
              }
            });
  }

  List<JsonNode> all() {
    return groups.values().stream().map(g -> (JsonNode) g.deepCopy()).toList();
  }

  private HttpResponse patch(String id, ObjectNode group, HttpRequest request) {
    ObjectNode body = body(request);
    JsonNode ops = body == null ? null : body.get("Operations");
    if (ops == null || !ops.isArray() || ops.isEmpty()) {
      return error(400, "invalidSyntax", "A PatchOp needs Operations");
    }
    ObjectNode next = group.deepCopy();
    for (JsonNode op : ops) {
      String kind = op.path("op").asText("").toLowerCase(Locale.ROOT);
      String path = op.path("path").asText("");
      Matcher member = MEMBER.matcher(path);
      if (kind.equals("remove") && member.matches()) {
        removeMember(next, member.group(1).replace("\\\"", "\""));
      } else if (kind.equals("add")
          && path.equalsIgnoreCase("members")
          && op.path("value").isArray()) {
        ArrayNode members = (ArrayNode) next.get("members");
        for (JsonNode m : op.get("value")) {
          String user = m.path("value").asText();
          boolean there = false;
          for (JsonNode existing : members) {
            there |= existing.path("value").asText().equals(user);
          }
          if (!there) {
            members.addObject().put("value", user);
          }
        }
      } else if (kind.equals("replace") && path.equalsIgnoreCase("displayName")) {
        next.set("displayName", op.path("value"));
      } else {
        return error(400, "invalidPath", "op " + kind + " on '" + path + "' is not emulated");
      }
    }
    if (!next.equals(group)) {
      groups.put(id, next);
      versions.merge(id, 1, Integer::sum);
      stamp(id);
    }
    return found(200, id);
  }

  private static boolean removeMember(ObjectNode group, String userId) {
    ArrayNode members = (ArrayNode) group.get("members");
    for (int i = members.size() - 1; i >= 0; i--) {
      if (members.get(i).path("value").asText().equals(userId)) {
        members.remove(i);
        return true;
      }
    }
    return false;
  }

  private HttpResponse search(Map<String, String> query) {
    Predicate<ObjectNode> match = g -> true;
    String filter = query.get("filter");
    if (filter != null && !filter.isBlank()) {
      Matcher m = EQ.matcher(filter);
      if (!m.matches()) {
        return error(400, "invalidFilter", "only <attribute> eq \"value\" is emulated");
      }
      String value = m.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
      match =
          switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "members.value" ->
                g -> {
                  for (JsonNode member : g.path("members")) {
                    if (member.path("value").asText().equals(value)) {
                      return true;
                    }
                  }
                  return false;
                };
            case "displayname" -> g -> g.path("displayName").asText().equalsIgnoreCase(value);
            default -> null;
          };
      if (match == null) {
        return error(400, "invalidFilter", "cannot filter groups on " + m.group(1));
      }
    }
    List<JsonNode> found = new ArrayList<>(groups.values().stream().filter(match).toList());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemas", List.of(EmulatedApp.LIST_SCHEMA));
    body.put("totalResults", found.size());
    body.put("startIndex", 1);
    body.put("itemsPerPage", found.size());
    body.put("Resources", found);
    return scim(HttpResponse.json(200, body));
  }

  private HttpResponse found(int status, String id) {
    return scim(HttpResponse.json(status, groups.get(id))).withHeader("ETag", etag(id));
  }

  private String etag(String id) {
    return "W/\"g" + versions.get(id) + "\"";
  }

  private void stamp(String id) {
    ObjectNode meta = groups.get(id).putObject("meta");
    meta.put("resourceType", "Group");
    meta.put("location", "/scim/" + app + "/v2/Groups/" + id);
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
}
