package dev.leaver.workflows.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.workflows.api.ApproveDeletion;
import dev.leaver.workflows.api.LegalHold;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.RetryStep;
import dev.leaver.workflows.api.RevokeDelegation;
import dev.leaver.workflows.api.SkipStep;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Policy modes beyond the main path: the manager is reminded three days before the handover ends; a
 * policy that deletes accounts 60 days after the effective time waits for the grace period, then
 * for an operator's approval, and never deletes under a legal hold; and a policy in
 * notification-only mode changes nothing for a run HR triggered, and tells the operators instead.
 */
class LateStagesWorkflowTest {
  private static final String DELETE = "entra.DeleteAccount";
  private static final String REMIND = "entra.RemindManager";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = OffboardingTestServer.extension();

  private final FakeTenant tenant = new FakeTenant();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  private void start(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, Duration grace) {
    start(
        env,
        client,
        worker,
        grace == null ? new FakePlanning() : new FakePlanning(FakePlanning.WITH_DELETION, grace));
  }

  private void start(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, FakePlanning planning) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(planning, new FakeEvidence());
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
  void notificationOnlyModeTurnsAnHrTriggeredRunIntoADryRunAndTellsTheOperatorsWhatItWouldChange(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakePlanning planning = new FakePlanning(FakePlanning.STEPS, null, true);
    start(env, client, worker, planning);

    OffboardingStatus done = result(offboard(now(), "bamboohr"));

    assertThat(done.phase()).isEqualTo(Phase.DRY_RUN_COMPLETED);
    assertThat(done.notificationOnly()).isEqualTo("told");
    assertThat(tenant.calls)
        .as("nothing but reads")
        .allMatch(c -> c.endsWith(".Resolve") || c.endsWith(".Preview"));
    assertThat(tenant.granted).as("no access removed").isEmpty();
    assertThat(planning.told)
        .singleElement()
        .asString()
        .startsWith(
            "Notification-only mode: offboarding E1001 (bamboohr event evt-1) changed nothing")
        .contains("- entra.DisableAccount: would remove", "- slack.ResetSessions: would remove")
        .doesNotContain("@");
  }

  @Test
  void aNotificationOnlyRunWithAnAmbiguousAccountStillEndsAndTellsTheOperatorsWhy(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    tenant.ambiguous.add("slack");
    FakePlanning planning = new FakePlanning(FakePlanning.STEPS, null, true);
    start(env, client, worker, planning);

    OffboardingStatus done = result(offboard(now(), "bamboohr"));

    assertThat(done.phase()).isEqualTo(Phase.DRY_RUN_COMPLETED);
    assertThat(done.step("slack.Resolve").state()).isEqualTo(StepState.SKIPPED);
    assertThat(planning.told)
        .singleElement()
        .asString()
        .contains(
            "- entra.DisableAccount: would remove",
            "- slack.Resolve: dry run: not resolved: ambiguous");
  }

  @Test
  void notificationOnlyModeLeavesARunAnOperatorStartsAlone(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    FakePlanning planning = new FakePlanning(FakePlanning.STEPS, null, true);
    start(env, client, worker, planning);
    OffboardingWorkflow wf = offboard(now(), "cli");
    awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);

    assertThat(tenant.granted.get("entra.DisableAccount")).as("disabled for real").isFalse();
    assertThat(wf.status().notificationOnly()).isNull();
    assertThat(planning.told).isEmpty();
  }

  @Test
  void theManagerIsRemindedThreeDaysBeforeTheHandoverEndsAndNotBefore(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, new FakePlanning(FakePlanning.WITH_REMINDER, null));
    OffboardingWorkflow wf = offboard(now());
    OffboardingStatus handover = awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);
    Instant revokeDue = handover.step("entra.GrantOneDriveToManager.Revoke").dueAt();

    env.sleep(Duration.ofDays(26));
    assertThat(tenant.callsEndingWith(".RemindManager")).as("reminded before day 27").isEmpty();
    env.sleep(Duration.ofDays(2));
    assertThat(tenant.callsEndingWith(".RemindManager")).as("reminded by day 28").hasSize(1);
    assertThat(tenant.granted.get("entra.GrantOneDriveToManager")).as("still handed over").isTrue();

    OffboardingStatus done = result(wf);
    assertThat(done.step(REMIND).state()).isEqualTo(StepState.DONE);
    assertThat(done.step(REMIND).completedAt())
        .isAfterOrEqualTo(revokeDue.minus(Duration.ofDays(3)))
        .isBefore(revokeDue);
    assertThat(done.step("entra.GrantOneDriveToManager.Revoke").state()).isEqualTo(StepState.DONE);
    assertThat(done.step("entra.NotifyHandoverEnded").state()).isEqualTo(StepState.DONE);
    assertThat(done.step("entra.NotifyHandoverEnded").startedAt())
        .as("told once the access has gone")
        .isAfterOrEqualTo(done.step("entra.GrantOneDriveToManager.Revoke").completedAt());
  }

  @Test
  void aHandoverEndedEarlySendsNoReminder(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, new FakePlanning(FakePlanning.WITH_REMINDER, null));
    OffboardingWorkflow wf = offboard(now());
    awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);

    wf.revokeDelegationNow(new RevokeDelegation(null, "ops@test"));
    OffboardingStatus done = result(wf);

    assertThat(done.step(REMIND).state()).isEqualTo(StepState.SKIPPED);
    assertThat(done.step(REMIND).note()).contains("ended early");
    assertThat(tenant.callsEndingWith(".RemindManager")).isEmpty();
    assertThat(done.step("entra.NotifyHandoverEnded").state())
        .as("the early end is told too")
        .isEqualTo(StepState.DONE);
    assertThat(tenant.callsEndingWith(".NotifyHandoverEnded")).hasSize(1);
  }

  @Test
  void anApprovedDeletionRunsWhenTheGracePeriodEndsAndRecordsTheApprover(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, Duration.ofDays(60));
    Instant effective = now();
    OffboardingWorkflow wf = offboard(effective);
    awaitStatus(wf, s -> s.phase() == Phase.AWAITING_DELETION);

    assertThat(
            wf.approveDeletion(new ApproveDeletion("dana.ops", "ticket IT-4711", "ops@test"), null))
        .contains("deleted at");
    env.sleep(Duration.ofDays(20)); // day 50: approved, but the grace period has not passed
    assertThat(tenant.callsEndingWith(".DeleteAccount"))
        .as("deleted before the grace period")
        .isEmpty();
    assertThat(wf.status().deletion().approvedBy()).isEqualTo("dana.ops");

    env.sleep(Duration.ofDays(11));
    OffboardingStatus done = result(wf);

    assertThat(done.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(done.step(DELETE).state()).isEqualTo(StepState.DONE);
    assertThat(done.step(DELETE).completedAt())
        .isAfterOrEqualTo(effective.plus(Duration.ofDays(60)));
    assertThat(done.step(DELETE).note())
        .contains("deletion approved by dana.ops", "ticket IT-4711");
    assertThat(tenant.granted.get(DELETE)).as("account still there").isFalse();
    assertThat(done.deletion().dueAt()).isEqualTo(effective.plus(Duration.ofDays(60)));
  }

  @Test
  void withoutAnApprovalNothingIsDeletedAndAnOperatorMaySkipTheDeletion(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, Duration.ofDays(60));
    OffboardingWorkflow wf = offboard(now());
    awaitStatus(wf, s -> s.phase() == Phase.AWAITING_DELETION);

    env.sleep(Duration.ofDays(90));
    assertThat(wf.status().phase()).isEqualTo(Phase.AWAITING_DELETION);
    assertThat(tenant.callsEndingWith(".DeleteAccount")).isEmpty();

    wf.skipStep(
        new SkipStep(
            DELETE, "the manager still needs the mailbox; kept by decision of HR", "ops@test"),
        null);
    OffboardingStatus done = result(wf);
    assertThat(done.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(done.step(DELETE).state()).isEqualTo(StepState.SKIPPED);
    assertThat(tenant.callsEndingWith(".DeleteAccount")).isEmpty();
  }

  @Test
  void aLegalHoldStopsAnApprovedDeletionUntilItIsLifted(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, Duration.ofDays(60));
    OffboardingWorkflow wf = offboard(now());
    awaitStatus(wf, s -> s.phase() == Phase.AWAITING_DELETION);
    wf.approveDeletion(new ApproveDeletion("dana.ops", "ticket IT-4711", "ops@test"), null);
    wf.setLegalHold(
        new LegalHold(true, "legal: litigation hold LH-9, asked by counsel", "ops@test"), null);

    env.sleep(Duration.ofDays(120));
    OffboardingStatus held = wf.status();
    assertThat(held.phase()).isEqualTo(Phase.AWAITING_DELETION);
    assertThat(held.deletion().legalHold()).isTrue();
    assertThat(tenant.callsEndingWith(".DeleteAccount")).as("deleted under legal hold").isEmpty();

    wf.setLegalHold(new LegalHold(false, "legal: hold LH-9 released", "ops@test"), null);
    OffboardingStatus done = result(wf);
    assertThat(done.step(DELETE).state()).isEqualTo(StepState.DONE);
    assertThat(done.deletion().legalHoldReason()).contains("released");
  }

  @Test
  void aLegalHoldFromHrKeepsTheAccountsUntilAnOperatorLiftsIt(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, Duration.ofDays(60));
    OffboardingWorkflow wf =
        client.newWorkflowStub(
            OffboardingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.forEmployee("E1001"))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(
        wf::offboard,
        new OffboardingRequest(
                "E1001",
                "ada@contoso.example",
                "grace@contoso.example",
                now(),
                "Europe/London",
                "evt-9",
                now(),
                "bamboohr",
                false,
                false)
            .withLegalHold(true));
    awaitStatus(wf, s -> s.phase() == Phase.AWAITING_DELETION);
    wf.approveDeletion(new ApproveDeletion("dana.ops", "ticket IT-4711", "ops@test"), null);

    env.sleep(Duration.ofDays(90));
    OffboardingStatus held = wf.status();
    assertThat(held.deletion().legalHold()).isTrue();
    assertThat(held.deletion().legalHoldReason()).isEqualTo("set by HR (bamboohr event evt-9)");
    assertThat(tenant.callsEndingWith(".DeleteAccount")).isEmpty();

    wf.setLegalHold(new LegalHold(false, "legal: released", "ops@test"), null);
    assertThat(result(wf).step(DELETE).state()).isEqualTo(StepState.DONE);
  }

  @Test
  void aLegalHoldSetWhileADeletionIsParkedKeepsARetryFromDeleting(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    tenant.denied.add(DELETE);
    start(env, client, worker, Duration.ofDays(60));
    OffboardingWorkflow wf = offboard(now());
    awaitStatus(wf, s -> s.phase() == Phase.AWAITING_DELETION);
    wf.approveDeletion(new ApproveDeletion("dana.ops", "ticket IT-4711", "ops@test"), null);
    env.sleep(Duration.ofDays(61));
    awaitStatus(wf, s -> s.step(DELETE).state() == StepState.NEEDS_ATTENTION);

    wf.setLegalHold(new LegalHold(true, "legal: litigation hold LH-9", "ops@test"), null);
    tenant.denied.remove(DELETE);
    assertThatThrownBy(() -> wf.retryStep(new RetryStep(DELETE, null, "ops@test")))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("a legal hold is set");
    assertThat(tenant.granted.get(DELETE)).as("not deleted under the hold").isNull();

    wf.setLegalHold(new LegalHold(false, "legal: released", "ops@test"), null);
    wf.retryStep(new RetryStep(DELETE, null, "ops@test"));
    assertThat(result(wf).step(DELETE).state()).isEqualTo(StepState.DONE);
  }

  @Test
  void approvingADeletionThePolicyDoesNotMakeIsRefused(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    start(env, client, worker, new FakePlanning());
    OffboardingWorkflow wf = offboard(now());
    awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);

    assertThatThrownBy(
            () -> wf.approveDeletion(new ApproveDeletion("dana.ops", "ticket", "ops@test"), null))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("this offboarding's policy deletes nothing");
    assertThat(wf.status().deletion()).isNull();
  }

  private OffboardingWorkflow offboard(Instant effectiveAt) {
    return offboard(effectiveAt, "test");
  }

  private OffboardingWorkflow offboard(Instant effectiveAt, String source) {
    OffboardingWorkflow wf =
        client.newWorkflowStub(
            OffboardingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.forEmployee("E1001"))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(
        wf::offboard,
        new OffboardingRequest(
            "E1001",
            "ada@contoso.example",
            "grace@contoso.example",
            effectiveAt,
            "Europe/London",
            "evt-1",
            now(),
            source,
            false,
            false));
    return wf;
  }

  private OffboardingStatus result(OffboardingWorkflow wf) {
    return WorkflowStub.fromTyped(wf).getResult(OffboardingStatus.class);
  }

  private OffboardingStatus awaitStatus(OffboardingWorkflow wf, Predicate<OffboardingStatus> p) {
    long deadline = System.currentTimeMillis() + 20_000;
    OffboardingStatus last = null;
    while (System.currentTimeMillis() < deadline) {
      last = wf.status();
      if (last != null && p.test(last)) {
        return last;
      }
      env.sleep(Duration.ofHours(12)); // the handover's 30 days pass in a few loops
    }
    throw new AssertionError("status never matched; last: " + last);
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
