package dev.leaver.workflows.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.Release;
import dev.leaver.workflows.api.Reschedule;
import dev.leaver.workflows.api.Rescind;
import dev.leaver.workflows.api.RetryStep;
import dev.leaver.workflows.api.RevokeDelegation;
import dev.leaver.workflows.api.SkipStep;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OffboardingWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = OffboardingTestServer.extension();

  private final FakeTenant tenant = new FakeTenant();
  private final FakePlanning planning = new FakePlanning();
  private final FakeEvidence evidence = new FakeEvidence();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    env.newWorker(TaskQueues.CONTROL).registerActivitiesImplementations(planning, evidence);
    // The plan is a local activity: the workflow's own worker runs it, as the control worker does.
    worker.registerActivitiesImplementations(planning);
    for (String system : List.of("entra", "slack")) {
      env.newWorker(TaskQueues.killSwitch(system)).registerActivitiesImplementations(tenant);
      env.newWorker(TaskQueues.cleanup(system)).registerActivitiesImplementations(tenant);
      env.newWorker(TaskQueues.reads(system)).registerActivitiesImplementations(tenant);
    }
    env.start();
  }

  @Test
  void happyPathRemovesAccessVerifiesItAndRevokesTheHandoverAfterThirtyDays() {
    OffboardingStatus result = result(start(request(now(), false)));

    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(result.needsAttention()).isFalse();
    for (String step :
        List.of(
            "entra.DisableAccount",
            "entra.RevokeSessions",
            "entra.RemoveGroupMemberships",
            "slack.DeactivateUser",
            "slack.ResetSessions")) {
      assertThat(result.step(step).state()).as(step).isEqualTo(StepState.DONE);
      assertThat(result.step(step).verifiedAt()).as(step + " verified").isNotNull();
      assertThat(tenant.granted.get(step)).as(step + " access in the tenant").isFalse();
    }
    assertThat(tenant.calls.indexOf("entra.DisableAccount"))
        .as("disable before revoking sessions")
        .isLessThan(tenant.calls.indexOf("entra.RevokeSessions"));
    StepStatus grant = result.step("entra.GrantOneDriveToManager");
    StepStatus revoke = result.step("entra.GrantOneDriveToManager.Revoke");
    assertThat(grant.state()).isEqualTo(StepState.DONE);
    assertThat(revoke.state()).isEqualTo(StepState.DONE);
    assertThat(Duration.between(grant.completedAt(), revoke.completedAt()))
        .isGreaterThanOrEqualTo(Duration.ofDays(30));
    assertThat(tenant.granted.get("entra.GrantOneDriveToManager")).as("manager access").isFalse();
    assertThat(result.hrEventToKillSwitch()).isNotNull().isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void aKillSwitchThatOpensAtOnceTakesItsBeforeImagesWithTheResolutionAndWritesOnItsOwnQueue() {
    OffboardingWorkflow wf = start(request(now(), false));
    awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);

    java.util.Map<String, String> queueOf = new java.util.HashMap<>();
    java.util.Map<Long, String> scheduled = new java.util.HashMap<>();
    java.util.Map<String, Long> answeredAt = new java.util.HashMap<>();
    java.util.Map<String, Long> taskOf = new java.util.HashMap<>();
    for (var e : client.fetchHistory(WorkflowIds.forEmployee("E1001")).getEvents()) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        var a = e.getActivityTaskScheduledEventAttributes();
        scheduled.put(e.getEventId(), a.getActivityType().getName());
        queueOf.putIfAbsent(a.getActivityType().getName(), a.getTaskQueue().getName());
        taskOf.putIfAbsent(a.getActivityType().getName(), a.getWorkflowTaskCompletedEventId());
      } else if (e.hasActivityTaskCompletedEventAttributes()) {
        answeredAt.putIfAbsent(
            scheduled.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId()),
            e.getEventId());
      }
    }
    assertThat(queueOf)
        .as("the plan is a local activity: no round trip through the server")
        .doesNotContainKey("Plan")
        .containsEntry("entra.ResolveAndSnapshot", TaskQueues.reads("entra"))
        .containsEntry("slack.ResolveAndSnapshot", TaskQueues.reads("slack"))
        .as("the kill-switch steps' before-images came with the resolution")
        .doesNotContainKeys(
            "entra.Resolve",
            "entra.DisableAccount.Snapshot",
            "entra.RevokeSessions.Snapshot",
            "slack.DeactivateUser.Snapshot",
            "slack.ResetSessions.Snapshot")
        .as("writes keep the kill-switch queue's write budget")
        .containsEntry("entra.DisableAccount", TaskQueues.killSwitch("entra"))
        .containsEntry("slack.DeactivateUser", TaskQueues.killSwitch("slack"))
        .as("clean-up's reads stay with clean-up")
        .containsEntry("entra.RemoveGroupMemberships.Snapshot", TaskQueues.cleanup("entra"));
    assertThat(taskOf.get("entra.DisableAccount"))
        .as("the first write is asked for in the task that read the resolution's answer")
        .isGreaterThan(answeredAt.get("entra.ResolveAndSnapshot"));
    assertThat(wf.status().step("entra.DisableAccount").state()).isEqualTo(StepState.DONE);
    assertThat(tenant.calls)
        .as("no kill-switch step read its before-image again")
        .noneMatch(c -> c.equals("entra.DisableAccount.Snapshot"));
  }

  @Test
  void anOlderWorkerThatDoesNotKnowResolveAndSnapshotGetsThePlainResolveAndNothingParks() {
    tenant.knowsResolveAndSnapshot = false; // a rolling upgrade: the old worker took the read

    OffboardingStatus result = result(start(request(now(), false)));

    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(result.step("entra.Resolve").state()).isEqualTo(StepState.DONE);
    assertThat(result.step("entra.Resolve").attempts()).isEqualTo(1);
    assertThat(tenant.calls)
        .contains(
            "entra.ResolveAndSnapshot",
            "entra.Resolve",
            "entra.DisableAccount.Snapshot",
            "slack.DeactivateUser.Snapshot");
    assertThat(tenant.granted.get("entra.DisableAccount")).isFalse();
  }

  @Test
  void aRunWhoseDateHasPassedShowsCleanUpOnlyOnceEveryKillSwitchStepIsDone() {
    OffboardingWorkflow wf = start(request(now(), false));
    awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);

    java.util.Map<Long, String> scheduled = new java.util.HashMap<>();
    long lastKillSwitchAnswer = 0;
    java.util.Map<String, Long> phaseShownAt = new java.util.HashMap<>();
    List<String> killSwitch =
        List.of(
            "entra.Resolve",
            "slack.Resolve",
            "entra.DisableAccount",
            "entra.RevokeSessions",
            "slack.DeactivateUser",
            "slack.ResetSessions");
    for (var e : client.fetchHistory(WorkflowIds.forEmployee("E1001")).getEvents()) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        scheduled.put(
            e.getEventId(),
            e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (e.hasActivityTaskCompletedEventAttributes()
          && killSwitch.contains(
              scheduled.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId()))) {
        lastKillSwitchAnswer = e.getEventId();
      } else if (e.hasUpsertWorkflowSearchAttributesEventAttributes()) {
        var phase =
            e.getUpsertWorkflowSearchAttributesEventAttributes()
                .getSearchAttributes()
                .getIndexedFieldsMap()
                .get("LeaverPhase");
        if (phase != null) {
          phaseShownAt.putIfAbsent(
              phase.getData().toStringUtf8().replace("\"", ""), e.getEventId());
        }
      }
    }
    assertThat(phaseShownAt).containsKeys("KILL_SWITCH", "CLEANUP", "VERIFYING");
    assertThat(phaseShownAt.get("CLEANUP"))
        .as("LeaverPhase=CLEANUP only after both Resolves and every kill-switch write answered")
        .isGreaterThan(lastKillSwitchAnswer);
    assertThat(phaseShownAt.get("KILL_SWITCH")).isLessThan(lastKillSwitchAnswer);
  }

  @Test
  void thirtyDayTimerFiresAndTheManagerLosesAccess() {
    OffboardingWorkflow wf = start(request(now(), false));
    awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);
    assertThat(tenant.granted.get("entra.GrantOneDriveToManager")).isTrue();

    env.sleep(Duration.ofDays(29));
    assertThat(wf.status().phase()).isEqualTo(Phase.HANDOVER);
    assertThat(tenant.granted.get("entra.GrantOneDriveToManager")).as("day 29").isTrue();

    env.sleep(Duration.ofDays(2));
    OffboardingStatus result = result(wf);
    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(tenant.granted.get("entra.GrantOneDriveToManager")).as("day 31").isFalse();
    assertThat(result.step("entra.GrantOneDriveToManager.Revoke").verifiedAt()).isNotNull();
  }

  @Test
  void revokeDelegationNowEndsTheHandoverEarly() {
    OffboardingWorkflow wf = start(request(now(), false));
    awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);

    wf.revokeDelegationNow(new RevokeDelegation(null, "ops@test"));
    OffboardingStatus result = result(wf);

    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(tenant.granted.get("entra.GrantOneDriveToManager")).isFalse();
    StepStatus grant = result.step("entra.GrantOneDriveToManager");
    StepStatus revoke = result.step("entra.GrantOneDriveToManager.Revoke");
    assertThat(Duration.between(grant.completedAt(), revoke.completedAt()))
        .isLessThan(Duration.ofDays(1));
  }

  @Test
  void rescindAfterKillSwitchRestoresReversibleStepsInReverseOrder() {
    tenant.denied.add("entra.RemoveGroupMemberships");
    OffboardingWorkflow wf = start(request(now(), false));
    awaitStatus(
        wf,
        s ->
            state(s, "entra.RemoveGroupMemberships") == StepState.NEEDS_ATTENTION
                && state(s, "entra.GrantOneDriveToManager") == StepState.DONE);

    wf.rescind(new Rescind("termination cancelled by HR", "ops@test"));
    OffboardingStatus result = result(wf);

    assertThat(result.phase()).isEqualTo(Phase.RESCINDED);
    List<String> undone =
        tenant.callsEndingWith(".Undo").stream().map(c -> c.substring(0, c.length() - 5)).toList();
    // The grant came after the kill switch, so it is undone first; the two kill-switch steps ran
    // in parallel on different systems, so their relative order is whichever completed last.
    assertThat(undone).hasSize(3);
    assertThat(undone.get(0)).isEqualTo("entra.GrantOneDriveToManager");
    assertThat(undone.subList(1, 3))
        .containsExactlyInAnyOrder("entra.DisableAccount", "slack.DeactivateUser");
    assertThat(result.step("entra.DisableAccount").state()).isEqualTo(StepState.COMPENSATED);
    assertThat(result.step("slack.DeactivateUser").state()).isEqualTo(StepState.COMPENSATED);
    assertThat(result.step("entra.RevokeSessions").state()).isEqualTo(StepState.DONE);
    assertThat(result.step("entra.RevokeSessions").note()).contains("irreversible");
    assertThat(result.step("entra.RemoveGroupMemberships").state()).isEqualTo(StepState.SKIPPED);
    assertThat(tenant.granted.get("entra.DisableAccount")).as("account enabled again").isTrue();
    assertThat(tenant.granted.get("entra.GrantOneDriveToManager")).as("handover undone").isFalse();
    assertThat(result.rescindReason()).isEqualTo("termination cancelled by HR");
  }

  @Test
  void cancelFromTheWebUiUndoesLikeARescind() {
    tenant.denied.add("entra.RemoveGroupMemberships");
    OffboardingWorkflow wf = start(request(now(), false));
    // Cancel once nothing is in flight: the in-memory test server loses a workflow task that
    // cancels an activity which completed at the same moment (FAILED_PRECONDITION
    // ACTIVITY_UNKNOWN).
    // No step RUNNING is not enough: a verification is an activity without a RUNNING step, so the
    // server must also show no pending activity.
    awaitStatus(
        wf,
        s ->
            state(s, "entra.RemoveGroupMemberships") == StepState.NEEDS_ATTENTION
                && s.steps().stream().noneMatch(step -> step.state() == StepState.RUNNING)
                && WorkflowStub.fromTyped(wf)
                        .describe()
                        .getRawDescription()
                        .getPendingActivitiesCount()
                    == 0);

    WorkflowStub.fromTyped(wf).cancel();
    // The run closes as Canceled in the Web UI, after its compensation ran.
    assertThatThrownBy(() -> result(wf))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    OffboardingStatus result = wf.status();

    assertThat(result.phase()).isEqualTo(Phase.RESCINDED);
    assertThat(result.rescindReason()).isEqualTo("workflow cancelled by an operator");
    assertThat(result.step("entra.DisableAccount").state()).isEqualTo(StepState.COMPENSATED);
    assertThat(tenant.granted.get("entra.DisableAccount")).as("account enabled again").isTrue();
    assertThat(tenant.granted.get("slack.DeactivateUser")).as("seat active again").isTrue();
  }

  @Test
  void permissionDeniedParksTheStepWhileOthersGoOnAndRetryAfterTheFixCompletesIt() {
    tenant.denied.add("entra.DisableAccount");
    OffboardingWorkflow wf = start(request(now(), false));
    // The next Entra step runs while this one waits for an operator: if it were held back, this
    // wait would time out and fail.
    OffboardingStatus parked =
        awaitStatus(
            wf,
            s ->
                state(s, "entra.DisableAccount") == StepState.NEEDS_ATTENTION
                    && state(s, "entra.RevokeSessions") == StepState.DONE
                    && state(s, "slack.ResetSessions") == StepState.DONE);

    assertThat(parked.needsAttention()).isTrue();
    assertThat(parked.step("entra.DisableAccount").lastError()).contains("PermissionDenied");
    assertThat(parked.step("entra.RevokeSessions").state())
        .as("the next entra step is not held back")
        .isEqualTo(StepState.DONE);
    assertThat(tenant.granted.get("entra.DisableAccount")).isNull();

    tenant.denied.remove("entra.DisableAccount");
    wf.retryStep(new RetryStep("entra.DisableAccount", null, "ops@test"));
    OffboardingStatus result = result(wf);

    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(result.step("entra.DisableAccount").state()).isEqualTo(StepState.DONE);
    assertThat(result.step("entra.DisableAccount").attempts()).isEqualTo(2);
    assertThat(tenant.granted.get("entra.DisableAccount")).isFalse();
  }

  @Test
  void accessStillGrantedAfterCleanupParksTheStepAndSkipKeepsTheReason() {
    tenant.verifyLies.add("entra.RemoveGroupMemberships");
    OffboardingWorkflow wf = start(request(now(), false));
    OffboardingStatus parked =
        awaitStatus(wf, s -> state(s, "entra.RemoveGroupMemberships") == StepState.NEEDS_ATTENTION);
    assertThat(parked.step("entra.RemoveGroupMemberships").lastError())
        .contains("verification failed");

    wf.skipStep(
        new SkipStep(
            "entra.RemoveGroupMemberships", "removed by hand in the on-prem AD", "ops@test"),
        null);
    OffboardingStatus result = result(wf);

    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(result.step("entra.RemoveGroupMemberships").state()).isEqualTo(StepState.SKIPPED);
    assertThat(result.step("entra.RemoveGroupMemberships").note())
        .contains("removed by hand in the on-prem AD");
  }

  @Test
  void theOperatorChannelHearsWhenAStepParksAndWhenAnOperatorSkipsIt() {
    tenant.verifyLies.add("entra.RemoveGroupMemberships");
    OffboardingWorkflow wf = start(request(now(), false));
    awaitStatus(wf, s -> state(s, "entra.RemoveGroupMemberships") == StepState.NEEDS_ATTENTION);
    awaitTold(t -> t.contains("entra.RemoveGroupMemberships is parked"));
    assertThat(planning.told)
        .anySatisfy(
            t ->
                assertThat(t)
                    .startsWith(
                        "E1001: entra.RemoveGroupMemberships is parked and needs an operator")
                    .contains("verification failed")
                    .contains("retryStep")
                    .contains("skipStep"));

    wf.skipStep(
        new dev.leaver.workflows.api.SkipStep(
            "entra.RemoveGroupMemberships", "removed by hand in the on-prem AD", "ana@corp"),
        null);
    result(wf);

    assertThat(planning.told)
        .contains(
            "E1001: entra.RemoveGroupMemberships was skipped by ana@corp: removed by hand in the on-prem AD");
    assertThat(planning.told).as("parked once, unparked once").hasSize(2);
  }

  private void awaitTold(Predicate<String> what) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (planning.told.stream().noneMatch(what)) {
      assertThat(System.currentTimeMillis())
          .as("told in time: " + planning.told)
          .isLessThan(deadline);
      env.sleep(Duration.ofMillis(100));
    }
  }

  @Test
  void aRunHeldByTheBrakeResolvesButWritesNothingUntilReleased() {
    OffboardingWorkflow wf = start(request(now(), false).asHeld());
    awaitStatus(wf, s -> s.phase() == Phase.HELD);
    env.sleep(Duration.ofHours(1));

    assertThat(wf.status().phase()).isEqualTo(Phase.HELD);
    assertThat(tenant.calls).allMatch(c -> c.endsWith(".Resolve"));
    assertThatThrownBy(() -> wf.release(new Release(" ", "ops@test")))
        .isInstanceOf(WorkflowUpdateException.class);

    wf.release(new Release("mass layoff approved by the CISO (ticket SEC-7)", "ops@test"));
    OffboardingStatus result = result(wf);

    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(tenant.granted.get("entra.DisableAccount")).isFalse();
    assertThat(tenant.calls)
        .as("before-images read once released, not an hour earlier with the resolution")
        .contains("entra.DisableAccount.Snapshot", "slack.DeactivateUser.Snapshot")
        .doesNotContain("entra.ResolveAndSnapshot");
  }

  @Test
  void aCompletedRunKeepsItsEvidenceWhenTheKillSwitchIsDoneAndAgainWhenItCloses() {
    OffboardingStatus result = result(start(request(now(), false)));

    List<FakeEvidence.Kept> kept = evidence.kept();
    assertThat(kept)
        .extracting(FakeEvidence.Kept::milestone)
        .containsExactly(
            EvidenceRecord.Milestone.KILL_SWITCH_DONE, EvidenceRecord.Milestone.CLOSED);
    OffboardingStatus atKillSwitch = kept.get(0).status();
    assertThat(atKillSwitch.hrEventToKillSwitch()).isEqualTo(result.hrEventToKillSwitch());
    assertThat(atKillSwitch.step("slack.DeactivateUser").receipt()).isNotNull();
    assertThat(kept.get(0).recordedAt()).isAfterOrEqualTo(result.killSwitchCompletedAt());
    assertThat(kept.get(1).status()).isEqualTo(result);
  }

  @Test
  void aRunCancelledFromTheWebUiStillKeepsItsClose() {
    tenant.denied.add("entra.RemoveGroupMemberships");
    OffboardingWorkflow wf = start(request(now(), false));
    // No step RUNNING is not enough: a verification is an activity without a RUNNING step, so the
    // server must also show no pending activity.
    awaitStatus(
        wf,
        s ->
            state(s, "entra.RemoveGroupMemberships") == StepState.NEEDS_ATTENTION
                && s.steps().stream().noneMatch(step -> step.state() == StepState.RUNNING)
                && WorkflowStub.fromTyped(wf)
                        .describe()
                        .getRawDescription()
                        .getPendingActivitiesCount()
                    == 0);

    WorkflowStub.fromTyped(wf).cancel();
    assertThatThrownBy(() -> result(wf)).hasCauseInstanceOf(CanceledFailure.class);

    FakeEvidence.Kept closed = evidence.kept().get(evidence.kept().size() - 1);
    assertThat(closed.milestone()).isEqualTo(EvidenceRecord.Milestone.CLOSED);
    assertThat(closed.status().phase()).isEqualTo(Phase.RESCINDED);
    assertThat(closed.status().step("entra.DisableAccount").state())
        .isEqualTo(StepState.COMPENSATED);
  }

  @Test
  void aDryRunAndARunRescindedBeforeItsTimeKeepOnlyTheirClose() {
    result(start(request(now(), true)));
    assertThat(evidence.kept())
        .extracting(k -> k.milestone() + " " + k.status().phase())
        .containsExactly("CLOSED DRY_RUN_COMPLETED");

    OffboardingWorkflow wf =
        client.newWorkflowStub(
            OffboardingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.forEmployee("E1002"))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(
        wf::offboard,
        new OffboardingRequest(
            "E1002",
            "bob@contoso.example",
            "grace@contoso.example",
            now().plus(Duration.ofDays(5)),
            "Europe/London",
            "evt-2",
            now(),
            "test",
            false,
            false));
    awaitStatus(wf, s -> s.phase() == Phase.WAITING);
    wf.rescind(new dev.leaver.workflows.api.Rescind("employee stays", "ops@test"));
    result(wf);

    assertThat(evidence.kept())
        .extracting(k -> k.milestone() + " " + k.status().phase())
        .containsExactly("CLOSED DRY_RUN_COMPLETED", "CLOSED RESCINDED");
  }

  @Test
  void dryRunReadsAndPlansButWritesNothing() {
    OffboardingStatus result = result(start(request(now(), true)));

    assertThat(result.phase()).isEqualTo(Phase.DRY_RUN_COMPLETED);
    assertThat(result.plannedChanges()).hasSize(FakePlanning.STEPS.size());
    assertThat(tenant.calls).allMatch(c -> c.endsWith(".Resolve") || c.endsWith(".Preview"));
    assertThat(tenant.granted).isEmpty();
  }

  @Test
  void aDuplicateStartDoesNotCreateASecondRun() {
    OffboardingWorkflow first = start(request(now().plus(Duration.ofDays(3)), false));
    awaitStatus(first, s -> s.phase() == Phase.WAITING);

    assertThatThrownBy(() -> WorkflowClient.start(stub()::offboard, request(now(), false)))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    assertThat(first.status().phase()).isEqualTo(Phase.WAITING);
  }

  @Test
  void aFutureTerminationWaitsForItsTimeAndAPastOneRunsAtOnce() {
    Instant effective = now().plus(Duration.ofDays(2));
    OffboardingWorkflow wf = start(request(effective, false));
    awaitStatus(wf, s -> s.phase() == Phase.WAITING);
    env.sleep(Duration.ofDays(1));
    assertThat(wf.status().phase()).isEqualTo(Phase.WAITING);
    assertThat(tenant.calls).allMatch(c -> c.endsWith(".Resolve"));

    OffboardingStatus result = result(wf);
    assertThat(result.step("entra.DisableAccount").startedAt()).isAfterOrEqualTo(effective);
    assertThat(tenant.calls)
        .as("before-images read on the day, not two days earlier with the resolution")
        .contains("entra.DisableAccount.Snapshot")
        .doesNotContain("entra.ResolveAndSnapshot");
  }

  @Test
  void rescheduleMovesTheWaitingTimer() {
    OffboardingWorkflow wf = start(request(now().plus(Duration.ofDays(10)), false));
    awaitStatus(wf, s -> s.phase() == Phase.WAITING);
    Instant sooner = now().plus(Duration.ofDays(1));

    wf.reschedule(new Reschedule(sooner, null, "ops@test"));
    OffboardingStatus result = result(wf);

    assertThat(result.effectiveAt()).isEqualTo(sooner);
    assertThat(result.step("entra.DisableAccount").startedAt())
        .isAfterOrEqualTo(sooner)
        .isBefore(sooner.plus(Duration.ofDays(1)));
  }

  @Test
  void rescindBeforeTheEffectiveTimeWritesNothing() {
    OffboardingWorkflow wf = start(request(now().plus(Duration.ofDays(5)), false));
    awaitStatus(wf, s -> s.phase() == Phase.WAITING);

    wf.rescind(new Rescind("employee stays", "ops@test"));
    OffboardingStatus result = result(wf);

    assertThat(result.phase()).isEqualTo(Phase.RESCINDED);
    assertThat(tenant.calls).allMatch(c -> c.endsWith(".Resolve"));
    assertThat(result.steps())
        .filteredOn(s -> !s.action().equals("Resolve"))
        .allMatch(s -> s.state() == StepState.SKIPPED);
  }

  @Test
  void retryOfAStepThatIsNotParkedIsRejectedAndChangesNothing() {
    OffboardingWorkflow wf = start(request(now().plus(Duration.ofDays(3)), false));
    awaitStatus(wf, s -> s.phase() == Phase.WAITING);

    assertThatThrownBy(() -> wf.retryStep(new RetryStep("entra.DisableAccount", null, "ops@test")))
        .isInstanceOf(WorkflowUpdateException.class)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e.getCause()).getOriginalMessage())
                    .isEqualTo("entra.DisableAccount is PLANNED, not waiting for an operator"));
    assertThatThrownBy(() -> wf.skipStep(new SkipStep("nope.Nothing", "x", "ops@test"), null))
        .isInstanceOf(WorkflowUpdateException.class);
    assertThat(wf.status().phase()).isEqualTo(Phase.WAITING);
  }

  private static StepState state(OffboardingStatus s, String stepId) {
    StepStatus step = s.step(stepId);
    return step == null ? null : step.state();
  }

  private OffboardingStatus result(OffboardingWorkflow wf) {
    return WorkflowStub.fromTyped(wf).getResult(OffboardingStatus.class);
  }

  private OffboardingStatus awaitStatus(OffboardingWorkflow wf, Predicate<OffboardingStatus> p) {
    return dev.leaver.workflows.workflow.StatusWait.until(wf, p, java.time.Duration.ofSeconds(20));
  }

  private OffboardingRequest request(Instant effectiveAt, boolean dryRun) {
    return new OffboardingRequest(
        "E1001",
        "ada@contoso.example",
        "grace@contoso.example",
        effectiveAt,
        "Europe/London",
        "evt-1",
        now(),
        "test",
        false,
        dryRun);
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  private OffboardingWorkflow start(OffboardingRequest request) {
    OffboardingWorkflow wf = stub();
    WorkflowClient.start(wf::offboard, request);
    return wf;
  }

  private OffboardingWorkflow stub() {
    return client.newWorkflowStub(
        OffboardingWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.forEmployee("E1001"))
            .setTaskQueue(taskQueue)
            .build());
  }
}
