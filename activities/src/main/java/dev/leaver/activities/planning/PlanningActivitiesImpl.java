package dev.leaver.activities.planning;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.contract.OffboardingPlan;
import dev.leaver.workflows.contract.OffboardingPolicy;
import dev.leaver.workflows.contract.PlanStep;
import dev.leaver.workflows.contract.PlanningActivities;
import dev.leaver.workflows.contract.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the policy into a plan. Systems the policy does not mention run every action their
 * connector offers; a system can be switched off or narrowed to a list of actions.
 */
public final class PlanningActivitiesImpl implements PlanningActivities {
  private final Connectors connectors;
  private final OffboardingPolicy policy;
  private final String policyName;
  private final OperatorChannel operators;

  public PlanningActivitiesImpl(
      Connectors connectors, OffboardingPolicy policy, String policyName) {
    this(connectors, policy, policyName, OperatorChannel.log());
  }

  public PlanningActivitiesImpl(
      Connectors connectors,
      OffboardingPolicy policy,
      String policyName,
      OperatorChannel operators) {
    this.operators = operators;
    this.connectors = connectors;
    this.policy = policy;
    this.policyName = policyName;
    List<String> populations = new ArrayList<>(List.of("employee"));
    populations.addAll(policy.populations().keySet());
    for (String population : populations) {
      String which = population.equals("employee") ? "" : " (population " + population + ")";
      OffboardingPolicy p;
      try {
        p = Policies.validated(policy.forPopulation(population), connectors);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            e.getMessage().replaceFirst("^invalid policy", "invalid policy" + which), e);
      }
      StepOrder.loop(steps(p))
          .ifPresent(
              loop -> {
                throw new IllegalArgumentException(
                    "invalid policy"
                        + which
                        + ": 'after' makes steps wait for each other forever: "
                        + String.join(" waits for ", loop));
              });
    }
  }

  @Override
  public OffboardingPlan plan(OffboardingRequest request) {
    String population =
        OffboardingPolicy.populationOf(
            request.population(), request.involuntary(), policy.populations().keySet());
    OffboardingPolicy policy = this.policy.forPopulation(population);
    List<String> required =
        connectors.all().stream()
            .map(TargetSystem::id)
            .filter(id -> policy.systems().containsKey(id))
            .filter(id -> policy.systems().get(id).enabled() && policy.systems().get(id).required())
            .toList();
    Duration deletionGrace =
        policy.deleteAfterDays() == null ? null : Duration.ofDays(policy.deleteAfterDays());
    String name =
        this.policy.populations().containsKey(population)
            ? policyName + " (population " + population + ")"
            : policyName;
    return new OffboardingPlan(
        steps(policy),
        policy.handoverPeriod(),
        name,
        required,
        deletionGrace,
        Duration.ofDays(policy.handoverReminderDays()),
        policy.notificationOnly());
  }

  @Override
  public void tellOperators(String employeeId, String text) {
    try {
      operators.tell(employeeId, text);
    } catch (dev.leaver.activities.target.TargetException.Rejected e) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), "Rejected");
    }
  }

  /** Every enabled system's actions in the connectors' order, each with what it waits for. */
  private List<PlanStep> steps(OffboardingPolicy policy) {
    List<PlanStep> steps = new ArrayList<>();
    for (TargetSystem system : connectors.all()) {
      OffboardingPolicy.SystemPolicy sp = policy.systems().get(system.id());
      if (sp != null && !sp.enabled()) {
        continue;
      }
      List<TargetAction> actions =
          sp == null || sp.actions().isEmpty()
              ? system.actions()
              : sp.actions().stream()
                  .map(a -> connectors.action(system.id(), a).orElseThrow())
                  .toList();
      for (TargetAction a : actions) {
        ActionSpec spec = a.spec();
        if (spec.stage() == Stage.DELETION && policy.deleteAfterDays() == null) {
          continue; // the policy deletes nothing
        }
        List<String> after = new ArrayList<>(spec.after());
        if (sp != null) {
          after.addAll(sp.after().getOrDefault(spec.name(), List.of()));
        }
        steps.add(
            new PlanStep(
                system.id(),
                spec.name(),
                spec.stage(),
                spec.reversible(),
                spec.description(),
                after));
      }
    }
    // A step waits only for steps that are in this plan: an AD step when AD is configured.
    List<String> planned = steps.stream().map(PlanStep::stepId).toList();
    return steps.stream()
        .map(
            s ->
                new PlanStep(
                    s.system(),
                    s.action(),
                    s.stage(),
                    s.reversible(),
                    s.description(),
                    s.after().stream().filter(planned::contains).distinct().toList()))
        .toList();
  }
}
