package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OneDrive: the root item, invitations and permissions. */
final class Drives {
  private final GraphTenant tenant;

  Drives(GraphTenant tenant) {
    this.tenant = tenant;
  }

  HttpResponse handle(String route, String[] p, JsonNode body) {
    if (!route.contains("drives/{}")) {
      return GraphJson.error(400, "BadRequest", "Unsupported request in the sandbox: " + route);
    }
    GraphTenant.Drive d = tenant.drivesByUser.values().stream().filter(x -> x.id.equals(p[1]))
        .findFirst().orElse(null);
    if (d == null) {
      return GraphJson.error(404, "itemNotFound", "The resource could not be found.");
    }
    if (p.length > 3 && !p[3].equals(d.rootId)) {
      return GraphJson.error(404, "itemNotFound", "The resource could not be found.");
    }
    return switch (route) {
      case "GET drives/{}/root" -> HttpResponse.json(200, Map.of("id", d.rootId, "name", "root", "root", Map.of()));
      case "POST drives/{}/items/{}/invite" -> invite(d, body);
      case "GET drives/{}/items/{}/permissions" -> HttpResponse.json(200,
          Map.of("value", d.permissions.stream().map(GraphJson::permission).toList()));
      case "DELETE drives/{}/items/{}/permissions/{}" ->
          d.permissions.removeIf(x -> x.id().equals(p[5])) ? HttpResponse.empty(204)
              : GraphJson.error(404, "itemNotFound", "The resource could not be found.");
      default -> GraphJson.error(400, "BadRequest", "Unsupported request in the sandbox: " + route);
    };
  }

  private HttpResponse invite(GraphTenant.Drive d, JsonNode body) {
    List<String> roles = new ArrayList<>();
    body.path("roles").forEach(r -> roles.add(r.asText()));
    if (roles.isEmpty() || body.path("recipients").isEmpty()) {
      return GraphJson.error(400, "invalidRequest", "recipients and roles are required");
    }
    List<Object> granted = new ArrayList<>();
    for (JsonNode recipient : body.path("recipients")) {
      String email = recipient.path("email").asText();
      GraphTenant.Permission existing = d.permissions.stream()
          .filter(x -> x.email().equalsIgnoreCase(email) && x.roles().equals(roles)).findFirst().orElse(null);
      if (existing == null) {
        existing = new GraphTenant.Permission("perm-" + tenant.nextPermission++, List.copyOf(roles), email);
        d.permissions.add(existing);
      }
      granted.add(GraphJson.permission(existing));
    }
    return HttpResponse.json(200, Map.of("value", granted));
  }
}
