package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /users/{id}/appRoleAssignments}: list, create ({@code {principalId, resourceId,
 * appRoleId}} → 201 with a new id) and delete. Seeded per user from {@code
 * graph.users[].appRoleAssignments} ({@code resourceId}, {@code appRoleId}, optional {@code id});
 * the resources are {@link EnterpriseApps}.
 *
 * <p>Graph refuses a second assignment of the same role to the same principal with 400 "Permission
 * being assigned already exists on the object." (widely quoted by client code; not in Microsoft's
 * documentation). UNCONFIRMED: the delete of an assignment that is already gone (here 404 {@code
 * Request_ResourceNotFound}), and the answers to an unknown resource or app role (here 400, with
 * the wording clients quote).
 */
public final class AppRoleAssignments implements GraphRoute {
  private static final String PERMISSION = "AppRoleAssignment.ReadWrite.All";

  /** One assignment of an app role of a resource to a user. */
  public record Assignment(
      String id, String principalId, String resourceId, String appRoleId, String createdDateTime) {}

  private final GraphTenant tenant;
  private final EnterpriseApps apps;
  private final Map<String, List<Assignment>> byUser = new LinkedHashMap<>();

  AppRoleAssignments(GraphTenant tenant, EnterpriseApps apps, JsonNode seed) {
    this.tenant = tenant;
    this.apps = apps;
    for (JsonNode u : seed.path("users")) {
      String userId = u.path("id").asText();
      List<Assignment> list = new ArrayList<>();
      for (JsonNode a : u.path("appRoleAssignments")) {
        list.add(
            new Assignment(
                a.path("id").asText(EnterpriseApps.newKeyId()),
                userId,
                a.path("resourceId").asText(),
                a.path("appRoleId").asText(EnterpriseApps.DEFAULT_ACCESS),
                "2025-03-01T10:00:00Z"));
      }
      byUser.put(userId, list);
    }
  }

  @Override
  public boolean serves(String[] p) {
    return p.length >= 3 && p[0].equals("users") && p[2].equals("appRoleAssignments");
  }

  @Override
  public String permission(String method, String[] p) {
    return method.equals("GET") ? null : PERMISSION;
  }

  @Override
  public HttpResponse handle(HttpRequest r, String[] p, JsonNode body) {
    GraphTenant.User u = tenant.user(p[1]);
    if (u == null) {
      return GraphJson.notFound(p[1]);
    }
    List<Assignment> list = byUser.computeIfAbsent(u.id, id -> new ArrayList<>());
    String route = r.method() + " " + p.length;
    return switch (route) {
      case "GET 3" ->
          HttpResponse.json(
              200,
              Map.of(
                  "@odata.context",
                  "https://graph.microsoft.com/v1.0/$metadata#users('"
                      + u.id
                      + "')/appRoleAssignments",
                  "value",
                  list.stream().map(a -> json(u, a)).toList()));
      case "POST 3" -> create(u, list, body);
      case "DELETE 4" ->
          list.removeIf(a -> a.id().equals(p[3]))
              ? HttpResponse.empty(204)
              : GraphJson.notFound(p[3]);
      default -> GraphJson.unsupported(r.method(), p);
    };
  }

  private HttpResponse create(GraphTenant.User u, List<Assignment> list, JsonNode body) {
    String principalId = body.path("principalId").asText("");
    String resourceId = body.path("resourceId").asText("");
    String appRoleId = body.path("appRoleId").asText(EnterpriseApps.DEFAULT_ACCESS);
    if (!principalId.equals(u.id)) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "The principalId in the request body must be the user in the request URL.");
    }
    EnterpriseApps.App resource = apps.byId.get(resourceId);
    if (resource == null) {
      return GraphJson.error(
          400, "Request_BadRequest", "Invalid object identifier '" + resourceId + "'.");
    }
    if (!appRoleId.equals(EnterpriseApps.DEFAULT_ACCESS)
        && !resource.appRoleIds().contains(appRoleId)) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "Permission being assigned was not found on application '" + resource.appId() + "'.");
    }
    if (list.stream()
        .anyMatch(a -> a.resourceId().equals(resourceId) && a.appRoleId().equals(appRoleId))) {
      return GraphJson.error(
          400, "Request_BadRequest", "Permission being assigned already exists on the object.");
    }
    Assignment a =
        new Assignment(
            EnterpriseApps.newKeyId(), u.id, resourceId, appRoleId, Instant.now().toString());
    list.add(a);
    return HttpResponse.json(201, json(u, a));
  }

  private Map<String, Object> json(GraphTenant.User u, Assignment a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("deletedDateTime", null);
    m.put("appRoleId", a.appRoleId());
    m.put("createdDateTime", a.createdDateTime());
    m.put("principalDisplayName", u.displayName);
    m.put("principalId", u.id);
    m.put("principalType", "User");
    EnterpriseApps.App resource = apps.byId.get(a.resourceId());
    m.put("resourceDisplayName", resource == null ? null : resource.displayName());
    m.put("resourceId", a.resourceId());
    return m;
  }

  // ---- what tests read -----------------------------------------------------------------------

  /** The user's app role assignments, oldest first; empty for an unknown user. */
  public List<Assignment> of(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      return u == null ? List.of() : List.copyOf(byUser.getOrDefault(u.id, List.of()));
    }
  }
}
