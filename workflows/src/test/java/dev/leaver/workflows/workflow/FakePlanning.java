package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.contract.OffboardingPlan;
import dev.leaver.workflows.contract.PlanStep;
import dev.leaver.workflows.contract.PlanningActivities;
import dev.leaver.workflows.contract.Stage;
import java.time.Duration;
import java.util.List;

/** The plan a two-system policy would give. */
public final class FakePlanning implements PlanningActivities {
  public static final List<PlanStep> STEPS =
      List.of(
          new PlanStep("entra", "DisableAccount", Stage.KILL_SWITCH, true, "disable"),
          new PlanStep("entra", "RevokeSessions", Stage.KILL_SWITCH, false, "revoke sessions"),
          new PlanStep("entra", "RemoveGroupMemberships", Stage.CLEANUP, true, "groups"),
          new PlanStep("entra", "GrantOneDriveToManager", Stage.HANDOVER, true, "handover"),
          new PlanStep("slack", "DeactivateUser", Stage.KILL_SWITCH, true, "deactivate"),
          new PlanStep("slack", "ResetSessions", Stage.KILL_SWITCH, false, "sessions"));

  @Override
  public OffboardingPlan plan(OffboardingRequest request) {
    return new OffboardingPlan(STEPS, Duration.ofDays(30), "test policy");
  }
}
