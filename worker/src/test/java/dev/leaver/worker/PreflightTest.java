package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.evidence.EvidenceActivitiesImpl;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.slack.SlackConfig;
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
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's start-up check with the real connectors, the sandbox and the in-process test server.
 */
class PreflightTest {
  private static final String ADA = "ada.lovelace@contoso.example";
  private final HttpClient http = HttpClient.newHttpClient();
  private Sandbox sandbox;
  private TestWorkflowEnvironment env;
  private Connectors connectors;
  private Preflight preflight;
  private Metrics metrics;
  private TemporalReachability reachability;
  @TempDir Path evidenceDir;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    SearchAttributes.CLI_TYPES.forEach(
        (n, t) -> env.registerSearchAttribute(n, TemporalConnection.indexed(t)));
    connectors = TargetWiring.sandbox(sandbox.baseUrl());
    metrics = new Metrics();
  }

  @AfterEach
  void stop() {
    if (preflight != null) {
      preflight.close();
    }
    if (reachability != null) {
      reachability.close();
    }
    env.close();
    metrics.close();
    connectors.close();
    sandbox.close();
  }

  @Test
  void aSystemThatRefusesTheTokenIsNotPolledAndHealthSaysWhyUntilARecheckPassesThenTheRunCompletes()
      throws Exception {
    sandbox.slack().revokeToken(SlackConfig.SANDBOX_TOKEN);
    int port = startWorker();
    WorkerFactory factory = env.getWorkerFactory();

    assertThat(factory.getWorker("leaver-slack-killswitch").isSuspended()).isTrue();
    assertThat(factory.getWorker("leaver-slack-cleanup").isSuspended()).isTrue();
    assertThat(factory.getWorker("leaver-entra-killswitch").isSuspended()).isFalse();
    HttpResponse<String> blocked = health(port);
    assertThat(blocked.statusCode()).isEqualTo(503);
    assertThat(get(port, "/health/ready").statusCode()).as("/health is readiness").isEqualTo(503);
    assertThat(get(port, "/health/live").statusCode())
        .as("blocked, but alive: no restart")
        .isEqualTo(200);
    assertThat(blocked.body()).contains("temporal: ok\n");
    assertThat(blocked.body())
        .contains("entra: ok\n")
        .contains(
            "slack: BLOCKED: Slack refused the token: token_revoked; queues leaver-slack-reads, leaver-slack-killswitch"
                + " and leaver-slack-cleanup not polled")
        .doesNotContain(SlackConfig.SANDBOX_TOKEN);

    OffboardingWorkflow wf = offboard();
    Eventually.within(
        Duration.ofSeconds(20), () -> state(wf, "entra.Resolve") == StepState.DONE ? true : null);
    Thread.sleep(1_000); // three re-checks: time for a Slack task to go out, were one let through
    assertThat(state(wf, "slack.Resolve")).isNotEqualTo(StepState.DONE);
    assertThat(slackCalls())
        .as("only the checks' auth.test reached Slack")
        .allMatch(p -> p.endsWith("/api/auth.test"));

    sandbox.slack().restoreTokens();

    Eventually.within(
        Duration.ofSeconds(10),
        () -> factory.getWorker("leaver-slack-killswitch").isSuspended() ? null : true);
    assertThat(health(port).statusCode()).isEqualTo(200);
    OffboardingStatus done =
        Eventually.within(
            Duration.ofSeconds(60),
            () -> {
              OffboardingStatus s = wf.status();
              return s != null && s.phase() == Phase.COMPLETED ? s : null;
            });
    assertThat(done.step("slack.DeactivateUser").state()).isEqualTo(StepState.DONE);
    assertThat(sandbox.slack().user("U0ADA1001").active()).isFalse();
  }

  @Test
  void aMissingPermissionIsReportedButDoesNotBlockTheSystem() throws Exception {
    sandbox.graph().revokePermission("User.RevokeSessions.All");
    int port = startWorker();

    assertThat(env.getWorkerFactory().getWorker("leaver-entra-killswitch").isSuspended()).isFalse();
    HttpResponse<String> h = health(port);
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.body())
        .contains("entra: ok, not granted: User.RevokeSessions.All\n")
        .contains("slack: ok\n");
  }

  /** What the worker command does, with a re-check every 300 ms instead of 30 s. */
  private int startWorker() throws Exception {
    preflight = new Preflight(connectors, Duration.ofMillis(300), Clock.systemUTC());
    // Entra's DisableAccount only: the run then completes without an operator.
    OffboardingPolicy policy =
        new OffboardingPolicy(
            0, Map.of("entra", new SystemPolicy(true, List.of("DisableAccount"))));
    LeaverWorker.register(
        env.getWorkerFactory(),
        connectors,
        new PlanningActivitiesImpl(connectors, policy, "test"),
        new EvidenceActivitiesImpl(EvidenceStores.directory(evidenceDir)),
        Map.of(),
        Clock.systemUTC(),
        preflight);
    env.start();
    preflight.watch(env.getWorkerFactory());
    reachability =
        new TemporalReachability(
                env.getWorkflowServiceStubs(),
                "in-process",
                Duration.ofMillis(300),
                Clock.systemUTC())
            .start();
    WorkerFactory factory = env.getWorkerFactory();
    // As the worker command serves them.
    return metrics.serve(
        "127.0.0.1",
        0,
        () -> WorkerHealth.live(factory),
        () -> WorkerHealth.ready(preflight, reachability, factory));
  }

  private OffboardingWorkflow offboard() {
    WorkflowClient client = env.getWorkflowClient();
    Instant now = Instant.now();
    new OffboardingStarter(client)
        .start(
            new OffboardingRequest(
                "E1001",
                ADA,
                "grace.hopper@contoso.example",
                now,
                "UTC",
                "t-1",
                now,
                "test",
                false,
                false));
    return client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));
  }

  private static StepState state(OffboardingWorkflow wf, String stepId) {
    OffboardingStatus s = wf.status();
    return s == null
        ? null
        : s.steps().stream()
            .filter(x -> x.stepId().equals(stepId))
            .map(x -> x.state())
            .findFirst()
            .orElse(null);
  }

  private List<String> slackCalls() {
    return sandbox.server().requests().stream()
        .map(SandboxServer.Logged::path)
        .filter(p -> p.startsWith("/slack/"))
        .toList();
  }

  private HttpResponse<String> health(int port) throws Exception {
    return get(port, "/health");
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
