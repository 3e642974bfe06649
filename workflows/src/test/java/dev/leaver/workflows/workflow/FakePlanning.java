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

  /**
   * The same steps, a reminder, and Entra's deletion, for a policy that deletes after a grace
   * period.
   */
  public static final List<PlanStep> WITH_DELETION =
      java.util.stream.Stream.concat(
              STEPS.stream(),
              java.util.stream.Stream.of(
                  new PlanStep("entra", "RemindManager", Stage.HANDOVER_ENDING, false, "remind"),
                  new PlanStep("entra", "DeleteAccount", Stage.DELETION, true, "delete")))
          .toList();

  /**
   * The same steps, a reminder to the manager before the handover ends and a notice once it has.
   */
  public static final List<PlanStep> WITH_REMINDER =
      java.util.stream.Stream.concat(
              STEPS.stream(),
              java.util.stream.Stream.of(
                  new PlanStep("entra", "RemindManager", Stage.HANDOVER_ENDING, false, "remind"),
                  new PlanStep(
                      "entra", "NotifyHandoverEnded", Stage.HANDOVER_ENDED, false, "ended")))
          .toList();

  private final List<PlanStep> steps;
  private final Duration deletionGrace;

  public FakePlanning() {
    this(STEPS, null);
  }

  private final boolean notificationOnly;

  public FakePlanning(List<PlanStep> steps, Duration deletionGrace) {
    this(steps, deletionGrace, false);
  }

  public FakePlanning(List<PlanStep> steps, Duration deletionGrace, boolean notificationOnly) {
    this.steps = steps;
    this.deletionGrace = deletionGrace;
    this.notificationOnly = notificationOnly;
  }

  /** What the operators were told, in order. */
  public final List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public void tellOperators(String employeeId, String text) {
    told.add(text);
  }

  @Override
  public OffboardingPlan plan(OffboardingRequest request) {
    return new OffboardingPlan(
        steps,
        Duration.ofDays(30),
        "test policy",
        List.of(),
        deletionGrace,
        null,
        notificationOnly);
  }
}
