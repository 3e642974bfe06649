package dev.leaver.activities.aws;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * Sets each active access key of the user Inactive ({@code UpdateAccessKey}), one key at a time,
 * each recorded as progress. Inactive, not deleted: the undo sets exactly the keys that were Active
 * back to Active, and a key already Inactive before the step is never touched.
 */
final class DeactivateAccessKeys implements TargetAction {
  static final String NAME = "DeactivateAccessKeys";

  /** {@code AKIA...:Active,AKIA...:Inactive}, by key id. */
  static final String KEYS = "accessKeys";

  static final String CREATED = "accessKeysCreated";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          true,
          "iam:UpdateAccessKey",
          "Sets every active access key of the IAM user Inactive; the undo reactivates exactly those.");

  private final Iam iam;

  DeactivateAccessKeys(Iam iam) {
    this.iam = iam;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    List<AccessKeyMetadata> keys = iam.accessKeys(target.accountId());
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        KEYS,
        Items.join(keys.stream().map(k -> k.accessKeyId() + ":" + k.statusAsString()).toList()));
    m.put(
        CREATED,
        Items.join(keys.stream().map(k -> k.accessKeyId() + "@" + k.createDate()).toList()));
    return m;
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> active = active(before);
    int all = Items.pairs(before.get(KEYS)).size();
    if (active.isEmpty()) {
      return new Decision.NoOp("no active access key (" + all + " key(s), all Inactive)");
    }
    return new Decision.Write(
        "set "
            + active.size()
            + " of "
            + all
            + " access key(s) Inactive: "
            + String.join(", ", active));
  }

  /**
   * Deactivates each key the before-image shows Active and the progress does not list yet.
   * UpdateAccessKey to the status a key already has answers 200; a key deleted since (NoSuchEntity)
   * can sign nothing either, so it counts as done.
   */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    List<String> notes = new ArrayList<>();
    for (String keyId : active(before)) {
      if (progress.isDone(keyId)) {
        continue;
      }
      progress.writing(keyId);
      if (!iam.setAccessKey(target.accountId(), keyId, StatusType.INACTIVE)) {
        notes.add(keyId + " was deleted meanwhile");
      }
      progress.done(keyId);
    }
    return new Change(snapshot(target), true, null, List.of(), notes);
  }

  /**
   * Reactivates the keys this step deactivated (its progress), or, from a receipt without progress,
   * every key the before-image shows Active; only those that are Inactive now.
   */
  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    List<String> wereActive = active(receipt.before());
    List<String> changed = Progress.itemsOf(receipt.after());
    List<String> restore =
        changed == null ? wereActive : changed.stream().filter(wereActive::contains).toList();
    Map<String, String> now = Items.pairs(snapshot(target).get(KEYS));
    for (String keyId : restore) {
      if (progress.isDone(keyId) || !"Inactive".equals(now.get(keyId))) {
        continue; // restored already, or deleted since: nothing to reactivate
      }
      progress.writing(keyId);
      iam.setAccessKey(target.accountId(), keyId, StatusType.ACTIVE);
      progress.done(keyId);
    }
    return snapshot(target);
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    List<String> active = active(snapshot(target));
    return active.isEmpty()
        ? Check.removed("no active access key")
        : Check.stillGranted("active access key(s): " + String.join(", ", active));
  }

  private static List<String> active(Map<String, String> image) {
    return Items.pairs(image.get(KEYS)).entrySet().stream()
        .filter(e -> e.getValue().equals("Active"))
        .map(Map.Entry::getKey)
        .toList();
  }
}
