package dev.leaver.workflows.contract;

import java.util.List;
import java.util.Objects;

/**
 * One action the policy asks for on one system.
 *
 * @param system target system id, e.g. {@code entra}
 * @param action action name, e.g. {@code DisableAccount}
 * @param stage when the action runs
 * @param reversible whether the action can be undone from its receipt; irreversible steps are
 *     recorded as such and never pretended restored
 * @param description what the action does, for the status and the evidence
 * @param after step ids ({@code system.Action}) of other systems that must have finished before
 *     this one starts, e.g. {@code ad.DisableAccount} before {@code entra.DisableAccount} for an
 *     account synced from on-prem AD; only steps that are in the plan
 */
public record PlanStep(
    String system,
    String action,
    Stage stage,
    boolean reversible,
    String description,
    List<String> after) {
  public PlanStep {
    Objects.requireNonNull(system, "system == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(stage, "stage == null");
    after = after == null ? List.of() : List.copyOf(after);
  }

  /** A step that waits for no other system. */
  public PlanStep(
      String system, String action, Stage stage, boolean reversible, String description) {
    this(system, action, stage, reversible, description, List.of());
  }

  /** The step id operators use in {@code retryStep} and {@code skipStep}: {@code system.Action}. */
  public String stepId() {
    return system + "." + action;
  }
}
