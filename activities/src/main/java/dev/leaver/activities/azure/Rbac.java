package dev.leaver.activities.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleEligibilityScheduleInner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the leaver's Azure RBAC across the configured scopes: role assignments made to them
 * directly ({@code principalId eq}), those they hold through groups ({@code assignedTo()} less the
 * direct ones), PIM eligibility, and what all of it reaches (Resource Graph). Read-only.
 */
final class Rbac {
  static final String READ = "Microsoft.Authorization/roleAssignments/read";
  static final String GRAPH_READ = "Microsoft.ResourceGraph/resources/read";
  static final String RESOURCE_GRAPH_API = "2022-10-01";
  private static final Map<String, String> BUILT_IN =
      Map.of(
          "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
          "b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor",
          "acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader",
          "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator",
          "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User",
          "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor",
          "f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator");

  private final Arm arm;
  private final AzureConfig config;

  Rbac(Arm arm, AzureConfig config) {
    this.arm = arm;
    this.config = config;
  }

  /** Role assignments made to the principal itself, by name, across every configured scope. */
  Map<String, RoleAssignmentInner> direct(String principalId) {
    return assignments("principalId eq '" + principalId + "'", principalId, true);
  }

  /** Role assignments the principal holds through a group (not made to it directly), by name. */
  Map<String, RoleAssignmentInner> throughGroups(String principalId) {
    return assignments("assignedTo('" + principalId + "')", principalId, false);
  }

  private Map<String, RoleAssignmentInner> assignments(
      String filter, String principalId, boolean own) {
    Map<String, RoleAssignmentInner> out = new TreeMap<>();
    for (String scope : config.scopes()) {
      arm.call(
          "list role assignments at " + scope,
          READ,
          c -> {
            for (RoleAssignmentInner a :
                c.getRoleAssignments()
                    .listForScope(scope, encoded(filter), null, null, Context.NONE)) {
              if (principalId.equalsIgnoreCase(a.principalId()) == own) {
                out.put(a.name(), a);
              }
            }
            return null;
          });
    }
    return out;
  }

  /** The principal's PIM role eligibility schedules (its own and through groups), by id. */
  Map<String, RoleEligibilityScheduleInner> eligibilities(String principalId) {
    Map<String, RoleEligibilityScheduleInner> out = new TreeMap<>();
    for (String scope : config.scopes()) {
      arm.call(
          "list role eligibility schedules at " + scope,
          "Microsoft.Authorization/roleEligibilitySchedules/read",
          c -> {
            for (RoleEligibilityScheduleInner e :
                c.getRoleEligibilitySchedules()
                    // Unlike role assignments, this $filter is not declared encoded: the SDK
                    // encodes it.
                    .listForScope(scope, "assignedTo('" + principalId + "')", Context.NONE)) {
              out.put(e.id().toLowerCase(Locale.ROOT), e);
            }
            return null;
          });
    }
    return out;
  }

  /**
   * What the scopes reach, from Resource Graph: everything in a management group the leaver holds a
   * role at, and everything under the other scopes. Eventually consistent (seconds), so it is
   * evidence, not the basis of any write.
   *
   * @return resource ids, sorted
   */
  List<String> reachable(List<String> scopes) {
    TreeSet<String> ids = new TreeSet<>();
    List<String> groups = new ArrayList<>();
    List<String> under = new ArrayList<>();
    for (String s : scopes) {
      String lower = s.toLowerCase(Locale.ROOT);
      String mg = "/providers/microsoft.management/managementgroups/";
      if (lower.startsWith(mg)) {
        groups.add(s.substring(mg.length()));
      } else if (lower.startsWith("/subscriptions/")) {
        under.add(s);
      }
    }
    if (!groups.isEmpty()) {
      ObjectNode q = Jsons.object();
      ArrayNode mgs = q.putArray("managementGroups");
      groups.forEach(mgs::add);
      q.put(
          "query",
          "resources | project id, name, type, subscriptionId, resourceGroup | order by id asc");
      ids.addAll(query(q));
    }
    if (!under.isEmpty()) {
      ObjectNode q = Jsons.object();
      ArrayNode subs = q.putArray("subscriptions");
      config.subscriptions().forEach(subs::add);
      StringBuilder where = new StringBuilder();
      for (String s : under) {
        where
            .append(where.length() == 0 ? "" : " or ")
            .append("id startswith '")
            .append(s.replace("'", ""))
            .append("'");
      }
      q.put(
          "query",
          "resources | where "
              + where
              + " | project id, name, type, subscriptionId, resourceGroup | order by id asc");
      ids.addAll(query(q));
    }
    return List.copyOf(ids);
  }

  private List<String> query(ObjectNode body) {
    List<String> out = new ArrayList<>();
    Arm.Answer a =
        arm.send(
            HttpMethod.POST,
            "/providers/Microsoft.ResourceGraph/resources",
            RESOURCE_GRAPH_API,
            null,
            body,
            null,
            GRAPH_READ,
            200);
    for (JsonNode row : a.body().path("data")) {
      out.add(row.path("id").asText());
    }
    return out;
  }

  /** {@code Reader at /subscriptions/…}, the role's name where it is a known built-in role. */
  static String describe(String roleDefinitionId, String scope) {
    return roleName(roleDefinitionId) + " at " + scope;
  }

  static String roleName(String roleDefinitionId) {
    String guid = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
    return BUILT_IN.getOrDefault(guid.toLowerCase(Locale.ROOT), "role " + guid);
  }

  /**
   * The SDK puts role assignments' {@code $filter} into the URL as given (its query parameter is
   * declared encoded), and the JDK client refuses a space in a URL: encode it here.
   */
  static String encoded(String filter) {
    return java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
