package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;

/**
 * Deleting a user and the deleted-items bin: {@code DELETE /users/{id}} moves the user there (204),
 * {@code GET /directory/deletedItems/{id}} reads it back, {@code POST
 * /directory/deletedItems/{id}/restore} puts it back (200 with the user). A user synced from
 * on-prem AD cannot be deleted here: 400 as Graph answers for directory-synced objects. All writes
 * need User.DeleteRestore.All (or User.ReadWrite.All / Directory.ReadWrite.All).
 */
final class DeletedItems implements GraphRoute {
  static final String PERMISSION = "User.DeleteRestore.All";
  private final GraphTenant tenant;

  DeletedItems(GraphTenant tenant) {
    this.tenant = tenant;
  }

  HttpResponse delete(GraphTenant.User u) {
    if (u.onPremisesSyncEnabled) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "Unable to update the specified properties for"
              + " on-premises mastered Directory Sync objects or objects currently undergoing migration.");
    }
    tenant.users.remove(u.id);
    tenant.deleted.put(u.id, u);
    return HttpResponse.empty(204);
  }

  @Override
  public boolean serves(String[] p) {
    return p.length >= 3 && p[0].equals("directory") && p[1].equals("deletedItems");
  }

  @Override
  public String permission(String method, String[] p) {
    return method.equals("GET") ? null : PERMISSION;
  }

  @Override
  public HttpResponse handle(HttpRequest r, String[] p, JsonNode body) {
    GraphTenant.User u = tenant.deleted.get(p[2]);
    if (u == null) {
      return GraphJson.notFound(p[2]);
    }
    if (r.method().equals("GET") && p.length == 3) {
      return HttpResponse.json(200, GraphJson.user(tenant, u));
    }
    if (r.method().equals("POST") && p.length == 4 && p[3].equals("restore")) {
      tenant.deleted.remove(u.id);
      tenant.users.put(u.id, u);
      return HttpResponse.json(200, GraphJson.user(tenant, u));
    }
    return GraphJson.unsupported(r.method(), p);
  }
}
