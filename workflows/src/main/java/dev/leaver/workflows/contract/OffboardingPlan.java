package dev.leaver.workflows.contract;

import java.time.Duration;
import java.util.List;

/**
 * What the policy asks for this leaver: the steps, in order within each system, and the delays.
 *
 * @param steps the steps; within a system and stage they run in this order
 * @param handoverPeriod how long the manager keeps delegated access (policy default 30 days)
 * @param policyName where the policy came from, for the evidence
 * @param requiredSystems systems the leaver must have an account in: no account there parks the
 *     system's resolution for an operator instead of passing as "nothing to do"
 * @param deletionGrace how long after the effective time accounts are deleted (on approval, never
 *     under legal hold); null when the policy deletes nothing
 * @param handoverReminder how long before the handover ends the reminder steps run (default 3 days)
 * @param notificationOnly the policy's notification-only mode: a run an HR system triggered changes
 *     nothing, and the operators are told what it would have changed
 */
public record OffboardingPlan(
    List<PlanStep> steps,
    Duration handoverPeriod,
    String policyName,
    List<String> requiredSystems,
    Duration deletionGrace,
    Duration handoverReminder,
    boolean notificationOnly) {
  public OffboardingPlan {
    handoverReminder = handoverReminder == null ? Duration.ofDays(3) : handoverReminder;
    steps = List.copyOf(steps);
    requiredSystems = requiredSystems == null ? List.of() : List.copyOf(requiredSystems);
    if (handoverPeriod == null || handoverPeriod.isNegative()) {
      throw new IllegalArgumentException("handoverPeriod must be zero or positive");
    }
  }

  /** The systems that appear in the plan, in first-appearance order. */
  public List<String> systems() {
    return steps.stream().map(PlanStep::system).distinct().toList();
  }
}
