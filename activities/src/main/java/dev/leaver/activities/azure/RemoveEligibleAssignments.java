package dev.leaver.activities.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.models.RoleEligibilityScheduleInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleEligibilityScheduleRequestInner;
import com.azure.resourcemanager.authorization.models.RequestType;
import com.azure.resourcemanager.authorization.models.RoleEligibilityScheduleRequestPropertiesScheduleInfo;
import com.azure.resourcemanager.authorization.models.RoleEligibilityScheduleRequestPropertiesScheduleInfoExpiration;
import com.azure.resourcemanager.authorization.models.Type;
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
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Removes the leaver's PIM-eligible Azure roles (roles they could activate) through role
 * eligibility schedule requests ({@code PUT {scope}/providers/Microsoft.Authorization/
 * roleEligibilityScheduleRequests/{new guid}} with {@code requestType: AdminRemove}), one at a time
 * with progress. The undo asks for each again with {@code AdminAssign} from the saved fields
 * (scope, role, condition, end date).
 *
 * <p>An eligibility is known by its scope and role, not by its schedule id, which a re-created one
 * does not keep. Only eligibilities made to the leaver directly are removed; those through a group
 * go with the membership and are reported by {@code RemoveRoleAssignments}. PIM answers {@code 400
 * RoleAssignmentDoesNotExist} to removing what is gone (an earlier attempt of this step) and {@code
 * 409 RoleAssignmentExists} to assigning what is there: both count as done.
 */
final class RemoveEligibleAssignments implements TargetAction {
  static final String PERMISSION = "Microsoft.Authorization/roleEligibilityScheduleRequests/write";
  static final ActionSpec SPEC =
      ActionSpec.of(
          "RemoveEligibleAssignments",
          Stage.KILL_SWITCH,
          true,
          PERMISSION,
          "Removes the leaver's PIM-eligible Azure roles (AdminRemove schedule requests)");
  static final String KEYS = "eligibilities";
  static final String ITEM = "eligibility.";

  private final Arm arm;
  private final Rbac rbac;

  RemoveEligibleAssignments(Arm arm, Rbac rbac) {
    this.arm = arm;
    this.rbac = rbac;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** {@code eligibilities}: keys; {@code eligibility.<key>}: scope, role, condition, end date. */
  @Override
  public Map<String, String> snapshot(Target t) {
    return describe(direct(t.accountId()));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> keys = Items.of(before.get(KEYS));
    return keys.isEmpty()
        ? new Decision.NoOp("no PIM-eligible Azure role made to the leaver directly")
        : new Decision.Write(
            "remove " + keys.size() + " PIM-eligible Azure role(s): " + before.get("roles"));
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    Map<String, JsonNode> now = direct(t.accountId());
    for (String key : Items.of(before.get(KEYS))) {
      if (progress.isDone(key)) {
        continue;
      }
      if (now.containsKey(key)) {
        JsonNode f = Jsons.read(before.get(ITEM + key));
        RoleEligibilityScheduleRequestInner request =
            new RoleEligibilityScheduleRequestInner()
                .withPrincipalId(t.accountId())
                .withRoleDefinitionId(f.path("roleDefinitionId").asText())
                .withRequestType(RequestType.ADMIN_REMOVE)
                .withJustification("Leaver offboarding " + t.requestId());
        progress.writing(key);
        send(f.path("scope").asText(), request, "RoleAssignmentDoesNotExist");
      }
      progress.done(key);
    }
    return Change.of(describe(direct(t.accountId())), true);
  }

  /**
   * Asks again ({@code AdminAssign}) for each eligibility this step removed that is missing now,
   * starting now and ending when the saved one ended (or never).
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    List<String> removed = Progress.itemsOf(receipt.after());
    if (removed == null) {
      removed = Items.of(receipt.before().get(KEYS));
    }
    Map<String, JsonNode> now = direct(t.accountId());
    for (String key : removed) {
      String saved = receipt.before().get(ITEM + key);
      if (saved == null || progress.isDone(key) || now.containsKey(key)) {
        continue;
      }
      JsonNode f = Jsons.read(saved);
      String end = Jsons.textOrNull(f, "endDateTime");
      RoleEligibilityScheduleRequestInner request =
          new RoleEligibilityScheduleRequestInner()
              .withPrincipalId(t.accountId())
              .withRoleDefinitionId(f.path("roleDefinitionId").asText())
              .withRequestType(RequestType.ADMIN_ASSIGN)
              .withCondition(Jsons.textOrNull(f, "condition"))
              .withConditionVersion(Jsons.textOrNull(f, "conditionVersion"))
              .withJustification("Leaver offboarding undone " + t.requestId())
              .withScheduleInfo(
                  new RoleEligibilityScheduleRequestPropertiesScheduleInfo()
                      .withStartDateTime(OffsetDateTime.now(ZoneOffset.UTC))
                      .withExpiration(
                          new RoleEligibilityScheduleRequestPropertiesScheduleInfoExpiration()
                              .withType(end == null ? Type.NO_EXPIRATION : Type.AFTER_DATE_TIME)
                              .withEndDateTime(end == null ? null : OffsetDateTime.parse(end))));
      progress.writing(key);
      send(f.path("scope").asText(), request, "RoleAssignmentExists");
      progress.done(key);
    }
    return describe(direct(t.accountId()));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    Map<String, JsonNode> now = direct(t.accountId());
    return now.isEmpty()
        ? Check.removed("no PIM-eligible Azure role made to the leaver directly")
        : Check.stillGranted("still eligible: " + describe(now).get("roles"));
  }

  /** One schedule request; the answer that means "already so" counts as done. */
  private void send(String scope, RoleEligibilityScheduleRequestInner request, String alreadySo) {
    // A fresh request name each time: PIM keeps requests as history, the effect is idempotent.
    String name = UUID.randomUUID().toString();
    try {
      arm.call(
          request.requestType() + " role eligibility at " + scope,
          PERMISSION,
          c ->
              c.getRoleEligibilityScheduleRequests()
                  .createWithResponse(scope, name, request, Context.NONE));
    } catch (TargetException.Rejected e) {
      if (!e.getMessage().contains(alreadySo)) {
        throw e;
      }
    }
  }

  /** The leaver's own eligibilities by a key of scope and role. */
  private Map<String, JsonNode> direct(String principalId) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (RoleEligibilityScheduleInner e : rbac.eligibilities(principalId).values()) {
      if (!principalId.equalsIgnoreCase(e.principalId())) {
        continue;
      }
      ObjectNode f = Jsons.object();
      f.put("scope", e.scope());
      f.put("roleDefinitionId", e.roleDefinitionId());
      f.put("condition", e.condition());
      f.put("conditionVersion", e.conditionVersion());
      f.put(
          "endDateTime",
          e.endDateTime() == null
              ? null
              : e.endDateTime().withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString());
      out.put(key(e.scope(), e.roleDefinitionId()), f);
    }
    return out;
  }

  static String key(String scope, String roleDefinitionId) {
    return UUID.nameUUIDFromBytes(
            (scope + "|" + roleDefinitionId)
                .toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static Map<String, String> describe(Map<String, JsonNode> eligibilities) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(KEYS, Items.join(eligibilities.keySet()));
    List<String> roles = new ArrayList<>();
    eligibilities.forEach(
        (key, f) -> {
          out.put(ITEM + key, Jsons.write(f));
          roles.add(
              Rbac.describe(f.path("roleDefinitionId").asText(), f.path("scope").asText())
                  + (f.hasNonNull("endDateTime")
                      ? " until " + f.path("endDateTime").asText()
                      : ""));
        });
    out.put("roles", String.join("; ", roles));
    return out;
  }
}
