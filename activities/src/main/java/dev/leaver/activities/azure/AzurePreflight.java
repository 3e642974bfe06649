package dev.leaver.activities.azure;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Azure's preflight: {@code GET {scope}/providers/Microsoft.Authorization/permissions} (read-only)
 * lists the caller's effective actions and notActions at each configured scope; each action's ARM
 * permission is granted when every scope allows it.
 */
final class AzurePreflight {
  private final Arm arm;
  private final AzureConfig config;
  private final List<String> permissions;

  AzurePreflight(Arm arm, AzureConfig config, List<TargetAction> actions) {
    this.arm = arm;
    this.config = config;
    Set<String> p = new LinkedHashSet<>();
    p.add(Rbac.READ);
    p.add(Rbac.GRAPH_READ);
    actions.forEach(a -> p.add(a.spec().permission()));
    p.add(RemoveRoleAssignments.UNDO_PERMISSION);
    this.permissions = List.copyOf(p);
  }

  List<PermissionCheck> check() {
    List<List<JsonNode>> grants = new ArrayList<>();
    try {
      for (String scope : config.scopes()) {
        List<JsonNode> at = new ArrayList<>();
        arm.send(
                HttpMethod.GET,
                scope + "/providers/Microsoft.Authorization/permissions",
                Arm.RBAC_API,
                null,
                null,
                null,
                Rbac.READ,
                200)
            .body()
            .path("value")
            .forEach(at::add);
        grants.add(at);
      }
    } catch (TargetException e) {
      return permissions.stream()
          .map(
              p ->
                  new PermissionCheck(
                      p,
                      PermissionCheck.Status.BLOCKED,
                      "ARM refused or could not be reached: " + e.getMessage(),
                      "check azure.tenantId/clientId/clientSecret and that the app has a role at every configured"
                          + " scope"))
          .toList();
    }
    List<PermissionCheck> rows = new ArrayList<>();
    for (String permission : permissions) {
      List<String> missingAt = new ArrayList<>();
      for (int i = 0; i < grants.size(); i++) {
        if (!allowed(grants.get(i), permission)) {
          missingAt.add(config.scopes().get(i));
        }
      }
      rows.add(
          missingAt.isEmpty()
              ? PermissionCheck.granted(permission, "allowed at every configured scope")
              : PermissionCheck.missing(
                  permission,
                  "not allowed at " + String.join(", ", missingAt),
                  "assign the app a role that includes "
                      + permission
                      + " at those scopes (see"
                      + " docs/connectors.md, Azure)"));
    }
    return rows;
  }

  /** Whether some permission entry allows the action and does not exclude it (wildcards as ARM). */
  static boolean allowed(List<JsonNode> entries, String action) {
    for (JsonNode e : entries) {
      boolean in = false;
      for (JsonNode a : e.path("actions")) {
        in |= matches(a.asText(), action);
      }
      boolean out = false;
      for (JsonNode n : e.path("notActions")) {
        out |= matches(n.asText(), action);
      }
      if (in && !out) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String pattern, String action) {
    String regex = Pattern.quote(pattern.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
    return action.toLowerCase(Locale.ROOT).matches(regex);
  }
}
