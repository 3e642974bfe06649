package dev.leaver.worker.report;

import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.EvidenceRecord.Milestone;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.TaskQueues;
import dev.leaver.workflows.workflow.FakeEvidence;
import dev.leaver.workflows.workflow.FakePlanning;
import dev.leaver.workflows.workflow.FakeTenant;
import dev.leaver.workflows.workflow.OffboardingWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Real offboarding runs for the report's tests: the workflow on the time-skipping test server, with
 * the fake tenant of the workflow tests, and the evidence records the worker would append at each
 * milestone (the run's status when its kill switch finished, and when it closed).
 *
 * <ul>
 *   <li>E2001 completed within the SLA, its handover over 30 days later;
 *   <li>E2002 rescinded by HR during the handover;
 *   <li>E2003 completed, its clean-up step parked (403) and skipped by an operator;
 *   <li>E2004 a dry run;
 *   <li>E2005 its Slack kill switch parked for two hours until an operator's retry: SLA breached;
 *   <li>E2006 still in its handover (only the kill-switch record);
 *   <li>E2007 effective 45 days after the start (outside a ten-day window).
 * </ul>
 */
final class LeaverRuns implements AutoCloseable {
  static final String WORKFLOW_QUEUE = "report-test-workflows";

  private static LeaverRuns shared;

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final WorkflowClient client = env.getWorkflowClient();
  private final FakeTenant tenant = new FakeTenant();

  /**
   * The evidence store the records went to (a local directory), as the worker's activity writes it.
   */
  final Path dir;

  private final EvidenceStore store;

  /** Every record, in chain order, as the store returns them. */
  final List<EvidenceRecord> records = new ArrayList<>();

  /** E2005 while its Slack kill switch was parked (before any record of it), and its run id. */
  OffboardingStatus e2005Parked;

  String e2005Run;

  /** When the runs began (test-server time): each run's effective time is at or after it. */
  final Instant start;

  /**
   * The seven runs, run once per test JVM; read-only for the tests (copy {@link #dir} to change
   * it).
   */
  static synchronized LeaverRuns shared() {
    if (shared == null) {
      try {
        shared = new LeaverRuns(Files.createTempDirectory("leaver-evidence")).runAll();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  private LeaverRuns(Path dir) {
    this.dir = dir;
    this.store = EvidenceStores.directory(dir);
    SearchAttributes.CLI_TYPES.forEach(
        (n, t) -> env.registerSearchAttribute(n, TemporalConnection.indexed(t)));
    var workflows = env.newWorker(WORKFLOW_QUEUE);
    workflows.registerWorkflowImplementationTypes(OffboardingWorkflowImpl.class);
    // The plan is a local activity: the workflow's own worker runs it, as the control worker does.
    workflows.registerActivitiesImplementations(new FakePlanning());
    // The workflow keeps its evidence through KeepEvidence; these runs write their records
    // themselves (record()).
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(new FakePlanning(), new FakeEvidence());
    for (String system : List.of("entra", "slack")) {
      env.newWorker(TaskQueues.killSwitch(system)).registerActivitiesImplementations(tenant);
      env.newWorker(TaskQueues.cleanup(system)).registerActivitiesImplementations(tenant);
      env.newWorker(TaskQueues.reads(system)).registerActivitiesImplementations(tenant);
    }
    env.start();
    start = now();
  }

  /**
   * Runs all seven, one after the other (time skipping moves one clock for all). Every run but
   * E2001's and E2007's ends its handover early (revokeDelegationNow), so that they all fall within
   * a few hours of the start; E2001 waits its 30 days.
   */
  private LeaverRuns runAll() {
    // E2002: rescinded during the handover. First, before the clock is moved: the fake tenant's
    // receipts carry the wall clock, and a rescinded step's apply time is its receipt's.
    OffboardingWorkflow wf = start("E2002", now(), false);
    record("E2002", Milestone.KILL_SWITCH_DONE, awaitStatus(wf, s -> s.phase() == Phase.HANDOVER));
    rescind(wf, "termination withdrawn by HR, ticket HR-77");
    record("E2002", Milestone.CLOSED, result(wf));

    // E2004: a dry run.
    wf = start("E2004", now(), true);
    record("E2004", Milestone.CLOSED, result(wf));

    // E2005: the Slack kill switch parked for two hours, then retried.
    tenant.denied.add("slack.DeactivateUser");
    wf = start("E2005", now(), false);
    e2005Parked =
        awaitStatus(wf, s -> state(s, "slack.DeactivateUser") == StepState.NEEDS_ATTENTION);
    e2005Run =
        client
            .newUntypedWorkflowStub(WorkflowIds.forEmployee("E2005"))
            .describe()
            .getExecution()
            .getRunId();
    env.sleep(Duration.ofHours(2));
    tenant.denied.clear();
    retry(wf, "slack.DeactivateUser");
    record("E2005", Milestone.KILL_SWITCH_DONE, awaitStatus(wf, s -> s.phase() == Phase.HANDOVER));
    endHandover(wf);
    record("E2005", Milestone.CLOSED, result(wf));

    // E2003: clean-up parked, skipped by an operator.
    tenant.denied.add("entra.RemoveGroupMemberships");
    wf = start("E2003", now(), false);
    record(
        "E2003",
        Milestone.KILL_SWITCH_DONE,
        awaitStatus(
            wf, s -> state(s, "entra.RemoveGroupMemberships") == StepState.NEEDS_ATTENTION));
    skip(
        wf,
        "entra.RemoveGroupMemberships",
        "dynamic group \"All staff, London\"; rule changed by IT");
    tenant.denied.clear();
    awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);
    endHandover(wf);
    record("E2003", Milestone.CLOSED, result(wf));

    // E2006: in its handover when the report is made.
    wf = start("E2006", now(), false);
    record("E2006", Milestone.KILL_SWITCH_DONE, awaitStatus(wf, s -> s.phase() == Phase.HANDOVER));

    // E2001: completed, the handover's full 30 days.
    wf = start("E2001", now(), false);
    record("E2001", Milestone.KILL_SWITCH_DONE, awaitStatus(wf, s -> s.phase() == Phase.HANDOVER));
    env.sleep(Duration.ofDays(31));
    record("E2001", Milestone.CLOSED, result(wf));

    // E2007: effective 45 days after the start.
    wf = start("E2007", start.plus(Duration.ofDays(45)), false);
    env.sleep(Duration.between(now(), start.plus(Duration.ofDays(45 + 31))));
    record("E2007", Milestone.CLOSED, result(wf));
    return this;
  }

  static final String OPERATOR = "ana@corp";

  // The operator's updates, in one place: their signatures change with "who acted" (issue 10 item
  // 3).
  private static void skip(OffboardingWorkflow wf, String step, String reason) {
    wf.skipStep(new dev.leaver.workflows.api.SkipStep(step, reason, OPERATOR), null);
  }

  private static void retry(OffboardingWorkflow wf, String step) {
    wf.retryStep(new dev.leaver.workflows.api.RetryStep(step, null, OPERATOR));
  }

  private static void rescind(OffboardingWorkflow wf, String reason) {
    wf.rescind(new dev.leaver.workflows.api.Rescind(reason, OPERATOR));
  }

  private static void endHandover(OffboardingWorkflow wf) {
    wf.revokeDelegationNow(new dev.leaver.workflows.api.RevokeDelegation(null, OPERATOR));
  }

  private void record(String employeeId, Milestone milestone, OffboardingStatus status) {
    String workflowId = WorkflowIds.forEmployee(employeeId);
    String runId = client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
    store.append(workflowId, runId, milestone, now(), status);
    records.clear();
    records.addAll(store.records());
  }

  private OffboardingWorkflow start(String employeeId, Instant effectiveAt, boolean dryRun) {
    OffboardingWorkflow wf =
        client.newWorkflowStub(
            OffboardingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.forEmployee(employeeId))
                .setTaskQueue(WORKFLOW_QUEUE)
                .build());
    WorkflowClient.start(
        wf::offboard,
        new OffboardingRequest(
            employeeId,
            employeeId.toLowerCase(Locale.ROOT) + "@contoso.example",
            "manager@contoso.example",
            effectiveAt,
            "Europe/London",
            "evt-" + employeeId,
            now(),
            "test",
            false,
            dryRun));
    return wf;
  }

  private static StepState state(OffboardingStatus s, String stepId) {
    return s.step(stepId) == null ? null : s.step(stepId).state();
  }

  /**
   * The final status, by query. Not getResult: blocked on it, the time-skipping server jumps ten
   * years ahead when the run has nothing left to wait for; the clock moves only by env.sleep here.
   */
  private static OffboardingStatus result(OffboardingWorkflow wf) {
    return awaitStatus(wf, s -> s.phase().isFinal());
  }

  private static OffboardingStatus awaitStatus(
      OffboardingWorkflow wf, Predicate<OffboardingStatus> p) {
    return dev.leaver.workflows.workflow.StatusWait.until(wf, p, java.time.Duration.ofSeconds(20));
  }

  Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  @Override
  public void close() {
    env.close();
    deleteTree(dir);
  }

  static void deleteTree(Path root) {
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is not worth failing a test run for
    }
  }
}
