package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.worker.cli.LeaverCli;
import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 10's "done when": a run's evidence survives the deletion of its history. {@code leaver
 * worker} (its own JVM, its config's {@code evidence:} key) offboards against the sandbox on the
 * real dev server; the closed run's history is then deleted as retention would delete it, and the
 * evidence store still holds the run, step by step, with its chain intact, and {@code leaver
 * report} still lists it.
 */
class EvidenceOutlivesHistoryDevServerTest {
  private static final Pattern READY = Pattern.compile("^worker running: ");

  @TempDir static Path dir;
  private static TemporalDevServer server;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;
  private static SandboxProcess sandbox;
  private static LeaverProcess worker;
  private static Path evidence;

  @BeforeAll
  static void start() throws Exception {
    server = TemporalDevServer.start(LocalDevServer.cliOrSkip(), dir);
    stubs = LocalDevServer.stubs(server);
    client = TemporalConnection.client(stubs, "default");
    sandbox = SandboxProcess.start(dir);
    evidence = dir.resolve("audit-store");
    Path policy =
        Files.writeString(
            dir.resolve("policy.yaml"),
            """
        handoverDays: 0
        systems:
          entra:
            actions: [DisableAccount, RevokeSessions, RemoveGroupMemberships, SetLeaveDate, GrantOneDriveToManager]
          slack:
            actions: [DeactivateUser, ResetSessions]
          ad: {enabled: false}
          exchange: {enabled: false}
          azure: {enabled: false}
          github: {enabled: false}
          aws: {enabled: false}
          google: {enabled: false}
          scim: {enabled: false}
        """);
    Path config =
        Files.writeString(
            dir.resolve("worker.yaml"),
            "metricsPort: 0\npolicyFile: " + policy + "\nevidence: " + evidence + "\n");
    worker =
        LeaverProcess.start(
            "worker",
            dir,
            List.of(
                "worker",
                "--config",
                config.toString(),
                "--address",
                "127.0.0.1:" + server.port(),
                "--sandbox-url",
                sandbox.baseUrl()),
            READY,
            Duration.ofSeconds(90));
  }

  @AfterAll
  static void stop() throws Exception {
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
  void aClosedRunsEvidenceSurvivesTheDeletionOfItsHistory() throws Exception {
    assertThat(worker.readyLine()).contains("evidence kept in " + evidence);
    Instant now = Instant.now();
    new OffboardingStarter(client)
        .start(
            new OffboardingRequest(
                "E1001",
                "ada.lovelace@contoso.example",
                "grace.hopper@contoso.example",
                now,
                "Europe/London",
                "retention-event-1",
                now,
                "e2e",
                false,
                false));
    OffboardingWorkflow wf =
        client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));
    // The operator answers each parked step (groups Graph cannot change) with a reason.
    java.util.Set<String> skipped = new java.util.HashSet<>();
    Eventually.within(
        Duration.ofMinutes(3),
        () -> {
          OffboardingStatus s = wf.status();
          for (StepStatus step : s.steps()) {
            if (step.state() == StepState.NEEDS_ATTENTION && skipped.add(step.stepId())) {
              wf.skipStep(
                  new dev.leaver.workflows.api.SkipStep(
                      step.stepId(), "e2e operator: handed to the directory team", "ops@test"),
                  null);
            }
          }
          return s.phase().isFinal() ? s : null;
        });
    // The phase is final a moment before the run closes: it keeps its evidence first.
    OffboardingStatus result =
        WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, OffboardingStatus.class);
    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    WorkflowExecution run =
        describe(
                WorkflowExecution.newBuilder()
                    .setWorkflowId(WorkflowIds.forEmployee("E1001"))
                    .build())
            .getWorkflowExecutionInfo()
            .getExecution();
    assertThat(run.getRunId()).isNotEmpty();
    // Kept for the workflows module's replay test: a run that keeps its evidence.
    Path recorded = Path.of("target", "histories", "offboarding-evidence-kept-devserver.json");
    Files.createDirectories(recorded.getParent());
    Files.writeString(
        recorded, client.fetchHistory(run.getWorkflowId(), run.getRunId()).toJson(true));

    // Retention's deletion, now rather than after the namespace's retention period.
    stubs
        .blockingStub()
        .deleteWorkflowExecution(
            DeleteWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setWorkflowExecution(run)
                .build());
    // The server deletes in the background; on a loaded machine that can take a while.
    long deleting = System.nanoTime();
    Eventually.within(
        Duration.ofMinutes(2),
        () -> {
          try {
            describe(run);
            return null;
          } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.NOT_FOUND ? e : null;
          }
        });
    System.out.printf(
        "history of %s deleted: describe answers NOT_FOUND after %.1f s%n",
        run.getRunId(), (System.nanoTime() - deleting) / 1e9);
    assertThatThrownBy(() -> describe(run))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(() -> client.fetchHistory(run.getWorkflowId(), run.getRunId()))
        .as("the history is gone")
        .isInstanceOf(RuntimeException.class);

    // The store, read with nothing but its location, still has the run.
    EvidenceStore store = EvidenceStores.open(evidence.toString());
    List<EvidenceRecord> kept =
        store.records().stream().filter(r -> r.runId().equals(run.getRunId())).toList();
    assertThat(kept)
        .extracting(EvidenceRecord::milestone)
        .containsExactly(
            EvidenceRecord.Milestone.KILL_SWITCH_DONE, EvidenceRecord.Milestone.CLOSED);
    EvidenceRecord closed = kept.get(1);
    assertThat(closed.workflowId()).isEqualTo("offboarding-E1001");
    assertThat(closed.status()).isEqualTo(result);
    StepStatus disabled = closed.status().step("entra.DisableAccount");
    assertThat(disabled.state()).isEqualTo(StepState.DONE);
    assertThat(disabled.receipt().before()).containsEntry("accountEnabled", "true");
    assertThat(disabled.receipt().after()).containsEntry("accountEnabled", "false");
    assertThat(closed.status().step("slack.DeactivateUser").receipt().target()).isNotBlank();
    assertThat(closed.status().step("entra.RemoveGroupMemberships").note())
        .contains("e2e operator: handed to the directory team");
    assertThat(closed.status().hrEventToKillSwitch()).isNotNull();

    // The auditor's report, from the store alone, still lists the run.
    Path csv = dir.resolve("report.csv");
    java.time.LocalDate today = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
    int reported =
        new CommandLine(new LeaverCli())
            .execute(
                "report",
                "--from",
                today.minusDays(1).toString(),
                "--to",
                today.plusDays(1).toString(),
                "--format",
                "csv",
                "--evidence",
                evidence.toString(),
                "--out",
                csv.toString());
    assertThat(reported).isZero();
    List<String> lines = Files.readAllLines(csv);
    System.out.println("leaver report --format csv after the history's deletion:");
    lines.forEach(System.out::println);
    assertThat(lines.get(0)).startsWith("employee_id,workflow_id,run_id,outcome");
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("E1001,offboarding-E1001," + run.getRunId() + ",")
                    .containsIgnoringCase("completed"));

    StringWriter out = new StringWriter();
    int exit =
        new CommandLine(new LeaverCli())
            .setOut(new PrintWriter(out))
            .execute("evidence", "verify", "--evidence", evidence.toString());
    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString()).startsWith("evidence chain intact: 2 records");
  }

  private static DescribeWorkflowExecutionResponse describe(WorkflowExecution run) {
    return stubs
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(run)
                .build());
  }
}
