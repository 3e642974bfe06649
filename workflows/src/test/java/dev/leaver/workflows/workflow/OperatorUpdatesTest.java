package dev.leaver.workflows.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.OperatorAction;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Updates as the Web UI's <em>Send an Update</em> sends them: one JSON payload, typed by hand. The
 * run records who acted and why; anything but one JSON object is refused with the JSON to send.
 */
class OperatorUpdatesTest {
  // As Temporal writes payloads (and so as the evidence store gets the status).
  private static final ObjectMapper JSON =
      io.temporal.common.converter.JacksonJsonPayloadConverter.newDefaultObjectMapper();
  private static final String GROUPS = "entra.RemoveGroupMemberships";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = OffboardingTestServer.extension();

  private final FakeTenant tenant = new FakeTenant();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    FakePlanning planning = new FakePlanning();
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
  void skipStepFromOneJsonObjectRecordsTheOperatorInTheStatusAndEvidence() throws Exception {
    tenant.verifyLies.add(GROUPS);
    OffboardingWorkflow wf = start();
    awaitStatus(
        wf, s -> s.step(GROUPS) != null && s.step(GROUPS).state() == StepState.NEEDS_ATTENTION);

    String answer =
        send(
            "skipStep",
            "{\"step\": \""
                + GROUPS
                + "\", \"reason\": \"removed by hand"
                + " in the on-prem AD\", \"operator\": \"ana@corp\"}");
    OffboardingStatus result = WorkflowStub.fromTyped(wf).getResult(OffboardingStatus.class);

    assertThat(answer).isEqualTo("skipping " + GROUPS);
    StepStatus skipped = result.step(GROUPS);
    assertThat(skipped.state()).isEqualTo(StepState.SKIPPED);
    assertThat(skipped.note())
        .contains("skipped by operator ana@corp: removed by hand in the on-prem AD");
    OperatorAction acted = skipped.lastOperatorAction();
    assertThat(acted.update()).isEqualTo("skipStep");
    assertThat(acted.operator()).isEqualTo("ana@corp");
    assertThat(acted.reason()).isEqualTo("removed by hand in the on-prem AD");
    assertThat(acted.at()).isNotNull();
    // The history's update-accepted event with that id holds the caller's identity, which the
    // workflow is not told: the auditor can put the two side by side.
    var accepted =
        client.fetchHistory(WorkflowIds.forEmployee("E1001")).getEvents().stream()
            .filter(e -> e.hasWorkflowExecutionUpdateAcceptedEventAttributes())
            .map(
                e ->
                    e.getWorkflowExecutionUpdateAcceptedEventAttributes()
                        .getAcceptedRequest()
                        .getMeta())
            .filter(m -> m.getUpdateId().equals(acted.updateId()))
            .toList();
    assertThat(accepted).singleElement().satisfies(m -> assertThat(m.getIdentity()).isNotBlank());
    // The run's status is what the evidence store keeps: the action is in it, run-wide too.
    assertThat(result.operatorActions()).containsExactly(acted);
    assertThat(JSON.writeValueAsString(result)).contains("\"operator\":\"ana@corp\"");
  }

  @Test
  void theOldPositionalFormIsRefusedWithTheJsonToSend() {
    tenant.verifyLies.add(GROUPS);
    OffboardingWorkflow wf = start();
    awaitStatus(
        wf, s -> s.step(GROUPS) != null && s.step(GROUPS).state() == StepState.NEEDS_ATTENTION);

    assertThat(refusal("skipStep", "[\"" + GROUPS + "\", \"rule changed by IT\"]"))
        .startsWith(
            "got an array (the old positional form) instead of one JSON object;"
                + " send one JSON object, e.g. {\"step\": \"entra.RemoveGroupMemberships\"")
        .doesNotContain("Jackson", "Exception");
    assertThat(refusal("skipStep", "\"" + GROUPS + "\""))
        .startsWith(
            "got a string instead of one JSON object; send one JSON object, e.g. {\"step\"");
    assertThat(refusal("retryStep", "\"" + GROUPS + "\""))
        .startsWith("got a string instead of one JSON object");
    assertThat(refusal("rescind", "\"termination withdrawn\""))
        .startsWith(
            "got a string instead of one JSON object; send one JSON object, e.g. {\"reason\"");
    assertThat(refusal("skipStep", "null")).startsWith("send one JSON object, e.g. {\"step\"");
    assertThat(wf.status().step(GROUPS).state())
        .as("nothing changed")
        .isEqualTo(StepState.NEEDS_ATTENTION);
    assertThat(wf.status().operatorActions()).isEmpty();
  }

  @Test
  void aMissingOperatorOrReasonAnUnknownFieldOrAWrongTypeIsRefusedByName() {
    tenant.verifyLies.add(GROUPS);
    OffboardingWorkflow wf = start();
    awaitStatus(
        wf, s -> s.step(GROUPS) != null && s.step(GROUPS).state() == StepState.NEEDS_ATTENTION);

    assertThat(refusal("skipStep", "{\"step\": \"" + GROUPS + "\", \"reason\": \"why\"}"))
        .startsWith("\"operator\" is required (who you are, e.g. ana@corp");
    assertThat(refusal("skipStep", "{\"step\": \"" + GROUPS + "\", \"operator\": \"ana@corp\"}"))
        .startsWith("\"reason\" is required to skip a step");
    assertThat(
            refusal(
                "skipStep",
                "{\"stepId\": \""
                    + GROUPS
                    + "\", \"reason\": \"why\","
                    + " \"operator\": \"ana@corp\"}"))
        .startsWith("unknown field \"stepId\" (the fields are ");
    assertThat(refusal("retryStep", "{\"operator\": \"ana@corp\"}"))
        .startsWith("\"step\" is required, e.g. {\"step\": \"entra.DisableAccount\"");
    assertThat(
            refusal(
                "skipStep",
                "{\"step\": [\""
                    + GROUPS
                    + "\"], \"reason\": \"why\","
                    + " \"operator\": \"ana@corp\"}"))
        .startsWith("\"step\" must be text, not an array");
    assertThat(wf.status().operatorActions()).isEmpty();
  }

  @Test
  void aRescheduleWithATimeThatIsNotAnInstantIsRefusedSayingTheFormat() {
    OffboardingWorkflow wf = start(now().plusSeconds(86_400 * 5));
    awaitStatus(wf, s -> s.phase() == Phase.WAITING);

    assertThat(refusal("reschedule", "{\"effectiveAt\": \"tomorrow\", \"operator\": \"ana@corp\"}"))
        .startsWith(
            "\"effectiveAt\" must be an ISO-8601 instant like 2026-12-01T09:00:00Z, not \"tomorrow\"");
    Instant sooner = now().plusSeconds(86_400);
    assertThat(
            send(
                "reschedule",
                "{\"effectiveAt\": \""
                    + sooner
                    + "\", \"reason\": \"HR moved"
                    + " the last day\", \"operator\": \"ana@corp\"}"))
        .isEqualTo("effective time moved to " + sooner);
    OperatorAction acted = wf.status().operatorActions().get(0);
    assertThat(acted.operator()).isEqualTo("ana@corp");
    assertThat(acted.reason())
        .isEqualTo("effective time moved to " + sooner + ": HR moved the last day");
    assertThat(acted.stepId()).isNull();
  }

  @Test
  void rescindFromOneJsonObjectRecordsWhoRescinded() {
    OffboardingWorkflow wf = start(now().plusSeconds(86_400 * 5));
    awaitStatus(wf, s -> s.phase() == Phase.WAITING);

    send("rescind", "{\"reason\": \"termination withdrawn\", \"operator\": \"ana@corp\"}");
    OffboardingStatus result = WorkflowStub.fromTyped(wf).getResult(OffboardingStatus.class);

    assertThat(result.phase()).isEqualTo(Phase.RESCINDED);
    assertThat(result.operatorActions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.update()).isEqualTo("rescind");
              assertThat(a.operator()).isEqualTo("ana@corp");
              assertThat(a.reason()).isEqualTo("termination withdrawn");
            });
  }

  /** Sends one JSON payload, as the Web UI does, and returns the run's answer. */
  private String send(String update, String json) {
    return untyped().update(update, String.class, parse(json));
  }

  /** The validator's message for a refused update. */
  private String refusal(String update, String json) {
    Throwable thrown = catchThrowable(() -> send(update, json));
    assertThat(thrown).as(update + " " + json).isInstanceOf(WorkflowUpdateException.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure refused = (ApplicationFailure) thrown.getCause();
    assertThat(refused.getType())
        .as("refused by the validator, not by the decoder")
        .isEqualTo(IllegalArgumentException.class.getName());
    return refused.getOriginalMessage();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private WorkflowStub untyped() {
    return client.newUntypedWorkflowStub(WorkflowIds.forEmployee("E1001"));
  }

  private OffboardingStatus awaitStatus(OffboardingWorkflow wf, Predicate<OffboardingStatus> p) {
    return dev.leaver.workflows.workflow.StatusWait.until(wf, p, java.time.Duration.ofSeconds(20));
  }

  private OffboardingWorkflow start() {
    return start(now());
  }

  private OffboardingWorkflow start(Instant effectiveAt) {
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
            "test",
            false,
            false));
    return wf;
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
