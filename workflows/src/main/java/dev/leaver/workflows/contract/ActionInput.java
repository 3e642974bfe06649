package dev.leaver.workflows.contract;

import java.util.Objects;

/**
 * What the workflow hands a connector activity.
 *
 * @param stepId the plan step, {@code system.Action}
 * @param requestId a workflow-generated id, the same for an action and its undo, for idempotency
 *     and correlation in the target's audit log
 * @param leaver the person
 * @param accountId the account found at resolution
 * @param receipt for undo and verify: the receipt the apply returned; null otherwise
 */
public record ActionInput(
    String stepId, String requestId, Leaver leaver, String accountId, Receipt receipt) {
  public ActionInput {
    Objects.requireNonNull(stepId, "stepId == null");
    Objects.requireNonNull(leaver, "leaver == null");
  }
}
