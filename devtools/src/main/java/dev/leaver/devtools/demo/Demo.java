package dev.leaver.devtools.demo;

import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.target.Connectors;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.worker.LeaverWorker;
import dev.leaver.worker.SystemGate;
import dev.leaver.worker.TargetWiring;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.worker.WorkerParts;
import dev.leaver.worker.cli.Evidence;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.SkipStep;
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
 * {@code ./leaver demo [profile]}: an in-process Temporal (the Java test server, with time
 * skipping), the sandbox tenant and the worker; offboards one sample leaver of the {@link Profile},
 * prints each step as it completes, acts as the operator where a step parks, fast-forwards the
 * 30-day handover and prints the evidence from history.
 */
public final class Demo {

  /**
   * Who the demo offboards and what its operator answers where a step parks.
   *
   * @param name the profile's name on the command line
   * @param employeeId the leaver's employee id in the sandbox tenant
   * @param upn the leaver's sign-in name
   * @param managerUpn who the leaver's data is handed to
   * @param about one line on who this is
   * @param operator step id → the reason the demo operator gives when it skips that parked step
   */
  public record Profile(
      String name,
      String employeeId,
      String upn,
      String managerUpn,
      String about,
      Map<String, String> operator) {}

  /** What the demo operator answers for Entra steps that park on what Graph cannot do. */
  private static final Map<String, String> ENTRA_OPERATOR =
      Map.of(
          "entra.RemoveGroupMemberships",
              "groups Graph cannot change were handed to the directory team",
          "entra.HandOverOwnership",
              "the app team rotated the secrets of the leaver's app registration");

  /** Zoë Vaughan: mastered in on-prem AD, synced to Entra, with an Exchange mailbox and Slack. */
  public static final Profile HYBRID =
      new Profile(
          "hybrid",
          "E1004",
          "zoe.vaughan@contoso.example",
          "grace.hopper@contoso.example",
          "a hybrid leaver: on-prem AD synced to Entra, Exchange, Slack",
          Demo.ENTRA_OPERATOR);

  /**
   * Linus Okafor: a developer with Azure roles and secrets, GitHub, AWS IAM, Google Workspace and a
   * SCIM app.
   */
  public static final Profile DEVELOPER =
      new Profile(
          "developer",
          "E1005",
          "linus.okafor@contoso.example",
          "grace.hopper@contoso.example",
          "a developer: Entra, Azure, GitHub, AWS IAM, Google Workspace, SCIM apps",
          Demo.ENTRA_OPERATOR);

  /** The profiles by name, the default first. */
  public static final Map<String, Profile> PROFILES = profiles(HYBRID, DEVELOPER);

  private final PrintStream out;
  private final Profile profile;
  private final EvidenceStore evidence;

  public Demo(PrintStream out) {
    this(out, HYBRID);
  }

  /** Keeps the run's evidence in a new temporary directory. */
  public Demo(PrintStream out, Profile profile) {
    this(out, profile, temporaryStore());
  }

  /** Keeps the run's evidence in {@code evidence} (the CLI's {@code --evidence}). */
  public Demo(PrintStream out, Profile profile, EvidenceStore evidence) {
    this.out = out;
    this.profile = profile;
    this.evidence = evidence;
  }

  private static EvidenceStore temporaryStore() {
    try {
      return EvidenceStores.directory(
          java.nio.file.Files.createTempDirectory("leaver-demo-evidence-"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, Profile> profiles(Profile... all) {
    Map<String, Profile> byName = new java.util.LinkedHashMap<>();
    for (Profile p : all) {
      byName.put(p.name(), p);
    }
    return java.util.Collections.unmodifiableMap(byName);
  }

  public int run() throws Exception {
    try (Sandbox sandbox = Sandbox.startDemo(0)) {
      // Payloads encrypted as a deployed worker's are: the configured keys, else a key for this run
      // only.
      var codec =
          dev.leaver.worker.CodecKeys.load(null, System.getenv())
              .orElseGet(
                  () -> {
                    byte[] key = new byte[32];
                    new java.security.SecureRandom().nextBytes(key);
                    return new dev.leaver.workflows.codec.AesGcmCodec(
                        dev.leaver.workflows.codec.PayloadKeys.newestLast(Map.of("demo", key)));
                  });
      TestWorkflowEnvironment env =
          TestWorkflowEnvironment.newInstance(
              io.temporal.testing.TestEnvironmentOptions.newBuilder()
                  .setWorkflowClientOptions(
                      io.temporal.client.WorkflowClientOptions.newBuilder()
                          .setDataConverter(codec.dataConverter())
                          .build())
                  .build());
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

  private int run(Sandbox sandbox, TestWorkflowEnvironment env, Connectors connectors)
      throws Exception {
    SearchAttributes.CLI_TYPES.forEach(
        (name, type) -> env.registerSearchAttribute(name, TemporalConnection.indexed(type)));
    LeaverWorker.register(
        env.getWorkerFactory(),
        WorkerParts.withDefaultPolicy(connectors, evidence, Map.of()),
        Clock.systemUTC(),
        SystemGate.OPEN);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    out.println("Leaver demo — sandbox tenant at " + sandbox.baseUrl() + ", in-process Temporal");

    // The worker checks every system's permissions before it takes work; so does the demo. That
    // also wakes the sandbox's emulators (moto starts on first use), so the HR-event-to-kill-switch
    // figure below is a running worker's, not a cold start's.
    connectors
        .all()
        .forEach(system -> dev.leaver.worker.Preflight.check(system, Clock.systemUTC()));

    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    String employee = profile.employeeId();
    OffboardingRequest request =
        new OffboardingRequest(
            employee,
            profile.upn(),
            profile.managerUpn(),
            now,
            "Europe/London",
            "demo-event-1",
            now,
            "demo",
            false,
            false);
    var started = new OffboardingStarter(client).start(request);
    out.println(
        "HR event demo-event-1: employee "
            + employee
            + " ("
            + profile.about()
            + ") leaves now → started "
            + started.workflowId()
            + "\n");

    OffboardingWorkflow wf =
        client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee(employee));
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
          StepStatus revoke =
              s.steps().stream()
                  .filter(x -> x.stepId().endsWith(".Revoke"))
                  .findFirst()
                  .orElse(null);
          out.println(
              "\nManager grace.hopper has the leaver's data handed over ("
                  + s.steps().stream()
                      .filter(x -> x.stepId().endsWith(".Revoke"))
                      .map(x -> x.stepId().replace(".Revoke", ""))
                      .toList()
                  + ") until "
                  + (revoke == null ? "?" : revoke.dueAt())
                  + ". Fast-forwarding 30 days…\n");
          env.sleep(Duration.ofDays(30).plusMinutes(1));
          fastForwarded = true;
        }
      }
      Thread.sleep(100);
      s = wf.status();
    }
    printChanges(s, seen);
    // The phase is final a moment before the run closes: it keeps its evidence first.
    try {
      io.temporal.client.WorkflowStub.fromTyped(wf)
          .getResult(60, java.util.concurrent.TimeUnit.SECONDS, OffboardingStatus.class);
    } catch (io.temporal.client.WorkflowFailedException endedBadly) {
      // Printed below from its history like any other end.
    }

    var history = client.fetchHistory(WorkflowIds.forEmployee(employee));
    OffboardingStatus recorded =
        Evidence.finalStatus(history, client.getOptions().getDataConverter()).orElseThrow();
    out.printf(
        "%nEvidence for %s, read back from the workflow history (%d events, %d activity executions):%n%n",
        WorkflowIds.forEmployee(employee),
        history.getEvents().size(),
        Evidence.activityExecutions(history));
    Evidence.print(recorded, out);
    out.println("\nFinal phase: " + recorded.phase());
    String runId =
        io.temporal.client.WorkflowStub.fromTyped(wf).describe().getExecution().getRunId();
    out.println(
        "Evidence kept outside Temporal in "
            + evidence
            + ": "
            + evidence.records().stream()
                .filter(r -> r.runId().equals(runId))
                .map(r -> "record " + r.sequence() + " (" + r.milestone() + ")")
                .toList()
            + "; chain "
            + (evidence.verify() instanceof EvidenceStore.ChainCheck.Intact ? "intact" : "BROKEN"));
    return recorded.phase() == Phase.COMPLETED ? 0 : 1;
  }

  /**
   * The demo plays the operator where a step parks on what Leaver cannot do itself (e.g. groups
   * Graph cannot change go to the directory team); any other parked step stays parked and the demo
   * fails, so a regression cannot hide behind the operator.
   */
  private void actAsOperator(OffboardingWorkflow wf, OffboardingStatus s) {
    for (StepStatus step : s.steps()) {
      String reason = profile.operator().get(step.stepId());
      if (step.state() == StepState.NEEDS_ATTENTION && reason != null) {
        SkipStep skip = new SkipStep(step.stepId(), reason, "demo-operator");
        out.println(
            "  operator → skipStep({\"step\": \""
                + skip.step()
                + "\", \"reason\": \""
                + reason
                + "\", \"operator\": \""
                + skip.operator()
                + "\"})");
        wf.skipStep(skip, null);
      }
    }
  }

  private void printChanges(OffboardingStatus s, Map<String, StepState> seen) {
    for (StepStatus step : s.steps()) {
      if (step.state() == StepState.PLANNED
          || step.state() == StepState.RUNNING
          || step.state() == seen.get(step.stepId())) {
        continue;
      }
      seen.put(step.stepId(), step.state());
      String detail =
          step.state() == StepState.NEEDS_ATTENTION
              ? step.lastError()
              : step.receipt() != null ? Evidence.diffOf(step) : step.note();
      out.printf(
          "  %-11s %-38s %-15s %s%n",
          step.stage(),
          step.stepId(),
          step.state(),
          detail == null ? "" : Evidence.cut(detail, 140));
    }
  }
}
