package dev.leaver.workflows.api;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-running offboarding per leaver, with id {@code offboarding-<employeeId>}.
 *
 * <p>Phases: resolve accounts → wait for the effective time → kill switch (parallel across systems)
 * → clean-up (parallel) → verify (re-read; anything still granted needs attention) → handover
 * period, after which the manager's delegated access is revoked → complete. A dry run resolves and
 * snapshots only.
 *
 * <p>A step that fails for good, exhausts its retries or leaves access behind is parked as {@link
 * StepState#NEEDS_ATTENTION} while the other steps go on; the run then waits for an operator's
 * {@link #retryStep} or {@link #skipStep}. Operators call the updates from the Temporal Web UI
 * ("Send an Update") or from {@code leaver}; each takes one JSON object naming the {@code operator}
 * (see {@link OperatorUpdate}), which the run records with the reason in its ledger, status and
 * evidence.
 */
@WorkflowInterface
public interface OffboardingWorkflow {

  /**
   * Runs the offboarding to its end.
   *
   * @param request the termination
   * @return the final status, the evidence of every step
   */
  @WorkflowMethod(name = "Offboarding")
  OffboardingStatus offboard(OffboardingRequest request);

  /** Every step with its state, timestamps, attempts and last error. */
  @QueryMethod
  OffboardingStatus status();

  /**
   * Cancels the offboarding. Before the kill switch nothing has been written and the run just ends;
   * after it, every applied reversible step is undone in reverse order and irreversible ones are
   * recorded as not restored.
   *
   * @param request {@code {"reason": …, "operator": …}}, both required
   * @return what will happen
   */
  @UpdateMethod
  String rescind(Rescind request);

  @UpdateValidatorMethod(updateName = "rescind")
  void validateRescind(Rescind request);

  /**
   * Runs a parked step again, e.g. after a missing permission was granted.
   *
   * @param request {@code {"step": "system.Action", "operator": …}}, optionally a {@code reason}
   */
  @UpdateMethod
  String retryStep(RetryStep request);

  @UpdateValidatorMethod(updateName = "retryStep")
  void validateRetryStep(RetryStep request);

  /**
   * Gives up on a parked step (or on a deletion not yet run), with a reason kept in the evidence.
   *
   * <p>Updates whose old form took two arguments keep a second parameter for histories recorded
   * before the one-object updates, so that in-flight runs replay with what was sent: current
   * callers leave it out (the Web UI, the CLI) or pass null.
   *
   * @param request {@code {"step": …, "reason": …, "operator": …}}, all required
   * @param reasonOfOldForm the old form's second argument; null from every current caller
   */
  @UpdateMethod
  String skipStep(SkipStep request, String reasonOfOldForm);

  @UpdateValidatorMethod(updateName = "skipStep")
  void validateSkipStep(SkipStep request, String reasonOfOldForm);

  /**
   * Approves deleting the leaver's accounts, for a policy that deletes them ({@code
   * deleteAfterDays}): they are deleted once the grace period has passed, unless a legal hold is
   * set. The approver is recorded in the evidence.
   *
   * @param request {@code {"approver": …, "reason": …, "operator": …}}: a reason and an approver or
   *     operator
   * @param reasonOfOldForm the old form's second argument; null from every current caller
   */
  @UpdateMethod
  String approveDeletion(ApproveDeletion request, String reasonOfOldForm);

  @UpdateValidatorMethod(updateName = "approveDeletion")
  void validateApproveDeletion(ApproveDeletion request, String reasonOfOldForm);

  /**
   * Sets or lifts a legal hold: while set, no account of this leaver is deleted, approved or not.
   * Everything else (disable, clean-up, handover) goes on.
   *
   * @param request {@code {"hold": true|false, "reason": …, "operator": …}}, all required
   * @param reasonOfOldForm the old form's second argument; null from every current caller
   */
  @UpdateMethod
  String setLegalHold(LegalHold request, String reasonOfOldForm);

  @UpdateValidatorMethod(updateName = "setLegalHold")
  void validateSetLegalHold(LegalHold request, String reasonOfOldForm);

  /**
   * Ends the handover period now: the manager's delegated access is revoked at once.
   *
   * @param request {@code {"operator": …}}, optionally a {@code reason}
   */
  @UpdateMethod
  String revokeDelegationNow(RevokeDelegation request);

  @UpdateValidatorMethod(updateName = "revokeDelegationNow")
  void validateRevokeDelegationNow(RevokeDelegation request);

  /**
   * Lets a run that the mass-termination brake held go on.
   *
   * @param request {@code {"reason": …, "operator": …}}: who approved it and why, both required
   */
  @UpdateMethod
  String release(Release request);

  @UpdateValidatorMethod(updateName = "release")
  void validateRelease(Release request);

  /**
   * Moves the effective time while the run is still waiting for it.
   *
   * @param request {@code {"effectiveAt": "2026-12-01T09:00:00Z", "operator": …}}, optionally a
   *     {@code reason}; a time in the past runs at once
   */
  @UpdateMethod
  String reschedule(Reschedule request);

  @UpdateValidatorMethod(updateName = "reschedule")
  void validateReschedule(Reschedule request);

  /**
   * {@link #rescind} for an HR event (a cancellation or rehire), sent by the intake: the run also
   * keeps the event's HR time in its memo ({@link HrEvent#RESCINDED_AT_MEMO}), so that once it has
   * closed a termination HR recorded later starts a new run and one recorded earlier does not.
   *
   * <p>The run keeps the HR time of the last HR event it applied (the one it was started for, then
   * each of these updates'). An event HR recorded before that one (an out-of-order delivery) is
   * ignored, noted in {@link OffboardingStatus#hrEventsIgnored}, and answered not applied.
   *
   * @param request {@code {"reason": …, "event": {"source", "eventId", "eventAt"}}}
   * @param eventOfOldForm the old form's second argument; null from every current caller
   */
  @UpdateMethod
  HrEvent.Answer rescindForHr(HrRescind request, HrEvent eventOfOldForm);

  @UpdateValidatorMethod(updateName = "rescindForHr")
  void validateRescindForHr(HrRescind request, HrEvent eventOfOldForm);

  /**
   * {@link #reschedule} for an HR event (a changed date), which the run keeps; sent by the intake.
   *
   * @param request {@code {"effectiveAt": …, "event": {"source", "eventId", "eventAt"}}}
   * @param eventOfOldForm the old form's second argument; null from every current caller
   */
  @UpdateMethod
  HrEvent.Answer rescheduleForHr(HrReschedule request, HrEvent eventOfOldForm);

  @UpdateValidatorMethod(updateName = "rescheduleForHr")
  void validateRescheduleForHr(HrReschedule request, HrEvent eventOfOldForm);
}
