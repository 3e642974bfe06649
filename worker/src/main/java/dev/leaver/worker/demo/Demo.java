package dev.leaver.worker.demo;

import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.planning.Policies;
import dev.leaver.activities.target.Connectors;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.worker.LeaverWorker;
import dev.leaver.worker.TargetWiring;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.worker.cli.Evidence;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ./leaver demo}: an in-process Temporal (the Java test server, with time skipping), the
 * sandbox tenant and the worker; offboards employee E1004, a hybrid leaver (mastered in on-prem AD,
 * synced to Entra, in Slack), prints each step as it completes, acts as the operator where a step
 * parks, fast-forwards the 30-day handover and prints the evidence from history.
 */
public final class Demo {
  static final String EMPLOYEE = "E1004";
  private final PrintStream out;

  public Demo(PrintStream out) {
    this.out = out;
  }

  public int run() throws Exception {
    try (Sandbox sandbox = Sandbox.startDemo(0)) {
      TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
      try {
        return run(sandbox, env);
      } finally {
        env.close();
      }
    }
  }

  private int run(Sandbox sandbox, TestWorkflowEnvironment env) throws Exception {
    try (Connectors connectors = TargetWiring.sandbox(sandbox.baseUrl())) {
      return run(sandbox, env, connectors);
    }
  }

  private int run(Sandbox sandbox, TestWorkflowEnvironment env, Connectors connectors) throws Exception {
    SearchAttributes.CLI_TYPES.forEach((name, type) -> env.registerSearchAttribute(name, TemporalConnection.indexed(type)));
    LeaverWorker.register(env.getWorkerFactory(), connectors,
        new PlanningActivitiesImpl(connectors, Policies.defaults(), "built-in default policy"),
        Map.of(), Clock.systemUTC());
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    out.println("Leaver demo — sandbox tenant at " + sandbox.baseUrl() + ", in-process Temporal");

    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    OffboardingRequest request = new OffboardingRequest(EMPLOYEE, "zoe.vaughan@contoso.example",
        "grace.hopper@contoso.example", now, "Europe/London", "demo-event-1", now, "demo", false, false);
    var started = new OffboardingStarter(client).start(request);
    out.println("HR event demo-event-1: employee " + EMPLOYEE + " leaves now → started "
        + started.workflowId() + "\n");

    OffboardingWorkflow wf = client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee(EMPLOYEE));
    Map<String, StepState> seen = new HashMap<>();
    boolean fastForwarded = false;
    long deadline = System.currentTimeMillis() + 120_000;
    OffboardingStatus s = wf.status();
    while (s == null || !s.phase().isFinal()) {
      if (System.currentTimeMillis() > deadline) {
        out.println("demo timed out in phase " + (s == null ? "?" : s.phase()));
        return 1;
      }
      if (s != null) {
        printChanges(s, seen);
        actAsOperator(wf, s);
        if (s.phase() == Phase.HANDOVER && !fastForwarded && !s.needsAttention()) {
          StepStatus revoke = s.steps().stream().filter(x -> x.stepId().endsWith(".Revoke")).findFirst().orElse(null);
          out.println("\nManager grace.hopper has the leaver's data handed over ("
              + s.steps().stream().filter(x -> x.stepId().endsWith(".Revoke"))
                  .map(x -> x.stepId().replace(".Revoke", "")).toList()
              + ") until " + (revoke == null ? "?" : revoke.dueAt()) + ". Fast-forwarding 30 days…\n");
          env.sleep(Duration.ofDays(30).plusMinutes(1));
          fastForwarded = true;
        }
      }
      Thread.sleep(100);
      s = wf.status();
    }
    printChanges(s, seen);

    var history = client.fetchHistory(WorkflowIds.forEmployee(EMPLOYEE));
    OffboardingStatus recorded = Evidence.finalStatus(history).orElseThrow();
    out.printf("%nEvidence for %s, read back from the workflow history (%d events, %d activity executions):%n%n",
        WorkflowIds.forEmployee(EMPLOYEE), history.getEvents().size(), Evidence.activityExecutions(history));
    Evidence.print(recorded, out);
    out.println("\nFinal phase: " + recorded.phase());
    return recorded.phase() == Phase.COMPLETED ? 0 : 1;
  }

  /**
   * The demo plays the operator where a step parks on what Leaver cannot do itself: groups Graph
   * cannot change go to the directory team, and the secret of the app registration the leaver
   * owned is rotated by its app team.
   */
  private void actAsOperator(OffboardingWorkflow wf, OffboardingStatus s) {
    Map<String, String> reasons = Map.of(
        "entra.RemoveGroupMemberships", "demo operator: groups Graph cannot change were handed to the directory team",
        "entra.HandOverOwnership", "demo operator: the app team rotated the secrets of the leaver's app registration");
    for (StepStatus step : s.steps()) {
      String reason = reasons.get(step.stepId());
      if (step.state() == StepState.NEEDS_ATTENTION && reason != null) {
        out.println("  operator → skipStep(" + step.stepId() + ", \"" + reason + "\")");
        wf.skipStep(step.stepId(), reason);
      }
    }
  }

  private void printChanges(OffboardingStatus s, Map<String, StepState> seen) {
    for (StepStatus step : s.steps()) {
      if (step.state() == StepState.PLANNED || step.state() == StepState.RUNNING
          || step.state() == seen.get(step.stepId())) {
        continue;
      }
      seen.put(step.stepId(), step.state());
      String detail = step.state() == StepState.NEEDS_ATTENTION ? step.lastError()
          : step.receipt() != null ? Evidence.diffOf(step) : step.note();
      out.printf("  %-11s %-38s %-15s %s%n", step.stage(), step.stepId(), step.state(),
          detail == null ? "" : Evidence.cut(detail, 140));
    }
  }
}
