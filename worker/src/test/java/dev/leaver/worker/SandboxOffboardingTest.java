package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.target.Connectors;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.OffboardingPolicy;
import dev.leaver.workflows.contract.OffboardingPolicy.SystemPolicy;
import dev.leaver.workflows.contract.PlannedChange;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workflow with the real connectors and the sandbox tenant, on the in-process test server. */
class SandboxOffboardingTest {
  private Sandbox sandbox;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Connectors connectors;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    // Real time: the point of one test is the delay the server asked for.
    env = TestWorkflowEnvironment.newInstance(
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    SearchAttributes.CLI_TYPES.forEach((n, t) -> env.registerSearchAttribute(n, TemporalConnection.indexed(t)));
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
    if (connectors != null) {
      connectors.close();
    }
    sandbox.close();
  }

  @Test
  void aThrottledSlackCallIsRetriedByTemporalAfterTheRetryAfterTheServerGave() {
    register(new OffboardingPolicy(0, Map.of("entra", new SystemPolicy(false, List.of()))));
    sandbox.slack().throttle("admin.users.session.reset", 1, 3);

    OffboardingStatus result = offboard(false);

    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(result.step("slack.ResetSessions").state()).isEqualTo(StepState.DONE);
    assertThat(result.step("slack.ResetSessions").attempts()).isEqualTo(2);
    List<SandboxServer.Logged> resets = sandbox.server().requests().stream()
        .filter(r -> r.path().endsWith("admin.users.session.reset")).toList();
    assertThat(resets).extracting(SandboxServer.Logged::status).containsExactly(429, 200);
    assertThat(resets.get(1).atMillis() - resets.get(0).atMillis()).isGreaterThanOrEqualTo(3000);
  }

  @Test
  void aDryRunAgainstTheTenantPlansEveryStepAndChangesNothing() {
    register(new OffboardingPolicy(30, Map.of()));

    OffboardingStatus result = offboard(true);

    assertThat(result.phase()).isEqualTo(Phase.DRY_RUN_COMPLETED);
    List<String> everyAction = connectors.all().stream()
        .flatMap(s -> s.actions().stream().map(a -> s.id() + "." + a.name())).toList();
    assertThat(everyAction).hasSizeGreaterThan(connectors.all().size());
    assertThat(result.plannedChanges()).extracting(PlannedChange::stepId).containsExactlyElementsOf(everyAction);
    assertThat(result.plannedChanges()).allMatch(PlannedChange::wouldChange);
    assertThat(sandbox.server().requests()).as("reads only")
        .allMatch(r -> r.method().equals("GET")
            || r.path().matches(".*/api/(auth\\.test|users\\.lookupByEmail|users\\.info)"));
    assertThat(sandbox.graph().user("ada.lovelace@contoso.example").accountEnabled()).isTrue();
    assertThat(sandbox.slack().user("U0ADA1001").active()).isTrue();
  }

  private void register(OffboardingPolicy policy) {
    connectors = TargetWiring.sandbox(sandbox.baseUrl());
    LeaverWorker.register(env.getWorkerFactory(), connectors,
        new PlanningActivitiesImpl(connectors, policy, "test"), Map.of(), Clock.systemUTC());
    env.start();
  }

  private OffboardingStatus offboard(boolean dryRun) {
    Instant now = Instant.now();
    var started = new OffboardingStarter(client).start(new OffboardingRequest("E1001", "ada.lovelace@contoso.example",
        "grace.hopper@contoso.example", now, "UTC", "t-1", now, "test", false, dryRun));
    // A dry run has an id of its own, so it never occupies the real offboarding's.
    assertThat(started.workflowId()).isEqualTo(dryRun
        ? WorkflowIds.forDryRun("E1001", Long.toString(now.toEpochMilli())) : WorkflowIds.forEmployee("E1001"));
    OffboardingWorkflow wf = client.newWorkflowStub(OffboardingWorkflow.class, started.workflowId());
    try {
      return WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, OffboardingStatus.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("offboarding did not finish; status " + wf.status(), e);
    }
  }
}
