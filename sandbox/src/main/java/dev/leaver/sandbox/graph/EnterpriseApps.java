package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The tenant's enterprise applications (service principals) that users are assigned to or have
 * consented to, seeded from {@code graph.servicePrincipals}: id, appId, displayName and the ids of
 * their app roles. Microsoft Graph's own service principal is always there, as the resource of
 * delegated Graph scopes. Guarded by the emulator's lock.
 */
final class EnterpriseApps {
  /** The app role id of "default access", valid on every resource. */
  static final String DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";

  record App(String id, String appId, String displayName, Set<String> appRoleIds) {}

  final Map<String, App> byId = new LinkedHashMap<>();

  EnterpriseApps(JsonNode seed) {
    byId.put(
        AppGrants.GRAPH_SP_ID,
        new App(AppGrants.GRAPH_SP_ID, AppGrants.GRAPH_APP_ID, "Microsoft Graph", Set.of()));
    for (JsonNode sp : seed.path("servicePrincipals")) {
      Set<String> roles = new LinkedHashSet<>();
      sp.path("appRoles").forEach(r -> roles.add(r.path("id").asText()));
      App app =
          new App(
              sp.path("id").asText(),
              sp.path("appId").asText(),
              sp.path("displayName").asText(),
              Set.copyOf(roles));
      byId.put(app.id(), app);
    }
  }

  /**
   * A new object id in the shape Graph gives app role assignments and delegated grants: 43
   * base64url characters (no commas, so it can be a progress item).
   */
  static String newKeyId() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(32);
    bytes
        .putLong(a.getMostSignificantBits())
        .putLong(a.getLeastSignificantBits())
        .putLong(b.getMostSignificantBits())
        .putLong(b.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array()).substring(0, 43);
  }
}
