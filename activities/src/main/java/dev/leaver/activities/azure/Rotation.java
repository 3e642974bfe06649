package dev.leaver.activities.azure;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An irreversible rotation of shared secrets the leaver could have copied (vault secrets, storage,
 * Service Bus and API Management keys), one item at a time with progress. The before-image and the
 * receipt say what was rotated and when (names, versions, key creation times), never a value.
 *
 * <p>Each item has a marker that a rotation changes (a secret's current version, a key's creation
 * time) or {@link #NO_MARKER} where the API shows none; verification re-reads the markers, and for
 * items without one relies on the step's own record that it rotated them.
 */
abstract class Rotation implements TargetAction {
  static final String ITEMS = "items";
  static final String MARKER = "marker.";
  static final String NO_MARKER = "-";

  /** Whether the leaver held Azure access of their own when the step's before-image was taken. */
  static final String HELD_ACCESS = "leaverHoldsAzureAccess";

  /** The kill-switch steps that remove the leaver's own access; rotations wait for them. */
  static final List<String> REMOVALS =
      List.of(
          "azure.RemoveRoleAssignments",
          "azure.RemoveEligibleAssignments",
          "azure.RemoveVaultAccessPolicies");

  /**
   * Whether the leaver holds Azure access of their own now (a role assignment, a PIM eligibility or
   * a Key Vault access policy): shared secrets are rotated only for someone who could read them,
   * never for every leaver with an Entra account.
   */
  interface Access {
    boolean heldBy(Target t);
  }

  private final Access access;

  Rotation(Access access) {
    this.access = access;
  }

  /** The items to rotate now, each with its marker, in a stable order. */
  abstract Map<String, String> items(Target t);

  /** Rotates one item; the new value is neither kept nor logged. */
  abstract void rotate(Target t, String item);

  /** What the items are, e.g. "Key Vault secret(s)". */
  abstract String noun();

  @Override
  public Map<String, String> snapshot(Target t) {
    Map<String, String> items = items(t);
    Map<String, String> out = new TreeMap<>();
    out.put(ITEMS, Items.join(items.keySet()));
    out.put(HELD_ACCESS, Boolean.toString(access.heldBy(t)));
    items.forEach((item, marker) -> out.put(MARKER + item, marker));
    return out;
  }

  /**
   * Rotates when the leaver had access of their own: either this run's kill switch removed some
   * (the facts say a removal step is DONE: by clean-up it is gone, so the before-image cannot show
   * it), or the before-image found some still held (a dry run, or a removal still parked).
   */
  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> items = Items.of(before.get(ITEMS));
    boolean removedThisRun =
        REMOVALS.stream().map(t.facts()::get).anyMatch(f -> f != null && f.startsWith("DONE"));
    if (!removedThisRun && !Boolean.parseBoolean(before.get(HELD_ACCESS))) {
      return new Decision.NoOp(
          "the leaver held no Azure role assignment, PIM eligibility or Key Vault"
              + " access policy of their own: the shared "
              + noun()
              + " are not rotated for them");
    }
    return items.isEmpty()
        ? new Decision.NoOp(
            "no " + noun() + " listed as reachable by the leaver (azure.rotateOnLeave)")
        : new Decision.Write(
            "rotate "
                + items.size()
                + " "
                + noun()
                + ": "
                + String.join(", ", items)
                + " (irreversible: holders of the old values must be given the new ones)");
  }

  /** Rotates each item of the before-image not yet done; a retry never rotates an item twice. */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    for (String item : Items.of(before.get(ITEMS))) {
      if (progress.isDone(item)) {
        continue;
      }
      progress.writing(item);
      rotate(t, item);
      progress.done(item);
    }
    Map<String, String> after = new LinkedHashMap<>();
    Map<String, String> now = items(t);
    now.forEach((item, marker) -> after.put(MARKER + item, marker));
    after.put("rotated", String.join(", ", progress.items()));
    return new Change(
        after,
        true,
        null,
        List.of(),
        List.of(
            "rotated " + progress.items().size() + " " + noun() + "; the values are not recorded"));
  }

  /**
   * Removed when every item's marker moved on, or (without markers) this step rotated it; a step
   * that had nothing to rotate for this leaver has nothing to check.
   */
  @Override
  public Check verify(Target t, Receipt receipt) {
    if (!receipt.changed()) { // nothing was to be rotated for this leaver: nothing to check
      return Check.removed(String.join("; ", receipt.notes()));
    }
    Map<String, String> now = items(t);
    List<String> rotatedHere = Progress.itemsOf(receipt.after());
    List<String> stale = new ArrayList<>();
    for (String item : Items.of(receipt.before().get(ITEMS))) {
      String was = receipt.before().get(MARKER + item);
      boolean moved =
          NO_MARKER.equals(was)
              ? rotatedHere != null && rotatedHere.contains(item)
              : now.containsKey(item) && !was.equals(now.get(item));
      if (!moved) {
        stale.add(item);
      }
    }
    return stale.isEmpty()
        ? Check.removed("every listed " + noun() + " rotated")
        : Check.stillGranted("not rotated: " + String.join(", ", stale));
  }

  static ActionSpec spec(String name, String permission, String description) {
    return ActionSpec.of(
            name, dev.leaver.workflows.contract.Stage.CLEANUP, false, permission, description)
        .after(REMOVALS.toArray(String[]::new));
  }
}
