package dev.leaver.activities.target;

import dev.leaver.workflows.contract.ActivityTypes;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Verification;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt of one action, turned into evidence: the decision from the kept before-image, the
 * write when there is one, and the receipt. The activity dispatcher runs every connector through
 * it, and so does the shared contract test, so both see the same behaviour.
 *
 * @param system the system's id
 * @param action the action
 * @param target the account, person and request id
 * @param clock for the receipt's timestamps
 * @param attempt the activity attempt number, for the evidence
 * @param progress items done so far in this step (carried across attempts)
 */
public record Attempt(
    String system,
    TargetAction action,
    Target target,
    Clock clock,
    int attempt,
    Progress progress) {

  /**
   * Applies from the before-image the step took before its first attempt.
   *
   * @return changed=true whenever the before-image needed a write, even if an earlier attempt of
   *     the same step already made it
   */
  public Receipt apply(Map<String, String> before) {
    Instant started = clock.instant();
    Decision decision = action.decide(target, before);
    if (decision instanceof Decision.Write w) {
      Change change = action.apply(target, before, w, progress);
      Map<String, String> after = new LinkedHashMap<>(change.after());
      if (!progress.items().isEmpty()) {
        after.put(Progress.ITEMS, String.join(",", progress.items()));
      }
      List<String> remaining = new ArrayList<>(w.leftBehind());
      change.remaining().stream().filter(r -> !remaining.contains(r)).forEach(remaining::add);
      return receipt(
          action.name(),
          before,
          after,
          true,
          change.apiRequestId(),
          started,
          remaining,
          change.notes());
    }
    List<String> left = decision instanceof Decision.CannotHere c ? c.leftBehind() : List.of();
    return receipt(
        action.name(), before, before, false, null, started, left, List.of(decision.plan()));
  }

  /**
   * Restores the before-image from a receipt, or from one built for an apply that never answered.
   *
   * @throws IrreversibleException for an action that cannot be undone
   */
  public Receipt undo(Receipt applied) {
    if (!action.spec().reversible()) {
      throw new IrreversibleException(system + "." + action.name() + " cannot be undone");
    }
    Instant started = clock.instant();
    Map<String, String> restored = action.undo(target, applied, progress);
    return receipt(
        action.name() + ActivityTypes.UNDO,
        applied.after(),
        restored,
        true,
        null,
        started,
        List.of(),
        List.of());
  }

  /** The dry run: read now, decide, write nothing. */
  public PlannedChange preview(String stepId) {
    Map<String, String> current = action.snapshot(target);
    Decision decision = action.decide(target, current);
    return new PlannedChange(
        stepId, target.accountId(), current, decision instanceof Decision.Write, decision.plan());
  }

  public Verification verify(Receipt applied) {
    Check check = action.verify(target, applied);
    return new Verification(check.accessRemoved(), check.detail(), clock.instant());
  }

  /**
   * What the workflow undoes from when an apply never answered: the before-image, and the items the
   * apply reported before it failed (null when it reported none).
   */
  public Receipt unanswered(Map<String, String> before, List<String> itemsDone) {
    Map<String, String> after = new LinkedHashMap<>();
    if (itemsDone != null) {
      after.put(Progress.ITEMS, String.join(",", itemsDone));
    }
    return receipt(
        action.name(),
        before,
        after,
        true,
        null,
        clock.instant(),
        List.of(),
        List.of("the apply did not answer"));
  }

  private Receipt receipt(
      String name,
      Map<String, String> before,
      Map<String, String> after,
      boolean changed,
      String apiRequestId,
      Instant started,
      List<String> remaining,
      List<String> notes) {
    return new Receipt(
        system,
        name,
        target.accountId(),
        before,
        after,
        changed,
        action.spec().reversible(),
        target.requestId(),
        apiRequestId,
        started,
        clock.instant(),
        attempt,
        remaining,
        notes);
  }
}
