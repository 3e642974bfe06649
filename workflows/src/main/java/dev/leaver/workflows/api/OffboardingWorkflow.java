package dev.leaver.workflows.api;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Instant;

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
 * ("Send an Update") or from {@code leaver}.
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
   * Cancels the offboarding. Before the kill switch nothing has been written and the run just
   * ends; after it, every applied reversible step is undone in reverse order and irreversible ones
   * are recorded as not restored.
   *
   * @param reason why, for the evidence; required
   * @return what will happen
   */
  @UpdateMethod
  String rescind(String reason);

  @UpdateValidatorMethod(updateName = "rescind")
  void validateRescind(String reason);

  /**
   * Runs a parked step again, e.g. after a missing permission was granted.
   *
   * @param stepId {@code system.Action}, as the status shows it
   */
  @UpdateMethod
  String retryStep(String stepId);

  @UpdateValidatorMethod(updateName = "retryStep")
  void validateRetryStep(String stepId);

  /**
   * Gives up on a parked step, with a reason kept in the evidence.
   *
   * @param stepId {@code system.Action}
   * @param reason why, e.g. "removed by hand in the on-prem AD"; required
   */
  @UpdateMethod
  String skipStep(String stepId, String reason);

  @UpdateValidatorMethod(updateName = "skipStep")
  void validateSkipStep(String stepId, String reason);

  /** Ends the handover period now: the manager's delegated access is revoked at once. */
  /**
   * Approves deleting the leaver's accounts, for a policy that deletes them ({@code
   * deleteAfterDays}): they are deleted once the grace period has passed, unless a legal hold is
   * set. The approver is recorded in the evidence.
   *
   * @param approver who approves, by name or id
   * @param reason why, e.g. the ticket; required
   */
  @UpdateMethod
  String approveDeletion(String approver, String reason);

  @UpdateValidatorMethod(updateName = "approveDeletion")
  void validateApproveDeletion(String approver, String reason);

  /**
   * Sets or lifts a legal hold: while set, no account of this leaver is deleted, approved or not.
   * Everything else (disable, clean-up, handover) goes on.
   *
   * @param hold true to set, false to lift
   * @param reason who asked for it and why; required
   */
  @UpdateMethod
  String setLegalHold(boolean hold, String reason);

  @UpdateValidatorMethod(updateName = "setLegalHold")
  void validateSetLegalHold(boolean hold, String reason);

  @UpdateMethod
  String revokeDelegationNow();

  @UpdateValidatorMethod(updateName = "revokeDelegationNow")
  void validateRevokeDelegationNow();

  /**
   * Lets a run that the mass-termination brake held go on.
   *
   * @param reason who approved it and why, for the evidence; required
   */
  @UpdateMethod
  String release(String reason);

  @UpdateValidatorMethod(updateName = "release")
  void validateRelease(String reason);

  /**
   * Moves the effective time while the run is still waiting for it.
   *
   * @param effectiveAt the new effective time; a time in the past runs at once
   */
  @UpdateMethod
  String reschedule(Instant effectiveAt);

  @UpdateValidatorMethod(updateName = "reschedule")
  void validateReschedule(Instant effectiveAt);

  /**
   * {@link #rescind} for an HR event (a cancellation or rehire): the run also keeps the event's
   * HR time in its memo ({@link HrEvent#RESCINDED_AT_MEMO}), so that once it has closed a
   * termination HR recorded later starts a new run and one recorded earlier does not.
   *
   * <p>The run keeps the HR time of the last HR event it applied (the one it was started for, then
   * each of these updates'). An event HR recorded before that one (an out-of-order delivery) is
   * ignored, noted in {@link OffboardingStatus#hrEventsIgnored}, and answered not applied.
   */
  @UpdateMethod
  HrEvent.Answer rescindForHr(String reason, HrEvent event);

  @UpdateValidatorMethod(updateName = "rescindForHr")
  void validateRescindForHr(String reason, HrEvent event);

  /** {@link #reschedule} for an HR event (a changed date), which the run keeps. */
  @UpdateMethod
  HrEvent.Answer rescheduleForHr(Instant effectiveAt, HrEvent event);

  @UpdateValidatorMethod(updateName = "rescheduleForHr")
  void validateRescheduleForHr(Instant effectiveAt, HrEvent event);
}
