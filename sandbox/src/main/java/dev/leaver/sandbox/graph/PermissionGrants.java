package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delegated permission grants ({@code oAuth2PermissionGrant}): {@code GET
 * /oauth2PermissionGrants?$filter=principalId eq '...'} (the only filter emulated), {@code GET
 * /users/{id}/oauth2PermissionGrants}, {@code POST /oauth2PermissionGrants} and {@code DELETE
 * /oauth2PermissionGrants/{id}}. Seeded per user from {@code graph.users[].oauth2PermissionGrants}
 * ({@code clientId}, {@code resourceId}, {@code scope}); tenant-wide admin consents ({@code
 * AllPrincipals}) are not seeded.
 *
 * <p>A second grant for the same client, resource and principal is refused with 409 {@code
 * Request_MultipleObjectsWithSameKeyValue} "Permission entry already exists." (as client code and a
 * GitHub issue report it; not in Microsoft's documentation). UNCONFIRMED: the delete of a grant
 * that is already gone (here 404 {@code Request_ResourceNotFound}).
 */
public final class PermissionGrants implements GraphRoute {
  private static final String PERMISSION = "DelegatedPermissionGrant.ReadWrite.All";
  private static final Pattern PRINCIPAL_FILTER =
      Pattern.compile("^\\s*principalId\\s+eq\\s+'([^']*)'\\s*$", Pattern.CASE_INSENSITIVE);

  /** One delegated grant: the client may call the resource as the principal, for these scopes. */
  public record Grant(
      String id,
      String clientId,
      String consentType,
      String principalId,
      String resourceId,
      String scope) {}

  private final GraphTenant tenant;
  private final EnterpriseApps apps;
  private final List<Grant> grants = new ArrayList<>();

  PermissionGrants(GraphTenant tenant, EnterpriseApps apps, JsonNode seed) {
    this.tenant = tenant;
    this.apps = apps;
    for (JsonNode u : seed.path("users")) {
      for (JsonNode g : u.path("oauth2PermissionGrants")) {
        grants.add(
            new Grant(
                g.path("id").asText(EnterpriseApps.newKeyId()),
                g.path("clientId").asText(),
                "Principal",
                u.path("id").asText(),
                g.path("resourceId").asText(),
                g.path("scope").asText()));
      }
    }
  }

  @Override
  public boolean serves(String[] p) {
    return p[0].equals("oauth2PermissionGrants")
        || (p.length == 3 && p[0].equals("users") && p[2].equals("oauth2PermissionGrants"));
  }

  @Override
  public String permission(String method, String[] p) {
    return method.equals("GET") ? null : PERMISSION;
  }

  @Override
  public HttpResponse handle(HttpRequest r, String[] p, JsonNode body) {
    if (p[0].equals("users")) {
      GraphTenant.User u = tenant.user(p[1]);
      return u == null
          ? GraphJson.notFound(p[1])
          : r.method().equals("GET")
              ? list(ofPrincipal(u.id))
              : GraphJson.unsupported(r.method(), p);
    }
    String route = r.method() + " " + p.length;
    return switch (route) {
      case "GET 1" -> filtered(r.query().get("$filter"));
      case "POST 1" -> create(body);
      case "DELETE 2" ->
          grants.removeIf(g -> g.id().equals(p[1]))
              ? HttpResponse.empty(204)
              : GraphJson.notFound(p[1]);
      default -> GraphJson.unsupported(r.method(), p);
    };
  }

  private HttpResponse filtered(String filter) {
    if (filter == null) {
      return list(grants);
    }
    Matcher m = PRINCIPAL_FILTER.matcher(filter);
    if (!m.matches()) {
      return GraphJson.error(
          400,
          "Request_UnsupportedQuery",
          "Only $filter=principalId eq '...' is emulated on oauth2PermissionGrants.");
    }
    return list(ofPrincipal(m.group(1)));
  }

  private HttpResponse create(JsonNode b) {
    String clientId = b.path("clientId").asText("");
    String resourceId = b.path("resourceId").asText("");
    String consentType = b.path("consentType").asText("");
    String principalId = b.path("principalId").asText(null);
    if (!apps.byId.containsKey(clientId) || !apps.byId.containsKey(resourceId)) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "Invalid value specified for property "
              + (apps.byId.containsKey(clientId) ? "'resourceId'" : "'clientId'")
              + " of resource 'OAuth2PermissionGrant'.");
    }
    if (consentType.equals("Principal")
        && (principalId == null || tenant.users.get(principalId) == null)) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "Invalid value specified for property 'principalId' of resource 'OAuth2PermissionGrant'.");
    }
    boolean exists =
        grants.stream()
            .anyMatch(
                g ->
                    g.clientId().equals(clientId)
                        && g.resourceId().equals(resourceId)
                        && g.consentType().equals(consentType)
                        && java.util.Objects.equals(g.principalId(), principalId));
    if (exists) {
      return GraphJson.error(
          409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists.");
    }
    Grant g =
        new Grant(
            EnterpriseApps.newKeyId(),
            clientId,
            consentType,
            principalId,
            resourceId,
            b.path("scope").asText(""));
    grants.add(g);
    return HttpResponse.json(201, json(g));
  }

  private List<Grant> ofPrincipal(String principalId) {
    return grants.stream().filter(g -> principalId.equals(g.principalId())).toList();
  }

  private static HttpResponse list(List<Grant> gs) {
    return HttpResponse.json(
        200,
        Map.of(
            "@odata.context",
            "https://graph.microsoft.com/v1.0/$metadata#oauth2PermissionGrants",
            "value",
            gs.stream().map(PermissionGrants::json).toList()));
  }

  private static Map<String, Object> json(Grant g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clientId", g.clientId());
    m.put("consentType", g.consentType());
    m.put("id", g.id());
    m.put("principalId", g.principalId());
    m.put("resourceId", g.resourceId());
    m.put("scope", g.scope());
    return m;
  }

  // ---- what tests read -----------------------------------------------------------------------

  /** The delegated grants the user (id or UPN) has consented to; empty for an unknown user. */
  public List<Grant> of(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      return u == null ? List.of() : List.copyOf(ofPrincipal(u.id));
    }
  }
}
