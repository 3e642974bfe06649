package dev.leaver.activities.aws;

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

/**
 * Removes the user from each IAM group ({@code RemoveUserFromGroup}), one at a time, each recorded
 * as progress; the undo re-adds exactly those ({@code AddUserToGroup}). The before-image also
 * records, as evidence, the managed policies each group gave the user.
 */
final class RemoveFromGroups implements TargetAction {
  static final String NAME = "RemoveFromGroups";
  static final String GROUPS = "groups";
  static final String GROUP_POLICIES = "groupPolicies";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.CLEANUP,
          true,
          "iam:RemoveUserFromGroup",
          "Removes the IAM user from every IAM group; the undo adds it back to exactly those.");

  private final Iam iam;

  RemoveFromGroups(Iam iam) {
    this.iam = iam;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    List<String> groups = iam.groups(target.accountId());
    Map<String, String> m = new LinkedHashMap<>();
    m.put(GROUPS, Items.join(groups));
    List<String> policies = new ArrayList<>();
    for (String g : groups) {
      policies.add(g + "=" + String.join("|", iam.groupPolicies(g)));
    }
    m.put(GROUP_POLICIES, String.join(";", policies));
    return m;
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> groups = Items.split(before.get(GROUPS));
    if (groups.isEmpty()) {
      return new Decision.NoOp("IAM user " + target.accountId() + " is in no group");
    }
    return new Decision.Write(
        "remove IAM user "
            + target.accountId()
            + " from "
            + groups.size()
            + " group(s): "
            + String.join(", ", groups));
  }

  /**
   * Removes each group of the before-image not done yet. NoSuchEntity ("not in group", or the group
   * deleted since) means the membership is gone: it counts as done.
   */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    List<String> notes = new ArrayList<>();
    for (String group : Items.split(before.get(GROUPS))) {
      if (progress.isDone(group)) {
        continue;
      }
      progress.writing(group);
      if (!iam.removeFromGroup(target.accountId(), group)) {
        notes.add("not in " + group + " any more on this attempt");
      }
      progress.done(group);
    }
    return new Change(snapshot(target), true, null, List.of(), notes);
  }

  /**
   * Re-adds the groups this step removed (its progress), or, from a receipt without progress, every
   * group of the before-image the user is not in now. AddUserToGroup of a member answers 200.
   */
  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    List<String> before = Items.split(receipt.before().get(GROUPS));
    List<String> removed = Progress.itemsOf(receipt.after());
    List<String> restore =
        removed == null ? before : removed.stream().filter(before::contains).toList();
    List<String> now = iam.groups(target.accountId());
    for (String group : restore) {
      if (progress.isDone(group) || now.contains(group)) {
        continue;
      }
      progress.writing(group);
      if (!iam.addToGroup(target.accountId(), group)) {
        throw new TargetException.Rejected(
            "aws AddUserToGroup: group " + group + " no longer exists; it cannot be restored",
            null);
      }
      progress.done(group);
    }
    return snapshot(target);
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    List<String> left = iam.groups(target.accountId());
    return left.isEmpty()
        ? Check.removed("in no IAM group")
        : Check.stillGranted("still in " + String.join(", ", left));
  }
}
