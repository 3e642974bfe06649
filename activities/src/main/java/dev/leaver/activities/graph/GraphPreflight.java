package dev.leaver.activities.graph;

import com.azure.core.exception.ClientAuthenticationException;
import com.microsoft.graph.models.AppRole;
import com.microsoft.graph.models.AppRoleAssignment;
import com.microsoft.graph.models.AppRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.ServicePrincipal;
import com.microsoft.graph.models.ServicePrincipalCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.target.PermissionCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The preflight of a connector that calls Microsoft Graph: which Graph application permissions the
 * app has been granted, against the ones its actions need. Read from the tenant with three GETs
 * (needs Application.Read.All, itself read-only):
 *
 * <ol>
 *   <li>{@code GET /servicePrincipals?$filter=appId eq '{clientId}'}: the app's service principal;
 *   <li>{@code GET /servicePrincipals?$filter=appId eq '00000003-…'}: Microsoft Graph's own, whose
 *       {@code appRoles} name the permission ids;
 *   <li>{@code GET /servicePrincipals/{id}/appRoleAssignments}: the ids granted to the app.
 * </ol>
 */
public final class GraphPreflight {
  /** Microsoft Graph's application id, the same in every tenant. */
  static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

  /**
   * A permission the actions need, what needs it, and the broader permissions Graph accepts in its
   * place (the "higher privileged" column of each API's permission table).
   *
   * @param permission the Graph application permission, e.g. {@code Mail.Send}
   * @param neededBy what needs it, for the operator: an action name, or "resolve"
   * @param coveredBy broader permissions that grant it too
   */
  public record Need(String permission, String neededBy, List<String> coveredBy) {
    public Need {
      coveredBy = List.copyOf(coveredBy);
    }
  }

  private final GraphServiceClient graph;
  private final String system;
  private final String clientId;
  private final List<Need> needed;

  /**
   * @param system the connector's id, for the hints ({@code systems.<id>.clientId})
   * @param needed the permissions to check, in the order the rows are wanted; kept in step with the
   *     permission each action names when it calls Graph
   */
  public GraphPreflight(
      GraphServiceClient graph, String system, String clientId, List<Need> needed) {
    this.graph = graph;
    this.system = system;
    this.clientId = clientId;
    this.needed = List.copyOf(needed);
  }

  /** One row per needed permission; never throws for Graph's answers. */
  public List<PermissionCheck> check() {
    Set<String> granted;
    try {
      Optional<Set<String>> found = grantedPermissions();
      if (found.isEmpty()) {
        return every(
            PermissionCheck.Status.UNKNOWN,
            "no service principal with appId " + clientId + " in this tenant",
            "check systems."
                + system
                + ".clientId, or create the app's service principal in this tenant");
      }
      granted = found.get();
    } catch (ApiException e) {
      return fromGraphError(e);
    } catch (RuntimeException e) {
      return fromFailure(e);
    }
    List<PermissionCheck> rows = new ArrayList<>();
    for (Need need : needed) {
      Optional<String> through = need.coveredBy().stream().filter(granted::contains).findFirst();
      if (granted.contains(need.permission())) {
        rows.add(PermissionCheck.granted(need.permission(), "granted"));
      } else if (through.isPresent()) {
        rows.add(PermissionCheck.granted(need.permission(), "granted through " + through.get()));
      } else {
        rows.add(
            PermissionCheck.missing(
                need.permission(),
                "not granted to app "
                    + clientId
                    + "; "
                    + need.neededBy()
                    + " will park for an operator",
                "grant the application permission "
                    + need.permission()
                    + " to app "
                    + clientId
                    + " and give admin consent"));
      }
    }
    return rows;
  }

  /** The names of the Graph application permissions granted to the app; empty if it has no SP. */
  private Optional<Set<String>> grantedPermissions() {
    Optional<ServicePrincipal> app = servicePrincipal(clientId);
    if (app.isEmpty()) {
      return Optional.empty();
    }
    ServicePrincipal msGraph =
        servicePrincipal(GRAPH_APP_ID)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the tenant has no Microsoft Graph service principal"));
    Map<UUID, String> names = new HashMap<>();
    for (AppRole role :
        msGraph.getAppRoles() == null ? List.<AppRole>of() : msGraph.getAppRoles()) {
      names.put(role.getId(), role.getValue());
    }
    UUID graphId = UUID.fromString(msGraph.getId());
    Set<String> granted = new HashSet<>();
    var assignments =
        graph.servicePrincipals().byServicePrincipalId(app.get().getId()).appRoleAssignments();
    AppRoleAssignmentCollectionResponse page = assignments.get();
    while (page != null) {
      for (AppRoleAssignment a :
          page.getValue() == null ? List.<AppRoleAssignment>of() : page.getValue()) {
        if (graphId.equals(a.getResourceId()) && names.containsKey(a.getAppRoleId())) {
          granted.add(names.get(a.getAppRoleId()));
        }
      }
      String next = page.getOdataNextLink();
      page = next == null ? null : assignments.withUrl(next).get();
    }
    return Optional.of(granted);
  }

  private Optional<ServicePrincipal> servicePrincipal(String appId) {
    ServicePrincipalCollectionResponse r =
        graph
            .servicePrincipals()
            .get(
                rc -> {
                  rc.queryParameters.filter = "appId eq '" + appId.replace("'", "''") + "'";
                  rc.queryParameters.select = new String[] {"id", "appId", "appRoles"};
                });
    return r == null || r.getValue() == null ? Optional.empty() : r.getValue().stream().findFirst();
  }

  private List<PermissionCheck> fromGraphError(ApiException e) {
    int status = e.getResponseStatusCode();
    String seen = "Graph " + status + " " + GraphErrors.describe(e);
    if (status == 401) {
      return every(
          PermissionCheck.Status.BLOCKED,
          "Graph refused the app's credentials: " + seen,
          credentialsHint());
    }
    if (status == 429 || status >= 500) {
      return every(
          PermissionCheck.Status.BLOCKED,
          "Graph is not answering: " + seen,
          "wait for Graph to recover; the worker checks again");
    }
    return every(
        PermissionCheck.Status.UNKNOWN,
        "cannot read the app's grants: " + seen,
        "grant the application permission Application.Read.All to app "
            + clientId
            + " and give admin consent, so that the check can read the grants");
  }

  /** No answer from Graph: the token endpoint refused the secret, or the network failed. */
  private List<PermissionCheck> fromFailure(RuntimeException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ClientAuthenticationException) {
        return every(
            PermissionCheck.Status.BLOCKED,
            "Entra refused the app's credentials: " + firstLine(c),
            credentialsHint());
      }
      if (c instanceof IOException) {
        return every(
            PermissionCheck.Status.BLOCKED,
            "Graph is unreachable: " + firstLine(c),
            "check that "
                + graph.getRequestAdapter().getBaseUrl()
                + " is reachable from the worker");
      }
    }
    return every(PermissionCheck.Status.UNKNOWN, "the check failed: " + firstLine(e), null);
  }

  private String credentialsHint() {
    return "check systems."
        + system
        + " tenantId, clientId ("
        + clientId
        + ") and clientSecret; a client secret expires";
  }

  private List<PermissionCheck> every(
      PermissionCheck.Status status, String detail, String howToGrant) {
    return needed.stream()
        .map(n -> new PermissionCheck(n.permission(), status, detail, howToGrant))
        .toList();
  }

  private static String firstLine(Throwable t) {
    String m = t.getClass().getSimpleName() + ": " + t.getMessage();
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }
}
