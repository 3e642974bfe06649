package dev.leaver.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.hris.HiBobEmulator;
import dev.leaver.starter.MassTerminationBrake;
import dev.leaver.starter.OffboardingTestServer;
import dev.leaver.starter.TerminationIntake;
import dev.leaver.starter.hris.gusto.GustoClient;
import dev.leaver.starter.hris.hibob.HiBobClient;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.workflow.FakeTenant;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, items 4 and 5: HiBob v2 and Gusto webhooks carry ids only, so each delivery is decided
 * from the employee record the vendor's API answers, through the real webhook server, the real
 * {@link HiBobClient} and {@link GustoClient} against the sandbox's emulators, the intake and the
 * real offboarding workflow on Temporal's test server.
 */
class HrRecordsDecideHiBobAndGustoTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final String GUSTO_TOKEN = "gusto-verification-token-e2e";
  private static final String HIBOB_SECRET = "hibob-secret-e2e";
  private static final String ADA_GUSTO = "9f1c3a52-7e4b-4d2a-8c61-00000000e101";
  private static final String ADA_BOB = "3332883884017713001";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Sandbox sandbox;
  private TerminationIntake intake;
  private WebhookServer server;

  @BeforeEach
  void setUp() throws Exception {
    // Real time: runs wait for days, and HR times are compared with the server's clock.
    env =
        OffboardingTestServer.create(
            new FakeTenant(),
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.start();
    client = env.getWorkflowClient();
    sandbox = Sandbox.startDemo(0);
    intake =
        new TerminationIntake(
            client, MassTerminationBrake.off(), Clock.systemUTC(), Duration.ofSeconds(5));
    HttpClient api = HttpClient.newHttpClient();
    var bob = sandbox.emulator(HiBobEmulator.class).serviceUser();
    server =
        WebhookServer.builder()
            .host("127.0.0.1")
            .port(0)
            .stopTimeout(Duration.ZERO)
            .sink(intake)
            .gusto(
                SourceConfig.of(GUSTO_TOKEN, NEW_YORK),
                new GustoClient(
                    sandbox.baseUrl() + "/gusto", "sandbox-gusto-access-token", NEW_YORK, api))
            .hiBob(
                SourceConfig.of(HIBOB_SECRET, LONDON),
                new HiBobClient(
                    sandbox.baseUrl() + "/hibob", bob.getKey(), bob.getValue(), LONDON, api))
            .build();
    server.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
    intake.close();
    sandbox.close();
    env.close();
  }

  // --- 4. HiBob v2: ids only, decided from the record -----------------------------------------

  /**
   * v2 {@code employee.inactivated} carries no status: the record says terminated, so it starts.
   */
  @Test
  void hiBobV2EmployeeInactivatedWithIdsOnlyStartsTheRunOnTheRecordsTerminationDate()
      throws Exception {
    LocalDate lastDay = today(LONDON).minusDays(1);
    bob().terminate(ADA_BOB, lastDay);

    assertAnswer(hiBob(bobEvent("employee.inactivated", Instant.now())), 202, "started");
    OffboardingStatus s = awaitPhaseAtLeastStarted(ADA_BOB);
    assertThat(s.effectiveAt()).isEqualTo(endOf(lastDay, LONDON));
  }

  /**
   * v2 {@code employee.left} with ids only starts the run on the record's date; HR withdraws the
   * termination and Bob redelivers the byte-identical body: decided from the record, it rescinds.
   */
  @Test
  void hiBobV2EmployeeLeftWithIdsOnlyIsDecidedFromTheRecordAndARedeliveryAfterAWithdrawalRescinds()
      throws Exception {
    LocalDate lastDay = today(LONDON).plusDays(10);
    bob().terminate(ADA_BOB, lastDay);
    byte[] body = bobEvent("employee.left", Instant.now().minusSeconds(5));

    assertAnswer(hiBob(body), 202, "started");
    assertThat(awaitPhase(ADA_BOB, Phase.WAITING).effectiveAt()).isEqualTo(endOf(lastDay, LONDON));
    assertAnswer(hiBob(body), 200, "duplicate");

    bob().cancelTermination(ADA_BOB);
    assertAnswer(hiBob(body), 202, "rescinded");
    assertThat(awaitClosed(ADA_BOB).phase()).isEqualTo(Phase.RESCINDED);
  }

  /**
   * A date edited in Bob arrives as v2 {@code employee.updated}: the run's effective time moves.
   */
  @Test
  void hiBobV2TerminationDateEditedInBobArrivesAsEmployeeUpdatedAndTheRunsEffectiveTimeMoves()
      throws Exception {
    LocalDate lastDay = today(LONDON).plusDays(10);
    bob().terminate(ADA_BOB, lastDay);
    assertAnswer(hiBob(bobEvent("employee.left", Instant.now().minusSeconds(5))), 202, "started");
    awaitPhase(ADA_BOB, Phase.WAITING);

    LocalDate later = lastDay.plusDays(4);
    bob().terminate(ADA_BOB, later);
    assertAnswer(hiBob(bobEvent("employee.updated", Instant.now())), 202, "rescheduled");
    assertThat(status(ADA_BOB).effectiveAt()).isEqualTo(endOf(later, LONDON));
  }

  /** An employee Bob shows employed with no termination: nothing starts. */
  @Test
  void hiBobV2EmployeeLeftForSomeoneTheRecordShowsEmployedStartsNothing() throws Exception {
    JsonNode r = assertAnswer(hiBob(bobEvent("employee.left", Instant.now())), 200, "ignored");
    assertThat(r.path("reason").asText()).contains("no offboarding for this employee");
    assertThat(exists(ADA_BOB)).isFalse();
  }

  // --- 5. Gusto: every employee event re-reads the employee ------------------------------------

  /** Gusto does not document the event for a date edited alone; employee.updated moves the run. */
  @Test
  void gustoTerminationDateEditedArrivesAsEmployeeUpdatedAndTheRunsEffectiveTimeMoves()
      throws Exception {
    long now = Instant.now().getEpochSecond();
    LocalDate lastDay = today(NEW_YORK).plusDays(7);
    sandbox.gusto().terminate(ADA_GUSTO, lastDay);
    assertAnswer(
        gusto(gustoEvent("employee.terminated", UUID.randomUUID(), now - 10)), 202, "started");
    assertThat(awaitPhase(ADA_GUSTO, Phase.WAITING).effectiveAt())
        .isEqualTo(endOf(lastDay, NEW_YORK));

    LocalDate earlier = lastDay.minusDays(3);
    sandbox.gusto().terminate(ADA_GUSTO, earlier); // PUT terminations: the date edited
    UUID updated = UUID.randomUUID();
    assertAnswer(gusto(gustoEvent("employee.updated", updated, now)), 202, "rescheduled");
    assertThat(status(ADA_GUSTO).effectiveAt()).isEqualTo(endOf(earlier, NEW_YORK));
    // Its redelivery changes nothing.
    assertAnswer(gusto(gustoEvent("employee.updated", updated, now)), 200, "duplicate");
    assertThat(status(ADA_GUSTO).effectiveAt()).isEqualTo(endOf(earlier, NEW_YORK));
  }

  /**
   * The termination deleted in Gusto, announced as employee.updated: the record rescinds the run.
   */
  @Test
  void gustoEmployeeUpdatedAfterTheTerminationWasDeletedRescindsTheRunPerTheRecord()
      throws Exception {
    long now = Instant.now().getEpochSecond();
    sandbox.gusto().terminate(ADA_GUSTO, today(NEW_YORK).plusDays(7));
    assertAnswer(
        gusto(gustoEvent("employee.terminated", UUID.randomUUID(), now - 10)), 202, "started");
    awaitPhase(ADA_GUSTO, Phase.WAITING);

    sandbox.gusto().cancelTermination(ADA_GUSTO);
    assertAnswer(gusto(gustoEvent("employee.updated", UUID.randomUUID(), now)), 202, "rescinded");
    assertThat(awaitClosed(ADA_GUSTO).phase()).isEqualTo(Phase.RESCINDED);
  }

  /** employee.terminated for someone whose record shows no termination (yet) starts nothing. */
  @Test
  void gustoEmployeeTerminatedWhoseRecordShowsNoTerminationStartsNothing() throws Exception {
    assertAnswer(
        gusto(gustoEvent("employee.terminated", UUID.randomUUID(), Instant.now().getEpochSecond())),
        200,
        "ignored");
    assertThat(exists(ADA_GUSTO)).isFalse();
  }

  // --- deliveries, signed as each vendor signs ---------------------------------------------------

  private HiBobEmulator bob() {
    return sandbox.emulator(HiBobEmulator.class);
  }

  private HttpResponse<String> hiBob(byte[] body) throws Exception {
    return post("hibob", body, Map.of("Bob-Signature", VendorSignatures.hiBob(HIBOB_SECRET, body)));
  }

  private HttpResponse<String> gusto(byte[] body) throws Exception {
    return post(
        "gusto", body, Map.of("X-Gusto-Signature", VendorSignatures.gusto(GUSTO_TOKEN, body)));
  }

  private HttpResponse<String> post(String source, byte[] body, Map<String, String> headers)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(server.uri() + "/webhooks/" + source))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A v2 payload as Bob sends it since April 2025: metadata and ids only. */
  static byte[] bobEvent(String type, Instant at) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("companyId", 645101);
    m.put("type", type);
    m.put("triggeredBy", "3332883884017713900");
    m.put("triggeredAt", at.toString());
    m.put("version", "v2");
    m.put("data", Map.of("employeeId", ADA_BOB));
    return JSON.writeValueAsBytes(m);
  }

  static byte[] gustoEvent(String type, UUID eventId, long epochSeconds) throws Exception {
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
            ADA_GUSTO,
            "timestamp",
            epochSeconds));
  }

  // --- what Temporal has ----------------------------------------------------------------------

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

  private LocalDate today(ZoneId zone) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(env.currentTimeMillis()), zone);
  }

  static Instant endOf(LocalDate lastDay, ZoneId zone) {
    return lastDay.plusDays(1).atStartOfDay(zone).toInstant();
  }

  private OffboardingStatus status(String employeeId) {
    return client.newWorkflowStub(OffboardingWorkflow.class, "offboarding-" + employeeId).status();
  }

  private boolean exists(String employeeId) {
    try {
      client.newUntypedWorkflowStub("offboarding-" + employeeId).describe();
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  private OffboardingStatus awaitPhase(String employeeId, Phase phase) throws InterruptedException {
    return HrEventsFixture.awaitPhase(client, employeeId, phase);
  }

  /** The run exists and has its effective time (a past date runs at once, past WAITING). */
  private OffboardingStatus awaitPhaseAtLeastStarted(String employeeId)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        OffboardingStatus s = status(employeeId);
        if (s.effectiveAt() != null) {
          return s;
        }
      } catch (WorkflowNotFoundException e) {
        // not yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("offboarding-" + employeeId + " never started");
  }

  /** Waits for the latest run to close (without asking for its result, which skips time). */
  private OffboardingStatus awaitClosed(String employeeId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      var d = client.newUntypedWorkflowStub("offboarding-" + employeeId).describe();
      if (d.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return client
            .newUntypedWorkflowStub("offboarding-" + employeeId)
            .getResult(OffboardingStatus.class);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("offboarding-" + employeeId + " never closed");
  }
}
