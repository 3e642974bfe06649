package dev.leaver.workflows.contract;

import java.time.Duration;
import java.util.List;

/**
 * What the policy asks for this leaver: the steps, in order within each system, and the delays.
 *
 * @param steps the steps; within a system and stage they run in this order
 * @param handoverPeriod how long the manager keeps delegated access (policy default 30 days)
 * @param policyName where the policy came from, for the evidence
 */
public record OffboardingPlan(List<PlanStep> steps, Duration handoverPeriod, String policyName) {
  public OffboardingPlan {
    steps = List.copyOf(steps);
    if (handoverPeriod == null || handoverPeriod.isNegative()) {
      throw new IllegalArgumentException("handoverPeriod must be zero or positive");
    }
  }

  /** The systems that appear in the plan, in first-appearance order. */
  public List<String> systems() {
    return steps.stream().map(PlanStep::system).distinct().toList();
  }
}
