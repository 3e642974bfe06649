package dev.leaver.activities.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleEligibilityScheduleInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deletes the Azure role assignments made to the leaver directly, across the configured
 * subscriptions and management groups ({@code DELETE {scope}/providers/Microsoft.Authorization/
 * roleAssignments/{name}}), one at a time, each recorded as progress. The undo re-creates each from
 * its saved fields under the same name ({@code PUT}), so the restored assignment is the same
 * resource id.
 *
 * <p>The before-image is also the step's Azure evidence: access the leaver holds through groups
 * (removed by the Entra group step, not here), PIM-eligible roles (removed by {@code
 * RemoveEligibleAssignments}) and the inventory of resources all of it reaches (Resource Graph).
 * These are reported, never counted as this step's change.
 *
 * <p>ARM answers 200 to a delete that removed something and 204 to one that found nothing; an
 * assignment of the before-image answering 204 was removed by an earlier attempt of this step whose
 * answer was lost, so it still counts as this step's change.
 */
final class RemoveRoleAssignments implements TargetAction {
  static final String PERMISSION = "Microsoft.Authorization/roleAssignments/delete";

  /** The undo's permission: re-creating an assignment. */
  static final String UNDO_PERMISSION = "Microsoft.Authorization/roleAssignments/write";

  static final ActionSpec SPEC =
      ActionSpec.of(
          "RemoveRoleAssignments",
          Stage.KILL_SWITCH,
          true,
          PERMISSION,
          "Deletes the Azure role assignments made to the leaver directly, in every"
              + " configured subscription and management group; reports group and PIM access and"
              + " what the leaver could reach");
  static final String KEYS = "assignments";
  static final String ITEM = "assignment.";

  /** The most resource ids the inventory lists by name; the count is always whole. */
  static final int MAX_LISTED = 500;

  private final Arm arm;
  private final Rbac rbac;

  RemoveRoleAssignments(Arm arm, Rbac rbac) {
    this.arm = arm;
    this.rbac = rbac;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /**
   * {@code assignments}: names; {@code assignment.<name>}: the saved fields (scope,
   * roleDefinitionId, principalType, condition, conditionVersion, description); {@code roles}: in
   * words; {@code viaGroups}, {@code eligible}, {@code reachableResources}: the evidence.
   */
  @Override
  public Map<String, String> snapshot(Target t) {
    Map<String, RoleAssignmentInner> direct = rbac.direct(t.accountId());
    Map<String, String> out = new TreeMap<>(describe(direct));
    // The evidence never holds up the removal: a scope that refuses a listing (a filter it does
    // not support, a read the app lacks) is named in the evidence instead.
    List<String> unreadable = new ArrayList<>();
    Map<String, RoleAssignmentInner> groups =
        evidence(
            () -> rbac.throughGroups(t.accountId()), "access through groups", unreadable, Map.of());
    Map<String, RoleEligibilityScheduleInner> eligible =
        evidence(() -> rbac.eligibilities(t.accountId()), "PIM eligibility", unreadable, Map.of());
    List<String> viaGroups = new ArrayList<>();
    groups
        .values()
        .forEach(
            a ->
                viaGroups.add(
                    Rbac.describe(a.roleDefinitionId(), a.scope())
                        + " through group "
                        + a.principalId()));
    List<String> pim = new ArrayList<>();
    eligible
        .values()
        .forEach(
            e ->
                pim.add(
                    Rbac.describe(e.roleDefinitionId(), e.scope())
                        + (t.accountId().equalsIgnoreCase(e.principalId())
                            ? ""
                            : " through group " + e.principalId())));
    List<String> scopes = new ArrayList<>();
    direct.values().forEach(a -> scopes.add(a.scope()));
    groups.values().forEach(a -> scopes.add(a.scope()));
    eligible.values().forEach(e -> scopes.add(e.scope()));
    List<String> reachable =
        evidence(
            () -> rbac.reachable(scopes), "the Resource Graph inventory", unreadable, List.of());
    out.put("viaGroups", String.join("; ", viaGroups));
    out.put("eligible", String.join("; ", pim));
    // Capped: the before-image travels in workflow history, which limits a payload's size.
    out.put(
        "reachableResources",
        String.join(" ", reachable.subList(0, Math.min(reachable.size(), MAX_LISTED)))
            + (reachable.size() > MAX_LISTED
                ? " … and " + (reachable.size() - MAX_LISTED) + " more"
                : ""));
    out.put("reachableResourceCount", Integer.toString(reachable.size()));
    if (!unreadable.isEmpty()) {
      out.put("evidenceNotRead", String.join("; ", unreadable));
    }
    return out;
  }

  private static <T> T evidence(
      java.util.function.Supplier<T> read, String what, List<String> unreadable, T none) {
    try {
      return read.get();
    } catch (TargetException.Rejected | TargetException.PermissionDenied e) {
      unreadable.add(what + ": " + e.getMessage());
      return none;
    }
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> names = Items.of(before.get(KEYS));
    if (names.isEmpty()) {
      return new Decision.NoOp("no Azure role assigned to the leaver directly" + groupNote(before));
    }
    return new Decision.Write(
        "delete "
            + names.size()
            + " Azure role assignment(s): "
            + before.get("roles")
            + groupNote(before));
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String lastRequestId = null;
    for (String name : Items.of(before.get(KEYS))) {
      if (progress.isDone(name)) {
        continue;
      }
      String scope = Jsons.read(before.get(ITEM + name)).path("scope").asText();
      progress.writing(name);
      // 200: deleted now; 204: already gone (an earlier attempt of this step, its answer lost).
      lastRequestId =
          arm.call(
              "delete role assignment " + name,
              PERMISSION,
              c ->
                  Arm.requestId(
                      c.getRoleAssignments()
                          .deleteWithResponse(scope, name, null, Context.NONE)
                          .getHeaders()));
      progress.done(name);
    }
    List<String> notes = new ArrayList<>();
    if (!before.getOrDefault("viaGroups", "").isEmpty()) {
      notes.add(
          "access through groups remains until the group step removes the membership: "
              + before.get("viaGroups"));
    }
    if (!before.getOrDefault("eligible", "").isEmpty()) {
      notes.add("PIM-eligible roles (RemoveEligibleAssignments): " + before.get("eligible"));
    }
    notes.add(
        "reached "
            + before.getOrDefault("reachableResourceCount", "0")
            + " resource(s) (Resource Graph), listed in the before-image");
    return new Change(describe(rbac.direct(t.accountId())), true, lastRequestId, List.of(), notes);
  }

  /**
   * Re-creates, under its saved name, each assignment this step removed (its progress; every one of
   * the before-image when the apply never reported any) that is missing now. One re-created
   * meanwhile under another name (409 RoleAssignmentExists) counts as restored.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    List<String> removed = Progress.itemsOf(receipt.after());
    if (removed == null) {
      removed = Items.of(receipt.before().get(KEYS));
    }
    Map<String, RoleAssignmentInner> now = rbac.direct(t.accountId());
    for (String name : removed) {
      String saved = receipt.before().get(ITEM + name);
      if (saved == null || progress.isDone(name) || now.containsKey(name)) {
        continue;
      }
      JsonNode f = Jsons.read(saved);
      RoleAssignmentCreateParameters p =
          new RoleAssignmentCreateParameters()
              .withRoleDefinitionId(f.path("roleDefinitionId").asText())
              .withPrincipalId(t.accountId())
              .withPrincipalType(
                  f.hasNonNull("principalType")
                      ? PrincipalType.fromString(f.path("principalType").asText())
                      : null)
              .withCondition(Jsons.textOrNull(f, "condition"))
              .withConditionVersion(Jsons.textOrNull(f, "conditionVersion"))
              .withDescription(Jsons.textOrNull(f, "description"));
      progress.writing(name);
      try {
        arm.call(
            "re-create role assignment " + name,
            UNDO_PERMISSION,
            c ->
                c.getRoleAssignments()
                    .createWithResponse(f.path("scope").asText(), name, p, Context.NONE));
      } catch (TargetException.Rejected e) {
        if (!e.getMessage().contains("RoleAssignmentExists")) {
          throw e;
        }
      }
      progress.done(name);
    }
    return describe(rbac.direct(t.accountId()));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    Map<String, RoleAssignmentInner> now = rbac.direct(t.accountId());
    return now.isEmpty()
        ? Check.removed("no Azure role assigned to the leaver directly")
        : Check.stillGranted("still assigned: " + describe(now).get("roles"));
  }

  /** The assignments' names, saved fields and roles in words. */
  static Map<String, String> describe(Map<String, RoleAssignmentInner> assignments) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(KEYS, String.join(",", assignments.keySet()));
    List<String> roles = new ArrayList<>();
    assignments.forEach(
        (name, a) -> {
          ObjectNode f = Jsons.object();
          f.put("scope", a.scope());
          f.put("roleDefinitionId", a.roleDefinitionId());
          f.put("principalType", a.principalType() == null ? null : a.principalType().toString());
          f.put("condition", a.condition());
          f.put("conditionVersion", a.conditionVersion());
          f.put("description", a.description());
          out.put(ITEM + name, Jsons.write(f));
          roles.add(
              Rbac.describe(a.roleDefinitionId(), a.scope())
                  + (a.condition() == null ? "" : " (with a condition)"));
        });
    out.put("roles", String.join("; ", roles));
    return out;
  }

  private static String groupNote(Map<String, String> before) {
    String groups = before.getOrDefault("viaGroups", "");
    return groups.isEmpty() ? "" : "; through groups, left to the group step: " + groups;
  }
}
