package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Owners of groups and of app registrations: {@code GET /users/{id}/ownedObjects}, {@code GET
 * /groups/{id}/owners}, {@code POST /groups/{id}/owners/$ref}, {@code DELETE
 * /groups/{id}/owners/{userId}/$ref}, the same under {@code /applications/{id}}, and {@code GET
 * /applications/{id}} with its {@code passwordCredentials} and {@code keyCredentials} (secrets are
 * never returned, only their hints). Seeded from {@code graph.groups[].owners} and {@code
 * graph.applications}.
 *
 * <p>Graph documents that a group's last owner cannot be removed; an app registration may be left
 * without owners. UNCONFIRMED: the body of that refusal (here 400 "The group must have at least one
 * owner ..."), and the answer to removing someone who is not an owner (here 400 "... do not exist
 * ... 'owners'", the form Graph gives for members).
 */
public final class Ownership implements GraphRoute {
  static final class Application {
    String id;
    String appId;
    String displayName;
    final Set<String> owners = new LinkedHashSet<>();
    List<Object> passwordCredentials = List.of();
    List<Object> keyCredentials = List.of();
  }

  private final GraphTenant tenant;
  private final Map<String, Set<String>> groupOwners = new LinkedHashMap<>();
  private final Map<String, Application> applications = new LinkedHashMap<>();

  Ownership(GraphTenant tenant, JsonNode seed) {
    this.tenant = tenant;
    for (JsonNode g : seed.path("groups")) {
      Set<String> owners = new LinkedHashSet<>();
      g.path("owners").forEach(o -> owners.add(o.asText()));
      groupOwners.put(g.path("id").asText(), owners);
    }
    for (JsonNode a : seed.path("applications")) {
      Application app = new Application();
      app.id = a.path("id").asText();
      app.appId = a.path("appId").asText();
      app.displayName = a.path("displayName").asText();
      a.path("owners").forEach(o -> app.owners.add(o.asText()));
      app.passwordCredentials = list(a.path("passwordCredentials"));
      app.keyCredentials = list(a.path("keyCredentials"));
      applications.put(app.id, app);
    }
  }

  @Override
  public boolean serves(String[] p) {
    return p[0].equals("applications")
        || (p[0].equals("groups") && p.length >= 3 && p[2].equals("owners"))
        || (p[0].equals("users") && p.length == 3 && p[2].equals("ownedObjects"));
  }

  @Override
  public String permission(String method, String[] p) {
    if (method.equals("GET")) {
      return null;
    }
    return p[0].equals("groups") ? "Group.ReadWrite.All" : "Application.ReadWrite.All";
  }

  @Override
  public HttpResponse handle(HttpRequest r, String[] p, JsonNode body) {
    if (p[0].equals("users")) {
      GraphTenant.User u = tenant.user(p[1]);
      return u == null
          ? GraphJson.notFound(p[1])
          : HttpResponse.json(
              200,
              Map.of(
                  "@odata.context",
                  "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
                  "value",
                  ownedBy(u.id)));
    }
    if (p.length < 2) {
      return GraphJson.unsupported(r.method(), p);
    }
    boolean group = p[0].equals("groups");
    Application app = group ? null : applications.get(p[1]);
    Set<String> owners = group ? groupOwners.get(p[1]) : app == null ? null : app.owners;
    if (owners == null || (group && !tenant.groups.containsKey(p[1]))) {
      return GraphJson.notFound(p[1]);
    }
    String route =
        r.method()
            + " "
            + String.join("/", List.of(p).subList(2, p.length))
                .replaceFirst("^owners/[^/$]+/\\$ref$", "owners/{}/\\$ref");
    return switch (route) {
      case "GET " ->
          HttpResponse.json(200, GraphJson.select(json(app), r.query().get("$select"), null));
      case "GET owners" ->
          HttpResponse.json(
              200,
              Map.of(
                  "@odata.context",
                  "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
                  "value",
                  owners.stream()
                      .map(tenant.users::get)
                      .filter(java.util.Objects::nonNull)
                      .map(Ownership::owner)
                      .toList()));
      case "POST owners/$ref" -> add(owners, body);
      case "DELETE owners/{}/$ref" -> remove(owners, p[3], group);
      default -> GraphJson.unsupported(r.method(), p);
    };
  }

  private HttpResponse add(Set<String> owners, JsonNode body) {
    String ref = body.path("@odata.id").asText("");
    String userId = ref.substring(ref.lastIndexOf('/') + 1);
    if (tenant.users.get(userId) == null) {
      return GraphJson.error(
          400, "Request_BadRequest", "Invalid object identifier '" + userId + "'.");
    }
    if (!owners.add(userId)) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "One or more added object references already "
              + "exist for the following modified properties: 'owners'.");
    }
    return HttpResponse.empty(204);
  }

  private static HttpResponse remove(Set<String> owners, String userId, boolean group) {
    if (!owners.contains(userId)) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "One or more removed object references do not "
              + "exist for the following modified properties: 'owners'.");
    }
    if (group && owners.size() == 1) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "The group must have at least one owner, hence this owner cannot be removed.");
    }
    owners.remove(userId);
    return HttpResponse.empty(204);
  }

  private List<Object> ownedBy(String userId) {
    List<Object> out = new ArrayList<>();
    groupOwners.forEach(
        (gid, owners) -> {
          GraphTenant.Group g = tenant.groups.get(gid);
          if (g != null && owners.contains(userId)) {
            out.add(GraphJson.group(g));
          }
        });
    applications.values().stream()
        .filter(a -> a.owners.contains(userId))
        .map(Ownership::json)
        .forEach(out::add);
    return out;
  }

  private static Map<String, Object> json(Application a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@odata.type", "#microsoft.graph.application");
    m.put("id", a.id);
    m.put("appId", a.appId);
    m.put("displayName", a.displayName);
    m.put("passwordCredentials", a.passwordCredentials);
    m.put("keyCredentials", a.keyCredentials);
    return m;
  }

  private static Map<String, Object> owner(GraphTenant.User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@odata.type", "#microsoft.graph.user");
    m.put("id", u.id);
    m.put("displayName", u.displayName);
    m.put("userPrincipalName", u.upn);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(JsonNode array) {
    return array.isArray() ? List.copyOf(Json.MAPPER.convertValue(array, List.class)) : List.of();
  }

  // ---- what tests read -----------------------------------------------------------------------

  /**
   * The UPNs of the owners of a group or app registration, by id or display name, in the order they
   * became owners; empty when there is no such object.
   */
  public List<String> ownersOf(String idOrName) {
    synchronized (tenant) {
      Set<String> owners = null;
      for (GraphTenant.Group g : tenant.groups.values()) {
        if (g.id.equals(idOrName) || g.displayName.equals(idOrName)) {
          owners = groupOwners.get(g.id);
        }
      }
      for (Application a : applications.values()) {
        if (a.id.equals(idOrName) || a.displayName.equals(idOrName)) {
          owners = a.owners;
        }
      }
      return owners == null
          ? List.of()
          : owners.stream()
              .map(tenant.users::get)
              .filter(java.util.Objects::nonNull)
              .map(u -> u.upn)
              .toList();
    }
  }
}
