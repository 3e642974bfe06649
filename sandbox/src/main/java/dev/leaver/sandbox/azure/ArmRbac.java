package dev.leaver.sandbox.azure;

import static dev.leaver.sandbox.azure.ArmJson.obj;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure RBAC as ARM serves it (api-version 2022-04-01 for role assignments, 2020-10-01 for PIM):
 * role assignments at any scope, PIM role eligibility schedules and their requests, and the
 * caller's own permissions. Thread-safe: every method is synchronized on the tenant.
 */
final class ArmRbac {
  private static final String RA = "/providers/Microsoft.Authorization/roleAssignments";
  private static final Pattern PRINCIPAL = Pattern.compile("principalId eq '([^']+)'");
  private static final Pattern ASSIGNED_TO = Pattern.compile("assignedTo\\('([^']+)'\\)");

  /** A role assignment, or a role eligibility schedule (PIM). */
  static final class Assignment {
    final String name;
    final String scope;
    final String roleDefinitionId;
    final String principalId;
    final String principalType;
    final String condition;
    final String conditionVersion;
    final String description;
    final String endDateTime;
    final String createdOn;

    Assignment(
        String name,
        String scope,
        String roleDefinitionId,
        String principalId,
        String principalType,
        String condition,
        String conditionVersion,
        String description,
        String endDateTime,
        String createdOn) {
      this.name = name;
      this.scope = scope;
      this.roleDefinitionId = roleDefinitionId;
      this.principalId = principalId;
      this.principalType = principalType == null ? "User" : principalType;
      this.condition = condition;
      this.conditionVersion = conditionVersion;
      this.description = description;
      this.endDateTime = endDateTime;
      this.createdOn = createdOn;
    }

    static Assignment seed(JsonNode n) {
      return new Assignment(
          n.path("name").asText(),
          n.path("scope").asText(),
          n.path("roleDefinitionId").asText(),
          n.path("principalId").asText(),
          text(n, "principalType"),
          text(n, "condition"),
          text(n, "conditionVersion"),
          text(n, "description"),
          text(n, "endDateTime"),
          "2025-03-01T09:00:00Z");
    }

    boolean sameGrant(Assignment o) {
      return scope.equalsIgnoreCase(o.scope)
          && roleDefinitionId.equalsIgnoreCase(o.roleDefinitionId)
          && principalId.equalsIgnoreCase(o.principalId);
    }
  }

  private final Map<String, List<String>> managementGroups;
  private final Map<String, Set<String>> groupMembers;
  private final Map<String, Assignment> assignments = new LinkedHashMap<>();
  private final Map<String, Assignment> eligibilities = new LinkedHashMap<>();

  ArmRbac(JsonNode section, Map<String, List<String>> managementGroups) {
    this.managementGroups = managementGroups;
    this.groupMembers = new LinkedHashMap<>();
    for (JsonNode g : section.path("groups")) {
      Set<String> members = new LinkedHashSet<>();
      g.path("members").forEach(m -> members.add(m.asText().toLowerCase(Locale.ROOT)));
      groupMembers.put(g.path("id").asText().toLowerCase(Locale.ROOT), members);
    }
    for (JsonNode n : section.path("roleAssignments")) {
      Assignment a = Assignment.seed(n);
      assignments.put(a.name, a);
    }
    for (JsonNode n : section.path("roleEligibilitySchedules")) {
      Assignment a = Assignment.seed(n);
      eligibilities.put(a.name, a);
    }
  }

  // ---- role assignments -----------------------------------------------------------------------

  synchronized HttpResponse listAssignments(String scope, String filter) {
    return ArmJson.list(
        matching(assignments, scope, filter).stream().map(this::assignmentJson).toList());
  }

  synchronized HttpResponse getAssignment(String scope, String name) {
    Assignment a = assignments.get(name);
    if (a == null || !a.scope.equalsIgnoreCase(scope)) {
      return ArmJson.error(
          404, "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found.");
    }
    return HttpResponse.json(200, assignmentJson(a));
  }

  /** 200 with the assignment when it existed, 204 when there was nothing to delete (as ARM). */
  synchronized HttpResponse deleteAssignment(String scope, String name) {
    Assignment a = assignments.get(name);
    if (a == null || !a.scope.equalsIgnoreCase(scope)) {
      return HttpResponse.empty(204);
    }
    assignments.remove(name);
    return HttpResponse.json(200, assignmentJson(a));
  }

  synchronized HttpResponse putAssignment(String scope, String name, JsonNode body) {
    JsonNode p = body.path("properties");
    if (!p.hasNonNull("roleDefinitionId") || !p.hasNonNull("principalId")) {
      return ArmJson.error(
          400,
          "InvalidRoleAssignmentRequest",
          "properties.roleDefinitionId and properties.principalId are required.");
    }
    Assignment wanted =
        new Assignment(
            name,
            scope,
            p.path("roleDefinitionId").asText(),
            p.path("principalId").asText(),
            text(p, "principalType"),
            text(p, "condition"),
            text(p, "conditionVersion"),
            text(p, "description"),
            null,
            Instant.now().toString());
    Assignment existing = assignments.get(name);
    if (existing != null) {
      if (existing.sameGrant(wanted)) {
        return HttpResponse.json(201, assignmentJson(existing));
      }
      return ArmJson.error(
          400,
          "RoleAssignmentUpdateNotPermitted",
          "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
    }
    for (Assignment a : assignments.values()) {
      if (a.sameGrant(wanted)) {
        return ArmJson.error(409, "RoleAssignmentExists", "The role assignment already exists.");
      }
    }
    assignments.put(name, wanted);
    return HttpResponse.json(201, assignmentJson(wanted));
  }

  private Map<String, Object> assignmentJson(Assignment a) {
    return obj(
        "id",
        a.scope + RA + "/" + a.name,
        "name",
        a.name,
        "type",
        "Microsoft.Authorization/roleAssignments",
        "properties",
        obj(
            "scope",
            a.scope,
            "roleDefinitionId",
            a.roleDefinitionId,
            "principalId",
            a.principalId,
            "principalType",
            a.principalType,
            "condition",
            a.condition,
            "conditionVersion",
            a.conditionVersion,
            "description",
            a.description,
            "createdOn",
            a.createdOn,
            "updatedOn",
            a.createdOn));
  }

  // ---- PIM eligibility ------------------------------------------------------------------------

  synchronized HttpResponse listEligibilities(String scope, String filter) {
    String forPrincipal = principalOf(filter);
    return ArmJson.list(
        matching(eligibilities, scope, filter).stream()
            .map(
                a ->
                    obj(
                        "id",
                        a.scope
                            + "/providers/Microsoft.Authorization/roleEligibilitySchedules/"
                            + a.name,
                        "name",
                        a.name,
                        "type",
                        "Microsoft.Authorization/roleEligibilitySchedules",
                        "properties",
                        obj(
                            "scope",
                            a.scope,
                            "roleDefinitionId",
                            a.roleDefinitionId,
                            "principalId",
                            a.principalId,
                            "principalType",
                            a.principalType,
                            "memberType",
                            forPrincipal == null || forPrincipal.equalsIgnoreCase(a.principalId)
                                ? "Direct"
                                : "Group",
                            "status",
                            "Provisioned",
                            "startDateTime",
                            a.createdOn,
                            "endDateTime",
                            a.endDateTime,
                            "condition",
                            a.condition,
                            "conditionVersion",
                            a.conditionVersion,
                            "createdOn",
                            a.createdOn)))
            .toList());
  }

  /**
   * A role eligibility schedule request: {@code AdminRemove} ends the schedule of the principal and
   * role at exactly this scope (400 {@code RoleAssignmentDoesNotExist} when there is none), {@code
   * AdminAssign} creates one (409 {@code RoleAssignmentExists} when there is one).
   */
  synchronized HttpResponse putEligibilityRequest(String scope, String name, JsonNode body) {
    JsonNode p = body.path("properties");
    String type = p.path("requestType").asText("");
    Assignment wanted =
        new Assignment(
            UUID.nameUUIDFromBytes(
                    (scope
                            + "|"
                            + p.path("roleDefinitionId").asText()
                            + "|"
                            + p.path("principalId").asText())
                        .toLowerCase(Locale.ROOT)
                        .getBytes(StandardCharsets.UTF_8))
                .toString(),
            scope,
            p.path("roleDefinitionId").asText(),
            p.path("principalId").asText(),
            "User",
            text(p, "condition"),
            text(p, "conditionVersion"),
            null,
            text(p.path("scheduleInfo").path("expiration"), "endDateTime"),
            Instant.now().toString());
    Assignment existing =
        eligibilities.values().stream().filter(e -> e.sameGrant(wanted)).findFirst().orElse(null);
    String status;
    switch (type) {
      case "AdminRemove" -> {
        if (existing == null) {
          return ArmJson.error(
              400, "RoleAssignmentDoesNotExist", "The Role assignment does not exist.");
        }
        eligibilities.remove(existing.name);
        status = "Revoked";
      }
      case "AdminAssign" -> {
        if (existing != null) {
          return ArmJson.error(409, "RoleAssignmentExists", "The Role assignment already exists.");
        }
        eligibilities.put(wanted.name, wanted);
        status = "Provisioned";
      }
      default -> {
        return ArmJson.error(
            400,
            "InvalidRequestType",
            "The request type '" + type + "' is not supported by the sandbox.");
      }
    }
    return HttpResponse.json(
        201,
        obj(
            "id",
            scope + "/providers/Microsoft.Authorization/roleEligibilityScheduleRequests/" + name,
            "name",
            name,
            "type",
            "Microsoft.Authorization/roleEligibilityScheduleRequests",
            "properties",
            obj(
                "scope",
                scope,
                "roleDefinitionId",
                wanted.roleDefinitionId,
                "principalId",
                wanted.principalId,
                "principalType",
                "User",
                "requestType",
                type,
                "status",
                status,
                "justification",
                text(p, "justification"),
                "createdOn",
                wanted.createdOn)));
  }

  // ---- what tests read back -------------------------------------------------------------------

  synchronized List<Map<String, String>> assignmentsOf(String principalId) {
    return describe(assignments, principalId);
  }

  synchronized List<Map<String, String>> eligibilitiesOf(String principalId) {
    return describe(eligibilities, principalId);
  }

  /** Scopes where this principal, or a group it is in, holds a role or an eligibility. */
  synchronized Set<String> principalsFor(String principalId) {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(principalId.toLowerCase(Locale.ROOT));
    groupMembers.forEach(
        (g, members) -> {
          if (members.contains(principalId.toLowerCase(Locale.ROOT))) {
            ids.add(g);
          }
        });
    return ids;
  }

  private static List<Map<String, String>> describe(
      Map<String, Assignment> from, String principalId) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Assignment a : from.values()) {
      if (a.principalId.equalsIgnoreCase(principalId)) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", a.name);
        m.put("scope", a.scope);
        m.put("roleDefinitionId", a.roleDefinitionId);
        if (a.condition != null) {
          m.put("condition", a.condition);
        }
        if (a.endDateTime != null) {
          m.put("endDateTime", a.endDateTime);
        }
        out.add(m);
      }
    }
    return out;
  }

  // ---- filters and scopes ---------------------------------------------------------------------

  /**
   * What ARM lists at a scope: assignments at it, above it (its management group) and below it;
   * {@code principalId eq 'x'} keeps the principal's own, {@code assignedTo('x')} adds its groups'.
   */
  private List<Assignment> matching(Map<String, Assignment> from, String scope, String filter) {
    Set<String> principals = null;
    if (filter != null && !filter.isBlank()) {
      Matcher direct = PRINCIPAL.matcher(filter);
      Matcher assignedTo = ASSIGNED_TO.matcher(filter);
      if (direct.find()) {
        principals = Set.of(direct.group(1).toLowerCase(Locale.ROOT));
      } else if (assignedTo.find()) {
        principals = principalsFor(assignedTo.group(1));
      }
    }
    boolean atScope = filter != null && filter.contains("atScope()");
    List<Assignment> out = new ArrayList<>();
    for (Assignment a : from.values()) {
      if (principals != null && !principals.contains(a.principalId.toLowerCase(Locale.ROOT))) {
        continue;
      }
      boolean related =
          atScope
              ? a.scope.equalsIgnoreCase(scope)
              : within(a.scope, scope) || within(scope, a.scope);
      if (related) {
        out.add(a);
      }
    }
    return out;
  }

  private static String principalOf(String filter) {
    if (filter == null) {
      return null;
    }
    Matcher m = ASSIGNED_TO.matcher(filter);
    if (m.find()) {
      return m.group(1);
    }
    m = PRINCIPAL.matcher(filter);
    return m.find() ? m.group(1) : null;
  }

  /**
   * Whether {@code scope} is {@code container} or lies under it (subscriptions under their
   * management group).
   */
  boolean within(String scope, String container) {
    String s = scope.toLowerCase(Locale.ROOT);
    String c = container.toLowerCase(Locale.ROOT);
    if (c.equals("/") || s.equals(c) || s.startsWith(c + "/")) {
      return true;
    }
    String mgPrefix = "/providers/microsoft.management/managementgroups/";
    if (c.startsWith(mgPrefix)) {
      List<String> subs = managementGroups.getOrDefault(c.substring(mgPrefix.length()), List.of());
      for (String sub : subs) {
        String subScope = "/subscriptions/" + sub.toLowerCase(Locale.ROOT);
        if (s.equals(subScope) || s.startsWith(subScope + "/")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
