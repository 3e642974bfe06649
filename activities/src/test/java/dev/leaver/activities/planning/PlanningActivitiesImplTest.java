package dev.leaver.activities.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.OffboardingPlan;
import dev.leaver.workflows.contract.OffboardingPolicy;
import dev.leaver.workflows.contract.OffboardingPolicy.SystemPolicy;
import dev.leaver.workflows.contract.PlanStep;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanningActivitiesImplTest {

  private record Named(String name, Stage stage, boolean reversible) implements TargetAction {
    @Override
    public ActionSpec spec() {
      return ActionSpec.of(name, stage, reversible, "none", name);
    }

    @Override
    public Map<String, String> snapshot(Target t) {
      return Map.of();
    }

    @Override
    public Decision decide(Target t, Map<String, String> before) {
      return new Decision.NoOp("");
    }

    @Override
    public Change apply(Target t, Map<String, String> b, Decision.Write w, Progress p) {
      return Change.of(Map.of(), false);
    }

    @Override
    public Check verify(Target t, Receipt r) {
      return Check.removed("");
    }
  }

  private record FakeSystem(String id, List<TargetAction> actions) implements TargetSystem {
    @Override
    public Resolution resolve(Leaver leaver) {
      return Resolution.notFound(id, "n/a");
    }
  }

  private final Connectors connectors =
      new Connectors(
          List.of(
              new FakeSystem(
                  "entra",
                  List.of(
                      new Named("DisableAccount", Stage.KILL_SWITCH, true),
                      new Named("RevokeSessions", Stage.KILL_SWITCH, false),
                      new Named("GrantOneDriveToManager", Stage.HANDOVER, true),
                      new Named("DeleteAccount", Stage.DELETION, true))),
              new FakeSystem(
                  "slack", List.of(new Named("DeactivateUser", Stage.KILL_SWITCH, true)))));

  private final OffboardingRequest request =
      new OffboardingRequest(
          "E1",
          "a@b.example",
          null,
          Instant.parse("2026-11-30T00:00:00Z"),
          "UTC",
          "e",
          null,
          "test",
          false,
          false);

  @Test
  void aPolicyYamlNarrowsActionsSwitchesSystemsOffAndSetsTheHandoverPeriod(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
        handoverDays: 14
        systems:
          entra:
            actions: [RevokeSessions, DisableAccount]
          slack:
            enabled: false
        """);

    OffboardingPlan plan =
        new PlanningActivitiesImpl(connectors, Policies.read(file), file.toString()).plan(request);

    assertThat(plan.steps())
        .extracting(PlanStep::stepId)
        .containsExactly("entra.RevokeSessions", "entra.DisableAccount");
    assertThat(plan.steps().get(0).reversible()).isFalse();
    assertThat(plan.handoverPeriod()).isEqualTo(Duration.ofDays(14));
  }

  @Test
  void theDefaultPolicyRunsEveryActionOfEveryConnectorWithThirtyDaysOfHandover() {
    OffboardingPlan plan =
        new PlanningActivitiesImpl(connectors, Policies.defaults(), "default").plan(request);

    assertThat(plan.steps())
        .extracting(PlanStep::stepId)
        .containsExactly(
            "entra.DisableAccount",
            "entra.RevokeSessions",
            "entra.GrantOneDriveToManager",
            "slack.DeactivateUser");
    assertThat(plan.handoverPeriod()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void aPolicyNamingUnknownSystemsOrActionsIsRefusedWithEveryProblemListed() {
    OffboardingPolicy policy =
        new OffboardingPolicy(
            30,
            Map.of(
                "entra", new SystemPolicy(true, List.of("DisableAcount")),
                "github", new SystemPolicy(true, List.of())));

    assertThatThrownBy(() -> new PlanningActivitiesImpl(connectors, policy, "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("system 'entra' has no action 'DisableAcount'")
        .hasMessageContaining("policy names system 'github' but the worker has no such connector");
  }

  @Test
  void anAfterThatMakesTwoSystemsWaitForEachOtherIsRefusedNamingTheLoop() {
    OffboardingPolicy policy =
        new OffboardingPolicy(
            30,
            Map.of(
                "entra",
                    new SystemPolicy(
                        true,
                        List.of(),
                        false,
                        Map.of("DisableAccount", List.of("slack.DeactivateUser"))),
                "slack",
                    new SystemPolicy(
                        true,
                        List.of(),
                        false,
                        Map.of("DeactivateUser", List.of("entra.DisableAccount")))));

    assertThatThrownBy(() -> new PlanningActivitiesImpl(connectors, policy, "loop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wait for each other forever")
        .hasMessageContaining("entra.DisableAccount waits for slack.DeactivateUser")
        .hasMessageContaining("slack.DeactivateUser waits for entra.DisableAccount");
  }

  @Test
  void aKillSwitchStepOrderedAfterACleanUpStepIsRefusedBecauseCleanUpWaitsForTheKillSwitch() {
    OffboardingPolicy policy =
        new OffboardingPolicy(
            30,
            Map.of(
                "slack",
                new SystemPolicy(
                    true,
                    List.of(),
                    false,
                    Map.of("DeactivateUser", List.of("entra.GrantOneDriveToManager")))));

    assertThatThrownBy(() -> new PlanningActivitiesImpl(connectors, policy, "late"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slack.DeactivateUser waits for entra.GrantOneDriveToManager");
  }

  @Test
  void anAfterAcrossSystemsInTheSameStageIsPlanned() {
    OffboardingPolicy policy =
        new OffboardingPolicy(
            30,
            Map.of(
                "slack",
                new SystemPolicy(
                    true,
                    List.of(),
                    false,
                    Map.of("DeactivateUser", List.of("entra.DisableAccount")))));

    OffboardingPlan plan = new PlanningActivitiesImpl(connectors, policy, "ordered").plan(request);

    assertThat(plan.steps())
        .filteredOn(s -> s.stepId().equals("slack.DeactivateUser"))
        .singleElement()
        .satisfies(s -> assertThat(s.after()).containsExactly("entra.DisableAccount"));
  }

  @Test
  void deletionIsPlannedOnlyWhenThePolicySetsAGracePeriod() {
    OffboardingPlan none =
        new PlanningActivitiesImpl(connectors, Policies.defaults(), "default").plan(request);
    OffboardingPlan deleting =
        new PlanningActivitiesImpl(connectors, new OffboardingPolicy(30, Map.of(), 90), "deleting")
            .plan(request);

    assertThat(none.steps()).extracting(PlanStep::stepId).doesNotContain("entra.DeleteAccount");
    assertThat(none.deletionGrace()).isNull();
    assertThat(deleting.steps()).extracting(PlanStep::stepId).contains("entra.DeleteAccount");
    assertThat(deleting.deletionGrace()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void aContractorGetsThePopulationsSystemsAndDelaysAndEveryoneElseThePolicy(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
        handoverDays: 30
        populations:
          contractor:
            handoverDays: 0
            deleteAfterDays: 7
            systems:
              entra:
                actions: [DisableAccount, RevokeSessions]
          involuntary:
            systems:
              slack:
                enabled: false
        """);
    PlanningActivitiesImpl planning =
        new PlanningActivitiesImpl(connectors, Policies.read(file), "p.yaml");

    OffboardingPlan contractor = planning.plan(request.withPopulation("contractor"));
    OffboardingPlan employee = planning.plan(request);

    assertThat(contractor.steps())
        .extracting(PlanStep::stepId)
        .containsExactly("entra.DisableAccount", "entra.RevokeSessions", "slack.DeactivateUser");
    assertThat(contractor.handoverPeriod()).isZero();
    assertThat(contractor.deletionGrace()).isEqualTo(Duration.ofDays(7));
    assertThat(contractor.policyName()).isEqualTo("p.yaml (population contractor)");
    assertThat(employee.steps())
        .extracting(PlanStep::stepId)
        .contains("entra.GrantOneDriveToManager", "slack.DeactivateUser");
    assertThat(employee.handoverPeriod()).isEqualTo(Duration.ofDays(30));
    assertThat(employee.deletionGrace()).isNull();
  }

  @Test
  void anInvoluntaryTerminationTakesTheInvoluntaryPopulationEvenForAContractor() {
    OffboardingPolicy policy =
        new OffboardingPolicy(
            30,
            Map.of(),
            null,
            Map.of(
                "involuntary", new OffboardingPolicy.Population(0, null, Map.of()),
                "contractor", new OffboardingPolicy.Population(14, null, Map.of())));
    OffboardingRequest involuntary =
        new OffboardingRequest(
            "E1",
            "a@b.example",
            null,
            Instant.parse("2026-11-30T00:00:00Z"),
            "UTC",
            "e",
            null,
            "test",
            true,
            false,
            false,
            "contractor");

    OffboardingPlan plan = new PlanningActivitiesImpl(connectors, policy, "p").plan(involuntary);

    assertThat(plan.handoverPeriod()).isZero();
    assertThat(plan.policyName()).isEqualTo("p (population involuntary)");
  }

  @Test
  void aPopulationNamingAnUnknownActionIsRefusedNamingThePopulation() {
    OffboardingPolicy policy =
        new OffboardingPolicy(
            30,
            Map.of(),
            null,
            Map.of(
                "contractor",
                new OffboardingPolicy.Population(
                    null, null, Map.of("entra", new SystemPolicy(true, List.of("Nuke"))))));

    assertThatThrownBy(() -> new PlanningActivitiesImpl(connectors, policy, "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid policy (population contractor)")
        .hasMessageContaining("system 'entra' has no action 'Nuke'");
  }

  @Test
  void aCleanUpStepOrderedAfterADeletionIsRefusedBecauseDeletionRunsLast() {
    OffboardingPolicy policy =
        new OffboardingPolicy(
            30,
            Map.of(
                "slack",
                new SystemPolicy(
                    true,
                    List.of(),
                    false,
                    Map.of("DeactivateUser", List.of("entra.DeleteAccount")))),
            30);

    assertThatThrownBy(() -> new PlanningActivitiesImpl(connectors, policy, "late"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wait for each other forever")
        .hasMessageContaining("entra.DeleteAccount");
  }

  @Test
  void anAfterNamingAMisspeltActionOfAnInstalledSystemIsRefused() {
    OffboardingPolicy policy =
        new OffboardingPolicy(
            30,
            Map.of(
                "slack",
                new SystemPolicy(
                    true,
                    List.of(),
                    false,
                    Map.of("DeactivateUser", List.of("entra.DisableAcount")))));

    assertThatThrownBy(() -> new PlanningActivitiesImpl(connectors, policy, "typo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names entra.DisableAcount, but entra has no action 'DisableAcount'");
  }

  @Test
  void handoverMinutesShortensEveryHandoverExceptAPopulationsOwnDays(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
        handoverDays: 30
        handoverMinutes: 20
        populations:
          contractor: {handoverDays: 0}
        """);
    PlanningActivitiesImpl planning =
        new PlanningActivitiesImpl(connectors, Policies.read(file), "acceptance");
    OffboardingRequest contractor =
        new OffboardingRequest(
            "E2",
            "c@b.example",
            null,
            Instant.parse("2026-11-30T00:00:00Z"),
            "UTC",
            "e",
            null,
            "test",
            false,
            false,
            false,
            "contractor");

    assertThat(planning.plan(request).handoverPeriod()).isEqualTo(Duration.ofMinutes(20));
    assertThat(planning.plan(contractor).handoverPeriod()).isZero();
  }

  @Test
  void aHandoverOfZeroMinutesIsRefusedPointingAtHandoverDays() {
    assertThatThrownBy(() -> new OffboardingPolicy(30, Map.of(), null, null, null, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("handoverMinutes must be at least 1: 0 (for no handover, set handoverDays: 0)");
  }
}
