package dev.leaver.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.hris.HiBobEmulator;
import dev.leaver.starter.MassTerminationBrake;
import dev.leaver.starter.OffboardingTestServer;
import dev.leaver.starter.TerminationIntake;
import dev.leaver.starter.hris.bamboohr.BambooHrClient;
import dev.leaver.starter.hris.gusto.GustoClient;
import dev.leaver.starter.hris.hibob.HiBobClient;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.workflow.FakeTenant;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The end-to-end rig of {@link HrEventsAreNeverLostTest} for tests that need more than one starter:
 * Temporal's test server (real time) running the real workflow, the sandbox's HRIS emulators, and
 * any number of starters (intake and webhook server), each with its own Temporal client behind its
 * own {@link TemporalFaults} — as replicas, or one restarted.
 */
final class HrEventsFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId LONDON = ZoneId.of("Europe/London");
  static final String BAMBOO_KEY = "bamboo-webhook-key-e2e";
  static final String GUSTO_TOKEN = "gusto-verification-token-e2e";
  static final String HIBOB_SECRET = "hibob-secret-e2e";
  static final String STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final Sandbox sandbox;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Starter> starters = new ArrayList<>();
  private final Duration updateTimeout;

  /** One starter process: its Temporal client (with faults), intake and webhook server. */
  final class Starter implements AutoCloseable {
    final TemporalFaults faults = new TemporalFaults();
    final WorkflowServiceStubs stubs;
    final TerminationIntake intake;
    final WebhookServer server;

    private Starter() throws Exception {
      stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder(env.getWorkflowServiceStubs().getOptions())
                  .setGrpcClientInterceptors(List.of(faults))
                  .build());
      intake =
          new TerminationIntake(
              WorkflowClient.newInstance(stubs, client.getOptions()),
              MassTerminationBrake.off(),
              Clock.systemUTC(),
              updateTimeout);
      HttpClient api = HttpClient.newHttpClient();
      var bob = sandbox.emulator(HiBobEmulator.class).serviceUser();
      server =
          WebhookServer.builder()
              .host("127.0.0.1")
              .port(0)
              .stopTimeout(Duration.ZERO)
              .sink(intake)
              .bambooHr(
                  SourceConfig.of(BAMBOO_KEY, NEW_YORK),
                  new BambooHrClient(
                      sandbox.baseUrl() + "/bamboohr",
                      "contoso",
                      "sandbox-bamboohr-api-key",
                      NEW_YORK,
                      api))
              .gusto(
                  SourceConfig.of(GUSTO_TOKEN, NEW_YORK),
                  new GustoClient(
                      sandbox.baseUrl() + "/gusto", "sandbox-gusto-access-token", NEW_YORK, api))
              .hiBob(
                  SourceConfig.of(HIBOB_SECRET, LONDON),
                  new HiBobClient(
                      sandbox.baseUrl() + "/hibob", bob.getKey(), bob.getValue(), LONDON, api))
              .standard(SourceConfig.of(STANDARD_SECRET, LONDON))
              .build();
      server.start();
    }

    HttpResponse<String> standard(String id, byte[] body) throws Exception {
      String ts = Long.toString(Instant.now().getEpochSecond());
      return post(
          this,
          "standard",
          body,
          "application/json",
          Map.of(
              "webhook-id",
              id,
              "webhook-timestamp",
              ts,
              "webhook-signature",
              VendorSignatures.standard(STANDARD_SECRET, id, ts, body)));
    }

    HttpResponse<String> bamboo(byte[] body) throws Exception {
      String ts = Long.toString(Instant.now().getEpochSecond());
      return post(
          this,
          "bamboohr",
          body,
          "application/json",
          Map.of(
              "X-BambooHR-Timestamp",
              ts,
              "X-BambooHR-Signature",
              VendorSignatures.bambooHr(BAMBOO_KEY, body, ts)));
    }

    HttpResponse<String> gusto(byte[] body) throws Exception {
      return post(
          this,
          "gusto",
          body,
          "application/json",
          Map.of("X-Gusto-Signature", VendorSignatures.gusto(GUSTO_TOKEN, body)));
    }

    HttpResponse<String> hiBob(byte[] body) throws Exception {
      return post(
          this,
          "hibob",
          body,
          "application/json",
          Map.of("Bob-Signature", VendorSignatures.hiBob(HIBOB_SECRET, body)));
    }

    /** Stops this starter, as a restart or a replica going away does. */
    @Override
    public void close() throws Exception {
      if (starters.remove(this)) {
        server.close();
        intake.close();
        stubs.shutdownNow();
      }
    }
  }

  HrEventsFixture() throws Exception {
    this(Sandbox.readTenant(Sandbox.DEMO_TENANT), Duration.ofSeconds(5));
  }

  /**
   * As above, with the sandbox's HRIS emulators seeded from {@code tenant}, and the intakes' update
   * timeout (5 s by default).
   */
  HrEventsFixture(JsonNode tenant, Duration updateTimeout) throws Exception {
    this.updateTimeout = updateTimeout;
    env =
        OffboardingTestServer.create(
            new FakeTenant(),
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.start();
    client = env.getWorkflowClient();
    sandbox = Sandbox.start(0, tenant);
  }

  /** A new starter process against the same Temporal and HRIS. */
  Starter starter() throws Exception {
    Starter s = new Starter();
    starters.add(s);
    return s;
  }

  private HttpResponse<String> post(
      Starter s, String source, byte[] body, String contentType, Map<String, String> headers)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(s.server.uri() + "/webhooks/" + source))
            .timeout(Duration.ofSeconds(25)) // HRISs give up sooner
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static byte[] standardTerminated(String employeeId, LocalDate lastDay, Instant recordedAt)
      throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "type",
            "employee.terminated",
            "timestamp",
            recordedAt.toString(),
            "data",
            Map.of(
                "employeeId",
                employeeId,
                "email",
                employeeId.toLowerCase(Locale.ROOT) + "@contoso.example",
                "managerEmail",
                "grace.hopper@contoso.example",
                "effectiveDate",
                lastDay.toString(),
                "timeZone",
                "Europe/London",
                "involuntary",
                true)));
  }

  static byte[] standardCancelled(String employeeId, Instant recordedAt) throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "type",
            "employee.termination_cancelled",
            "timestamp",
            recordedAt.toString(),
            "data",
            Map.of("employeeId", employeeId)));
  }

  static byte[] standardRehired(String employeeId, Instant recordedAt) throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "type",
            "employee.rehired",
            "timestamp",
            recordedAt.toString(),
            "data",
            Map.of("employeeId", employeeId)));
  }

  static byte[] bambooUpdated(String employeeId, String timestamp) throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "type",
            "employee.updated",
            "timestamp",
            timestamp,
            "data",
            Map.of(
                "companyId",
                "12345",
                "employeeId",
                employeeId,
                "changedFields",
                List.of("status", "terminationDate"))));
  }

  /** A Gusto event as Gusto sends it: thin, the employee in {@code entity_uuid}. */
  static byte[] gustoEvent(String type, UUID eventId, String employeeUuid, long epochSeconds)
      throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "uuid",
            eventId.toString(),
            "event_type",
            type,
            "resource_type",
            "Company",
            "resource_uuid",
            "5b1c7e1a-0c0d-4e55-9f00-00000000c0de",
            "entity_type",
            "Employee",
            "entity_uuid",
            employeeUuid,
            "timestamp",
            epochSeconds));
  }

  /** A HiBob v2 event as Bob sends it since April 2025: metadata and ids only. */
  static byte[] bobEvent(String type, String employeeId, Instant at) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("companyId", 645101);
    m.put("type", type);
    m.put("triggeredBy", "3332883884017713900");
    m.put("triggeredAt", at.toString());
    m.put("version", "v2");
    m.put("data", Map.of("employeeId", employeeId));
    return JSON.writeValueAsBytes(m);
  }

  static JsonNode assertAnswer(HttpResponse<String> r, int status, String outcome)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode json = JSON.readTree(r.body());
    String actual = json.path("outcome").asText();
    if ("batch".equals(actual) || actual.isEmpty()) {
      actual = json.path("results").path(0).path("outcome").asText();
    }
    assertThat(actual).as(r.body()).isEqualTo(outcome);
    return json;
  }

  static void assertRetryLater(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
  }

  LocalDate today(ZoneId zone) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(env.currentTimeMillis()), zone);
  }

  static Instant endOf(LocalDate lastDay, ZoneId zone) {
    return lastDay.plusDays(1).atStartOfDay(zone).toInstant();
  }

  OffboardingStatus status(String employeeId) {
    return client.newWorkflowStub(OffboardingWorkflow.class, "offboarding-" + employeeId).status();
  }

  /** The latest run's execution status, or null when the employee never had one. */
  WorkflowExecutionStatus runStatus(String employeeId) {
    try {
      return client.newUntypedWorkflowStub("offboarding-" + employeeId).describe().getStatus();
    } catch (WorkflowNotFoundException e) {
      return null;
    }
  }

  OffboardingStatus awaitPhase(String employeeId, Phase phase) throws InterruptedException {
    return awaitPhase(client, employeeId, phase);
  }

  /** The employee's run once it is in {@code phase}; fails with the last status after 20 s. */
  static OffboardingStatus awaitPhase(WorkflowClient client, String employeeId, Phase phase)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    OffboardingStatus last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        last =
            client.newWorkflowStub(OffboardingWorkflow.class, "offboarding-" + employeeId).status();
      } catch (WorkflowNotFoundException e) {
        last = null;
      }
      if (last != null && last.phase() == phase) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("phase never " + phase + "; last: " + last);
  }

  @Override
  public void close() throws Exception {
    for (Starter s : List.copyOf(starters)) {
      s.close();
    }
    sandbox.close();
    env.close();
  }
}
