package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.sandbox.Fault;
import dev.leaver.sandbox.SandboxAdmin;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.Rescind;
import dev.leaver.workflows.api.RevokeDelegation;
import dev.leaver.workflows.api.SkipStep;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.Stage;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults as a tester tries them, on the real Temporal dev server: the worker and the sandbox each
 * run in a JVM of their own ({@link WorkerProcess}, {@link SandboxProcess}), so the worker can be
 * killed with SIGKILL while the tenant's state lives on. Each test gets a fresh tenant (and a
 * worker pointed at it); the dev server is started once for the class.
 */
class WorkerCrashDevServerTest {
  private static final String ADA = "ada.lovelace@contoso.example";
  private static final String GRACE = "grace.hopper@contoso.example";
  private static final String ADA_SLACK = "U0ADA1001";
  private static final String USERS = "/graph/v1.0/users/";

  @TempDir static Path dir;
  private static TemporalDevServer server;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;
  private SandboxProcess sandbox;
  private WorkerProcess worker;
  private SandboxAdmin admin;
  private OffboardingWorkflow wf;

  @BeforeAll
  static void startServer() throws Exception {
    server = TemporalDevServer.start(LocalDevServer.cliOrSkip(), dir);
    stubs = LocalDevServer.stubs(server);
    client = TemporalConnection.client(stubs, "default");
  }

  @BeforeEach
  void freshTenantAndWorker() throws Exception {
    sandbox = SandboxProcess.start(dir);
    admin = sandbox.admin();
    worker = WorkerProcess.start(dir, "127.0.0.1:" + server.port(), sandbox.baseUrl());
  }

  @AfterEach
  void endRunAndStop() throws Exception {
    try {
      if (wf != null) {
        WorkflowStub.fromTyped(wf).terminate("fault test over");
      }
    } catch (RuntimeException alreadyClosed) {
      // The test's run ended by itself.
    }
    if (worker != null) {
      worker.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void workerKilledAfterTheDisableLandedCompletesTheStepAsItsOwnAndARescindRestoresTheAccount()
      throws Exception {
    // The disable's PATCH lands at once and its answer is held long enough to kill the worker
    // while it waits for it: the write happened, the worker never learns so.
    admin.add(Fault.delayAfter("PATCH", USERS, Duration.ofSeconds(30)).times(1));
    start("E1001-CRASH", "crash-event-1");

    SandboxServer.Logged disable =
        admin.awaitRequest(
            Duration.ofSeconds(60),
            q -> q.method().equals("PATCH") && q.path().startsWith(USERS) && q.landed());
    long firstPid = worker.pid();
    int exit = worker.kill();

    assertThat(disable.fault()).isEqualTo(Fault.Kind.DELAY_AFTER);
    assertThat(exit).as("killed by SIGKILL, not stopped").isEqualTo(LeaverProcess.SIGKILLED);
    assertThat(admin.graphUser(ADA).orElseThrow().accountEnabled())
        .as("the write landed before the crash")
        .isFalse();

    worker.restart();
    assertThat(worker.pid()).isNotEqualTo(firstPid);
    // The dead worker's attempt is retried once its heartbeat timeout (30 s) has passed.
    OffboardingStatus done =
        Eventually.within(
            Duration.ofMinutes(3),
            () -> {
              OffboardingStatus s = status();
              return s != null && s.killSwitchCompletedAt() != null ? s : null;
            });
    StepStatus disabled = done.step("entra.DisableAccount");
    System.out.println(
        "after the crash: "
            + done.steps().stream()
                .filter(s -> s.stage() == Stage.KILL_SWITCH)
                .map(s -> s.stepId() + "=" + s.state() + " (" + s.attempts() + " attempts)")
                .toList());
    assertThat(disabled.state())
        .as("the crashed attempt's write is this step's own")
        .isEqualTo(StepState.DONE);
    assertThat(disabled.receipt().changed()).isTrue();
    assertThat(disabled.receipt().before())
        .as("before-image from before the first attempt")
        .containsEntry("accountEnabled", "true");
    assertThat(disabled.attempts()).as("retried after the crash").isGreaterThanOrEqualTo(2);
    assertThat(admin.graphUser(ADA).orElseThrow().accountEnabled()).as("Entra sign-in").isFalse();

    wf.rescind(new Rescind("HR withdrew the termination", "ops@test"));

    OffboardingStatus rescinded =
        Eventually.within(
            Duration.ofMinutes(1),
            () -> {
              OffboardingStatus s = status();
              return s != null && s.phase() == Phase.RESCINDED ? s : null;
            });
    assertThat(rescinded.step("entra.DisableAccount").state()).isEqualTo(StepState.COMPENSATED);
    assertThat(admin.graphUser(ADA).orElseThrow().accountEnabled())
        .as("restored by the rescind")
        .isTrue();
    assertThat(admin.slackUser(ADA_SLACK).orElseThrow().active())
        .as("Slack seat restored")
        .isTrue();
  }

  @Test
  void aGrantWhoseAnswerWasLostIsStillRevokedWhenTheHandoverEnds() throws Exception {
    // The OneDrive invite lands; its answer is held past the Graph client's 20 s call timeout, so
    // the attempt fails without knowing it granted anything.
    admin.add(Fault.delayAfter("POST", "/graph/v1.0/drives/", Duration.ofSeconds(25)).times(1));
    start("E1001-GRANT", "grant-event-1");

    OffboardingStatus parked =
        Eventually.within(
            Duration.ofMinutes(2),
            () -> {
              OffboardingStatus s = status();
              return s != null
                      && s.step("entra.GrantOneDriveToManager") != null
                      && s.step("entra.GrantOneDriveToManager").state() == StepState.DONE
                      && s.step("entra.RemoveGroupMemberships").state() == StepState.NEEDS_ATTENTION
                      && s.step("entra.HandOverOwnership").state() == StepState.NEEDS_ATTENTION
                  ? s
                  : null;
            });
    StepStatus grant = parked.step("entra.GrantOneDriveToManager");
    assertThat(grant.receipt().changed())
        .as("Leaver's grant, although its answer was lost")
        .isTrue();
    assertThat(grant.receipt().notes()).anySatisfy(n -> assertThat(n).contains("answer was lost"));
    assertThat(grant.attempts()).isGreaterThanOrEqualTo(2);
    assertThat(parked.step("entra.GrantOneDriveToManager.Revoke"))
        .as("its revocation is scheduled")
        .isNotNull();
    assertThat(admin.graphUser(ADA).orElseThrow().driveAccess())
        .as("the manager has access")
        .isNotEmpty();

    // The operator hands the groups Graph cannot change to the directory team and has the secret
    // of Ada's app registration rotated; the run reaches the handover, which the operator then
    // ends (a 30-day timer on a test run).
    wf.skipStep(
        new SkipStep("entra.RemoveGroupMemberships", "handed to the directory team", "ops@test"),
        null);
    wf.skipStep(
        new SkipStep(
            "entra.HandOverOwnership", "the app team rotated the connector's secret", "ops@test"),
        null);
    Eventually.within(
        Duration.ofMinutes(1),
        () -> {
          OffboardingStatus s = status();
          return s != null && s.phase() == Phase.HANDOVER ? s : null;
        });
    wf.revokeDelegationNow(new RevokeDelegation(null, "ops@test"));

    OffboardingStatus completed =
        WorkflowStub.fromTyped(wf)
            .getResult(60, java.util.concurrent.TimeUnit.SECONDS, OffboardingStatus.class);
    assertThat(completed.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(completed.step("entra.GrantOneDriveToManager.Revoke").state())
        .isEqualTo(StepState.DONE);
    assertThat(admin.graphUser(ADA).orElseThrow().driveAccess())
        .as("the manager's access is gone")
        .isEmpty();
  }

  @Test
  void aCancelWithTheDisableInFlightWaitsForItAndUndoesIt() throws Exception {
    admin.add(Fault.delayAfter("PATCH", USERS, Duration.ofSeconds(10)).times(1));
    start("E1001-CANCEL", "cancel-event-1");
    admin.awaitRequest(
        Duration.ofSeconds(60),
        q -> q.method().equals("PATCH") && q.path().startsWith(USERS) && q.landed());
    assertThat(admin.graphUser(ADA).orElseThrow().accountEnabled())
        .as("in flight, landed")
        .isFalse();

    WorkflowStub.fromTyped(wf).cancel(); // the Web UI's Cancel

    assertThatThrownBy(
            () ->
                WorkflowStub.fromTyped(wf)
                    .getResult(90, java.util.concurrent.TimeUnit.SECONDS, OffboardingStatus.class))
        .isInstanceOf(WorkflowFailedException.class);
    OffboardingStatus s = wf.status();
    assertThat(s.phase()).isEqualTo(Phase.RESCINDED);
    assertThat(s.step("entra.DisableAccount").state())
        .as("recorded as undone")
        .isEqualTo(StepState.COMPENSATED);
    assertThat(s.step("entra.DisableAccount").note()).contains("undone by rescind");
    assertThat(admin.graphUser(ADA).orElseThrow().accountEnabled())
        .as("the write that landed in flight was undone after it landed")
        .isTrue();
  }

  @Test
  void graphFailingForTwoMinutesDoesNotHoldUpSlacksKillSwitch() throws Exception {
    admin.add(Fault.fail(null, "/graph/", 503).lasting(Duration.ofMinutes(2)));
    long started = System.nanoTime();
    start("E1001-OUTAGE", "outage-event-1");

    OffboardingStatus s =
        Eventually.within(
            Duration.ofSeconds(30),
            () -> {
              OffboardingStatus st = status();
              return st != null
                      && st.step("slack.ResetSessions") != null
                      && st.step("slack.DeactivateUser").state() == StepState.DONE
                      && st.step("slack.ResetSessions").state() == StepState.DONE
                  ? st
                  : null;
            });
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("graph outage: Slack's kill switch done %.1f s after the start%n", seconds);

    assertThat(s.step("entra.Resolve").state())
        .as("Graph still failing")
        .isNotEqualTo(StepState.DONE);
    assertThat(admin.slackUser(ADA_SLACK).orElseThrow().active()).as("Slack seat").isFalse();
    assertThat(admin.graphUser(ADA).orElseThrow().accountEnabled())
        .as("Entra untouched yet")
        .isTrue();
    assertThat(seconds).as("seconds, not the length of the outage").isLessThan(30);
  }

  /**
   * Starts Ada's offboarding under an employee id of the test's own (a closed run's id is not
   * reused): Entra then finds her by UPN, Slack by e-mail.
   */
  private void start(String employeeId, String eventId) {
    Instant now = Instant.now();
    new OffboardingStarter(client)
        .start(
            new OffboardingRequest(
                employeeId,
                ADA,
                GRACE,
                now,
                "Europe/London",
                eventId,
                now,
                "fault-test",
                false,
                false));
    wf = client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee(employeeId));
  }

  /**
   * The run's status, or null while no worker can answer the query (the dead one's tasks time out).
   */
  private OffboardingStatus status() {
    try {
      return wf.status();
    } catch (WorkflowException e) {
      return null;
    }
  }
}
