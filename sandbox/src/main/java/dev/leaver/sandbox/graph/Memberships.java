package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpResponse;

/** Group member references, with the refusals Graph gives for groups it cannot change. */
final class Memberships {
  private final GraphTenant tenant;

  Memberships(GraphTenant tenant) {
    this.tenant = tenant;
  }

  HttpResponse remove(String groupId, String userId) {
    GraphTenant.Group g = tenant.groups.get(groupId);
    if (g == null) {
      return GraphJson.notFound(groupId);
    }
    HttpResponse refused = refusal(g);
    if (refused != null) {
      return refused;
    }
    if (!g.members.remove(userId)) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "One or more removed object references do not "
              + "exist for the following modified properties: 'members'.");
    }
    return HttpResponse.empty(204);
  }

  HttpResponse add(String groupId, JsonNode body) {
    GraphTenant.Group g = tenant.groups.get(groupId);
    if (g == null) {
      return GraphJson.notFound(groupId);
    }
    String ref = body.path("@odata.id").asText("");
    String userId = ref.substring(ref.lastIndexOf('/') + 1);
    if (tenant.users.get(userId) == null) {
      return GraphJson.error(
          400, "Request_BadRequest", "Invalid object identifier '" + userId + "'.");
    }
    HttpResponse refused = refusal(g);
    if (refused != null) {
      return refused;
    }
    if (!g.members.add(userId)) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "One or more added object references already "
              + "exist for the following modified properties: 'members'.");
    }
    return HttpResponse.empty(204);
  }

  private static HttpResponse refusal(GraphTenant.Group g) {
    if (g.dynamic()) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "Insufficient privileges to complete the operation: membership of a dynamic group is set by its rule.");
    }
    if (g.onPremisesSyncEnabled) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "Unable to update the specified properties for "
              + "on-premises mastered Directory Sync objects or objects currently undergoing migration.");
    }
    if (g.mailEnabled && !g.groupTypes.contains("Unified")) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "Cannot Update a mail-enabled security groups and or distribution list.");
    }
    return null;
  }
}
