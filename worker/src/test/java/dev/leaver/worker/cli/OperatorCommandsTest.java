package dev.leaver.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.worker.TemporalConnection;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.OperatorAction;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.TaskQueues;
import dev.leaver.workflows.workflow.FakePlanning;
import dev.leaver.workflows.workflow.FakeTenant;
import dev.leaver.workflows.workflow.OffboardingWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testserver.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The operator's update commands against the real workflow on a Java test server bound to a port,
 * reached as an operator reaches Temporal ({@code --address}): each sends one JSON object with the
 * operator, and the run records who acted.
 */
class OperatorCommandsTest {
  private static final FakeTenant TENANT = new FakeTenant();
  private static TestServer.PortBoundTestServer server;
  private static TestWorkflowEnvironment env;
  private static String address;

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void startServerAndWorker() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port);
    address = "127.0.0.1:" + port;
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseExternalService(true)
                .setTarget(address)
                .build());
    SearchAttributes.CLI_TYPES.forEach(
        (n, t) -> env.registerSearchAttribute(n, TemporalConnection.indexed(t)));
    var workflows = env.newWorker("offboarding-test");
    workflows.registerWorkflowImplementationTypes(OffboardingWorkflowImpl.class);
    // The plan is a local activity: the workflow's own worker runs it, as the control worker does.
    workflows.registerActivitiesImplementations(new FakePlanning());
    env.newWorker(TaskQueues.CONTROL)
        .registerActivitiesImplementations(
            new FakePlanning(), new dev.leaver.workflows.workflow.FakeEvidence());
    for (String system : List.of("entra", "slack")) {
      env.newWorker(TaskQueues.killSwitch(system)).registerActivitiesImplementations(TENANT);
      env.newWorker(TaskQueues.cleanup(system)).registerActivitiesImplementations(TENANT);
      env.newWorker(TaskQueues.reads(system)).registerActivitiesImplementations(TENANT);
    }
    env.start();
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
    server.close();
  }

  @Test
  void skipSendsOneJsonObjectWithTheOperatorAndTheRunRecordsIt() {
    TENANT.verifyLies.add("entra.RemoveGroupMemberships");
    OffboardingWorkflow wf = start("E2001");
    awaitStatus(wf, s -> state(s, "entra.RemoveGroupMemberships") == StepState.NEEDS_ATTENTION);

    Run run =
        leaver(
            "skip",
            "E2001",
            "entra.RemoveGroupMemberships",
            "--reason",
            "handed to the directory team",
            "--operator",
            "ana@corp",
            "--address",
            address);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("skipping entra.RemoveGroupMemberships");
    OperatorAction acted =
        awaitStatus(wf, s -> state(s, "entra.RemoveGroupMemberships") == StepState.SKIPPED)
            .step("entra.RemoveGroupMemberships")
            .lastOperatorAction();
    assertThat(acted.operator()).isEqualTo("ana@corp");
    assertThat(acted.reason()).isEqualTo("handed to the directory team");
    // In the history, as the Web UI's dialog would have sent it: one payload, one object.
    HistoryEvent accepted =
        env.getWorkflowClient().fetchHistory(WorkflowIds.forEmployee("E2001")).getEvents().stream()
            .filter(
                e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
            .reduce((a, b) -> b)
            .orElseThrow();
    var args =
        accepted
            .getWorkflowExecutionUpdateAcceptedEventAttributes()
            .getAcceptedRequest()
            .getInput()
            .getArgs()
            .getPayloadsList();
    assertThat(args).hasSize(1);
    assertThat(args.get(0).getData().toStringUtf8())
        .isEqualTo(
            "{\"step\":\"entra.RemoveGroupMemberships\","
                + "\"reason\":\"handed to the directory team\",\"operator\":\"ana@corp\"}");
  }

  @Test
  void withoutOperatorTheCommandSendsUserAtHost() {
    TENANT.denied.add("slack.ResetSessions");
    OffboardingWorkflow wf = start("E2002");
    awaitStatus(wf, s -> state(s, "slack.ResetSessions") == StepState.NEEDS_ATTENTION);
    TENANT.denied.remove("slack.ResetSessions");

    Run run =
        leaver(
            "retry",
            "E2002",
            "slack.ResetSessions",
            "--reason",
            "granted users:write",
            "--address",
            address);

    assertThat(run.exit()).as(run.err()).isZero();
    OperatorAction acted =
        awaitStatus(wf, s -> state(s, "slack.ResetSessions") == StepState.DONE)
            .step("slack.ResetSessions")
            .lastOperatorAction();
    assertThat(acted.operator())
        .isEqualTo(LeaverCli.OperatorFlag.defaultOperator(System.getenv()))
        .contains("@");
    assertThat(acted.reason()).isEqualTo("granted users:write");
  }

  @Test
  void anUpdateTheRunRefusesPrintsItsReasonNotAStackTrace() {
    OffboardingWorkflow wf = start("E2003");
    awaitStatus(wf, s -> state(s, "slack.DeactivateUser") == StepState.DONE);

    Run run =
        leaver(
            "skip",
            "E2003",
            "slack.DeactivateUser",
            "--reason",
            "x",
            "--operator",
            "ana@corp",
            "--address",
            address);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("refused: slack.DeactivateUser is DONE, not waiting for an operator");
  }

  private static Run leaver(String... args) {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int exit;
    // The commands print their answer to System.out, as the CLI does.
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      exit =
          new CommandLine(new LeaverCli())
              .setErr(new PrintWriter(err, true))
              .setExecutionExceptionHandler(LeaverCli::explain)
              .execute(args);
    } finally {
      System.setOut(stdout);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  private static OffboardingWorkflow start(String employeeId) {
    OffboardingWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                OffboardingWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.forEmployee(employeeId))
                    .setTaskQueue("offboarding-test")
                    .build());
    WorkflowClient.start(
        wf::offboard,
        new OffboardingRequest(
            employeeId,
            "ada@contoso.example",
            "grace@contoso.example",
            Instant.now(),
            "Europe/London",
            "evt-" + employeeId,
            Instant.now(),
            "test",
            false,
            false));
    return wf;
  }

  private static StepState state(OffboardingStatus s, String stepId) {
    return s.step(stepId) == null ? null : s.step(stepId).state();
  }

  private static OffboardingStatus awaitStatus(
      OffboardingWorkflow wf, Predicate<OffboardingStatus> p) {
    return dev.leaver.workflows.workflow.StatusWait.until(wf, p, java.time.Duration.ofSeconds(30));
  }
}
