package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * OneDrive: the drive, its root item, invitations and permissions. Graph addresses the same item
 * several ways and the SDK builds {@code /drives/{d}/items/{i}/...}, while the documentation shows
 * {@code /users/{u}/drive/root/...} and {@code /users/{u}/drive/items/{i}/...}: all of them are
 * accepted and mean the same thing. Only the root item exists in the sandbox.
 */
final class Drives {
  private final GraphTenant tenant;

  Drives(GraphTenant tenant) {
    this.tenant = tenant;
  }

  /** True for the paths this class serves. */
  static boolean serves(String[] p) {
    return p[0].equals("drives") || (p[0].equals("users") && p.length > 2 && p[2].equals("drive"));
  }

  HttpResponse handle(String method, String[] p, JsonNode body) {
    GraphTenant.Drive d;
    int at; // index of "root" or "items" after the drive
    if (p[0].equals("users")) {
      GraphTenant.User u = tenant.user(p[1]);
      if (u == null) {
        return GraphJson.notFound(p[1]);
      }
      d = tenant.drivesByUser.get(u.id);
      if (d == null) {
        return GraphJson.error(404, "itemNotFound", "The user's OneDrive is not provisioned.");
      }
      if (p.length == 3 && method.equals("GET")) {
        return HttpResponse.json(
            200,
            Map.of(
                "id",
                d.id,
                "driveType",
                "business",
                "owner",
                Map.of("user", Map.of("id", u.id, "displayName", u.displayName))));
      }
      at = 3;
    } else {
      d =
          p.length > 1
              ? tenant.drivesByUser.values().stream()
                  .filter(x -> x.id.equals(p[1]))
                  .findFirst()
                  .orElse(null)
              : null;
      if (d == null) {
        return itemNotFound();
      }
      at = 2;
    }
    String item;
    int tail;
    if (p.length > at && p[at].equals("root")) {
      item = d.rootId;
      tail = at + 1;
    } else if (p.length > at + 1 && p[at].equals("items")) {
      item = p[at + 1];
      tail = at + 2;
    } else {
      return GraphJson.unsupported(method, p);
    }
    if (!item.equals(d.rootId)) {
      return itemNotFound();
    }
    List<String> rest = Arrays.asList(p).subList(tail, p.length);
    String route =
        method + " " + String.join("/", rest.size() == 2 ? List.of(rest.get(0), "{}") : rest);
    return switch (route) {
      case "GET " ->
          HttpResponse.json(200, Map.of("id", d.rootId, "name", "root", "root", Map.of()));
      case "POST invite" -> invite(d, body);
      case "GET permissions" ->
          HttpResponse.json(
              200, Map.of("value", d.permissions.stream().map(GraphJson::permission).toList()));
      case "GET permissions/{}" ->
          d.permissions.stream()
              .filter(x -> x.id().equals(rest.get(1)))
              .findFirst()
              .map(x -> HttpResponse.json(200, GraphJson.permission(x)))
              .orElseGet(Drives::itemNotFound);
      case "DELETE permissions/{}" ->
          d.permissions.removeIf(x -> x.id().equals(rest.get(1)))
              ? HttpResponse.empty(204)
              : itemNotFound();
      default -> GraphJson.unsupported(method, p);
    };
  }

  /**
   * Grants roles to each recipient. A recipient who already holds exactly these roles gets the
   * existing permission back (same id), which is what Leaver's repeat-safety relies on.
   */
  private HttpResponse invite(GraphTenant.Drive d, JsonNode body) {
    List<String> roles = new ArrayList<>();
    body.path("roles").forEach(r -> roles.add(r.asText()));
    if (roles.isEmpty() || body.path("recipients").isEmpty()) {
      return GraphJson.error(
          400, "invalidRequest", "Invalid request: recipients and roles are required.");
    }
    List<Object> granted = new ArrayList<>();
    boolean added = false;
    for (JsonNode recipient : body.path("recipients")) {
      String email = recipient.path("email").asText();
      GraphTenant.Permission existing =
          d.permissions.stream()
              .filter(x -> x.email().equalsIgnoreCase(email) && x.roles().equals(roles))
              .findFirst()
              .orElse(null);
      if (existing == null) {
        existing =
            new GraphTenant.Permission(
                "perm-" + tenant.nextPermission++, List.copyOf(roles), email);
        d.permissions.add(existing);
        added = true;
      }
      granted.add(GraphJson.permission(existing));
    }
    if (!added) {
      dev.leaver.sandbox.TenantChanges.none(); // the same grant again: Graph hands it back
    }
    return HttpResponse.json(200, Map.of("value", granted));
  }

  private static HttpResponse itemNotFound() {
    return GraphJson.error(404, "itemNotFound", "The resource could not be found.");
  }
}
