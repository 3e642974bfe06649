package dev.leaver.workflows.api;

import dev.leaver.workflows.contract.PlannedChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the {@code status} query answers.
 *
 * @param employeeId the leaver
 * @param phase where the run is
 * @param effectiveAt when access ends
 * @param hrEventAt when HR recorded it
 * @param killSwitchCompletedAt when the last kill-switch step finished
 * @param hrEventToKillSwitch the latency an auditor compares; null until the kill switch is done
 * @param needsAttention true while any step waits for an operator
 * @param rescindReason why it was rescinded, if it was
 * @param steps every step, in plan order
 * @param plannedChanges a dry run's answer
 * @param deletion where the deletion of the accounts stands; null when the policy deletes nothing
 * @param notificationOnly for a run the policy's notification-only mode made a dry run: whether the
 *     operator channel was told what it would have changed ("told", or "not told: why"); else null
 * @param lastHrEventAt the HR time of the last HR event the run applied (start, or an HR reschedule
 *     or rescind)
 * @param lastHrEventId that event's id
 * @param hrEventsIgnored HR events the run ignored as older than the last one it applied, each with
 *     why
 * @param operatorActions every update the run accepted from an operator or the HR intake, oldest
 *     first: who, what, on which step, why and when
 * @param handoverEndsAt when the manager's delegated access is due to be revoked; null while no
 *     handover is scheduled
 * @param outcome how the run ended; null while it runs
 */
public record OffboardingStatus(
    String employeeId,
    Phase phase,
    Instant effectiveAt,
    Instant hrEventAt,
    Instant killSwitchCompletedAt,
    Duration hrEventToKillSwitch,
    boolean needsAttention,
    String rescindReason,
    List<StepStatus> steps,
    List<PlannedChange> plannedChanges,
    Deletion deletion,
    String notificationOnly,
    Instant lastHrEventAt,
    String lastHrEventId,
    List<String> hrEventsIgnored,
    List<OperatorAction> operatorActions,
    Instant handoverEndsAt,
    Outcome outcome) {
  public OffboardingStatus {
    steps = steps == null ? List.of() : List.copyOf(steps);
    operatorActions = operatorActions == null ? List.of() : List.copyOf(operatorActions);
    plannedChanges = plannedChanges == null ? List.of() : List.copyOf(plannedChanges);
    hrEventsIgnored = hrEventsIgnored == null ? List.of() : List.copyOf(hrEventsIgnored);
  }

  /** A status that says nothing of the HR events applied (as before runs kept them). */
  public OffboardingStatus(
      String employeeId,
      Phase phase,
      Instant effectiveAt,
      Instant hrEventAt,
      Instant killSwitchCompletedAt,
      Duration hrEventToKillSwitch,
      boolean needsAttention,
      String rescindReason,
      List<StepStatus> steps,
      List<PlannedChange> plannedChanges,
      Deletion deletion,
      String notificationOnly) {
    this(
        employeeId,
        phase,
        effectiveAt,
        hrEventAt,
        killSwitchCompletedAt,
        hrEventToKillSwitch,
        needsAttention,
        rescindReason,
        steps,
        plannedChanges,
        deletion,
        notificationOnly,
        null,
        null,
        null);
  }

  /** A status without who acted, the handover end or the outcome (as before runs kept them). */
  public OffboardingStatus(
      String employeeId,
      Phase phase,
      Instant effectiveAt,
      Instant hrEventAt,
      Instant killSwitchCompletedAt,
      Duration hrEventToKillSwitch,
      boolean needsAttention,
      String rescindReason,
      List<StepStatus> steps,
      List<PlannedChange> plannedChanges,
      Deletion deletion,
      String notificationOnly,
      Instant lastHrEventAt,
      String lastHrEventId,
      List<String> hrEventsIgnored) {
    this(
        employeeId,
        phase,
        effectiveAt,
        hrEventAt,
        killSwitchCompletedAt,
        hrEventToKillSwitch,
        needsAttention,
        rescindReason,
        steps,
        plannedChanges,
        deletion,
        notificationOnly,
        lastHrEventAt,
        lastHrEventId,
        hrEventsIgnored,
        null,
        null,
        null);
  }

  /** The step with this id, or null. */
  public StepStatus step(String stepId) {
    return steps.stream().filter(s -> s.stepId().equals(stepId)).findFirst().orElse(null);
  }
}
