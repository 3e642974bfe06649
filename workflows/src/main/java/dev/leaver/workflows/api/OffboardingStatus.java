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
    String notificationOnly) {
  public OffboardingStatus {
    steps = steps == null ? List.of() : List.copyOf(steps);
    plannedChanges = plannedChanges == null ? List.of() : List.copyOf(plannedChanges);
  }

  /** The step with this id, or null. */
  public StepStatus step(String stepId) {
    return steps.stream().filter(s -> s.stepId().equals(stepId)).findFirst().orElse(null);
  }
}
