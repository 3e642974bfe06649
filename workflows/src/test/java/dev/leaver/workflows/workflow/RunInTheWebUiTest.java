package dev.leaver.workflows.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Outcome;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.Rescind;
import dev.leaver.workflows.api.RevokeDelegation;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.SkipStep;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.activity.Activity;
import io.temporal.activity.DynamicActivity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodedValues;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an operator sees of a run in the Web UI: the outcome and the handover end as search
 * attributes (list filters and columns), a parked step as a timer named PARKED in the history, and
 * the current details with what is parked first.
 */
class RunInTheWebUiTest {
  private static final String GROUPS = "entra.RemoveGroupMemberships";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = OffboardingTestServer.extension();

  private final FakeTenant tenant = new FakeTenant();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;
  private Worker worker;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    this.worker = worker;
  }

  private void startWorkers(DynamicActivity systems) {
    FakePlanning planning = new FakePlanning();
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(planning, new FakeEvidence());
    // The plan is a local activity: the workflow's own worker runs it, as the control worker does.
    worker.registerActivitiesImplementations(planning);
    for (String system : List.of("entra", "slack")) {
      env.newWorker(TaskQueues.killSwitch(system)).registerActivitiesImplementations(systems);
      env.newWorker(TaskQueues.cleanup(system)).registerActivitiesImplementations(systems);
      env.newWorker(TaskQueues.reads(system)).registerActivitiesImplementations(systems);
    }
    env.start();
  }

  @Test
  void theOutcomeSearchAttributeAndResultTellCompletedRescindedDryRunAndNeedsAttentionApart() {
    startWorkers(tenant);
    OffboardingStatus completed = result(start("E1", now(), false));
    OffboardingWorkflow waiting = start("E2", now().plus(Duration.ofDays(3)), false);
    awaitStatus(waiting, s -> s.phase() == Phase.WAITING);
    waiting.rescind(new Rescind("termination withdrawn", "ana@corp"));
    OffboardingStatus rescinded = result(waiting);
    OffboardingStatus dryRun = result(start("E3", now(), true));

    assertThat(completed.outcome()).isEqualTo(Outcome.COMPLETED);
    assertThat(rescinded.outcome()).isEqualTo(Outcome.RESCINDED);
    assertThat(dryRun.outcome()).isEqualTo(Outcome.DRY_RUN);
    assertThat(outcomeAttribute("E1")).isEqualTo("COMPLETED");
    assertThat(outcomeAttribute("E2")).isEqualTo("RESCINDED");
    assertThat(outcomeAttribute("E3")).isEqualTo("DRY_RUN");
  }

  @Test
  void aRunThatFoundNobodyEndsWithTheOutcomeNeedsAttention() {
    startWorkers(new NobodyThere());
    OffboardingWorkflow wf = start("E4", now(), false);

    WorkflowFailedException failed =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            WorkflowFailedException.class, () -> result(wf));

    assertThat(failed).isNotNull();
    assertThat(outcomeAttribute("E4")).isEqualTo("NEEDS_ATTENTION");
  }

  @Test
  void theHandoverEndIsASearchAttributeAndInTheStatusAndMovesWhenEndedEarly() {
    startWorkers(tenant);
    OffboardingWorkflow wf = start("E5", now(), false);
    OffboardingStatus handover = awaitStatus(wf, s -> s.phase() == Phase.HANDOVER);
    Instant due =
        handover.step("entra.GrantOneDriveToManager").completedAt().plus(Duration.ofDays(30));

    assertThat(handover.handoverEndsAt()).isEqualTo(due);
    assertThat(handoverAttribute("E5")).isEqualTo(due);

    wf.revokeDelegationNow(new RevokeDelegation("the manager has what they needed", "ana@corp"));
    OffboardingStatus done = result(wf);

    assertThat(done.handoverEndsAt()).isBefore(due);
    assertThat(handoverAttribute("E5")).isEqualTo(done.handoverEndsAt());
  }

  @Test
  void aStepParkedWithAccessLeftBehindIsATimerNamedParkedInTheHistoryUntilAnOperatorDecides() {
    tenant.leftBehind.put(GROUPS, "dynamic group 'Ada Lovelace fan club' (rule-based membership)");
    startWorkers(tenant);
    OffboardingWorkflow wf = start("E6", now(), false);
    awaitStatus(
        wf, s -> s.step(GROUPS) != null && s.step(GROUPS).state() == StepState.NEEDS_ATTENTION);

    HistoryEvent parked = awaitEvent("E6", EventType.EVENT_TYPE_TIMER_STARTED);
    String summary =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            parked.getUserMetadata().getSummary(), String.class, String.class);
    assertThat(summary)
        .isEqualTo(
            "PARKED "
                + GROUPS
                + ": access left behind that the API cannot remove; retryStep or skipStep");
    assertThat(summary).as("no group or person named").doesNotContain("Ada", "fan club");

    wf.skipStep(new SkipStep(GROUPS, "rule changed by IT", "ana@corp"), null);
    HistoryEvent decided = awaitEvent("E6", EventType.EVENT_TYPE_TIMER_CANCELED);
    assertThat(decided.getTimerCanceledEventAttributes().getTimerId())
        .isEqualTo(parked.getTimerStartedEventAttributes().getTimerId());
  }

  @Test
  void theCurrentDetailsSayWhatIsParkedAndWhyFirstThenANarrowStepTableWithNotesBelow() {
    tenant.verifyLies.add(GROUPS);
    startWorkers(tenant);
    OffboardingWorkflow wf = start("E7", now(), false);
    awaitStatus(
        wf, s -> s.step(GROUPS) != null && s.step(GROUPS).state() == StepState.NEEDS_ATTENTION);

    String details =
        client
            .newUntypedWorkflowStub(WorkflowIds.forEmployee("E7"))
            .query("__temporal_workflow_metadata", WorkflowMetadata.class)
            .getCurrentDetails();

    assertThat(details).startsWith("**Offboarding E7** · ");
    int parked = details.indexOf("**Waiting for an operator (1)**");
    int table = details.indexOf("| step | state | tries |");
    int notes = details.indexOf("**Notes**");
    assertThat(parked).isPositive().isLessThan(table);
    assertThat(table).isLessThan(notes);
    assertThat(details).contains("- **" + GROUPS + "**: verification failed, still granted");
    // The table's rows are short: no note in a cell.
    details
        .lines()
        .filter(l -> l.startsWith("| `"))
        .forEach(row -> assertThat(row.length()).as(row).isLessThan(70));
    assertThat(details).contains("| `" + GROUPS + "` | **PARKED** | 1 |");
  }

  /** Every system answers that it has no account for the leaver. */
  private static final class NobodyThere implements DynamicActivity {
    @Override
    public Object execute(EncodedValues args) {
      String type = Activity.getExecutionContext().getInfo().getActivityType();
      Resolution none = Resolution.notFound(type.substring(0, type.indexOf('.')), "no such user");
      return type.endsWith(".ResolveAndSnapshot")
          ? new dev.leaver.workflows.contract.ResolvedAccount(none, Map.of())
          : none;
    }
  }

  private String outcomeAttribute(String employeeId) {
    return describe(employeeId).get(SearchAttributes.OUTCOME);
  }

  private Instant handoverAttribute(String employeeId) {
    OffsetDateTime end = describe(employeeId).get(SearchAttributes.HANDOVER_ENDS_AT);
    return end == null ? null : end.toInstant();
  }

  private io.temporal.common.SearchAttributes describe(String employeeId) {
    return client
        .newUntypedWorkflowStub(WorkflowIds.forEmployee(employeeId))
        .describe()
        .getTypedSearchAttributes();
  }

  private HistoryEvent awaitEvent(String employeeId, EventType type) {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      var found =
          client.fetchHistory(WorkflowIds.forEmployee(employeeId)).getEvents().stream()
              .filter(e -> e.getEventType() == type)
              .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      sleep();
    }
    throw new AssertionError("no " + type + " in the history");
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
      sleep();
    }
    throw new AssertionError("status never matched; last: " + last);
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private OffboardingWorkflow start(String employeeId, Instant effectiveAt, boolean dryRun) {
    OffboardingWorkflow wf =
        client.newWorkflowStub(
            OffboardingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.forEmployee(employeeId))
                .setTaskQueue(taskQueue)
                .build());
    WorkflowClient.start(
        wf::offboard,
        new OffboardingRequest(
            employeeId,
            "ada@contoso.example",
            "grace@contoso.example",
            effectiveAt,
            "Europe/London",
            "evt-" + employeeId,
            now(),
            "test",
            false,
            dryRun));
    return wf;
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
