package dev.leaver.workflows.contract;

import java.util.Map;
import java.util.Objects;

/**
 * What the workflow hands a connector activity.
 *
 * @param stepId the plan step, {@code system.Action}
 * @param requestId a workflow-generated id, the same for an action and its undo, for idempotency
 *     and correlation in the target's audit log
 * @param leaver the person
 * @param accountId the account found at resolution
 * @param receipt for undo and verify: the receipt the apply returned (or, for a step whose apply
 *     did not answer, one built from its before-image and the progress it reported); null otherwise
 * @param before for apply: the before-image the step's snapshot took once, before the first
 *     attempt, and the workflow keeps across retries and crashes; null for other operations
 * @param facts what the run knows that a step may record or depend on: {@code effectiveAt} and
 *     {@code hrEventId} of the termination, {@code handoverDays} and, once a revocation is
 *     scheduled, {@code handoverEndsAt}; and for each finished step this one is ordered after
 *     ({@code after}), its step id → {@code "<STATE> at <instant>"}; never null
 */
public record ActionInput(
    String stepId,
    String requestId,
    Leaver leaver,
    String accountId,
    Receipt receipt,
    Map<String, String> before,
    Map<String, String> facts) {
  public ActionInput {
    Objects.requireNonNull(stepId, "stepId == null");
    Objects.requireNonNull(leaver, "leaver == null");
    before = before == null ? null : Map.copyOf(before);
    facts = facts == null ? Map.of() : Map.copyOf(facts);
  }

  public ActionInput(
      String stepId,
      String requestId,
      Leaver leaver,
      String accountId,
      Receipt receipt,
      Map<String, String> before) {
    this(stepId, requestId, leaver, accountId, receipt, before, null);
  }

  /** Input for resolve-time operations (snapshot, preview, verify, undo): no kept before-image. */
  public ActionInput(
      String stepId, String requestId, Leaver leaver, String accountId, Receipt receipt) {
    this(stepId, requestId, leaver, accountId, receipt, null);
  }
}
