package dev.leaver.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.starter.MassTerminationBrake;
import dev.leaver.starter.OffboardingTestServer;
import dev.leaver.starter.TerminationIntake;
import dev.leaver.starter.hris.bamboohr.BambooHrClient;
import dev.leaver.starter.hris.gusto.GustoClient;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.workflow.FakeTenant;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each vendor's real-format, correctly signed deliveries, through the webhook server, the vendor's
 * API (the sandbox's HRIS emulators, read by the real clients) and the intake, to the real
 * offboarding workflow on Temporal's test server (connectors faked): the run starts with the right
 * effective time, a redelivery starts nothing, a new date reschedules, a cancellation rescinds.
 */
class VendorWebhooksToWorkflowsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final String BAMBOO_KEY = "bamboo-webhook-key-e2e";
  private static final String GUSTO_TOKEN = "gusto-verification-token-e2e";
  private static final String HIBOB_SECRET = "hibob-secret-e2e";
  private static final String STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ADA_GUSTO = "9f1c3a52-7e4b-4d2a-8c61-00000000e101";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Sandbox sandbox;
  private TerminationIntake intake;
  private WebhookServer server;

  @BeforeEach
  void setUp() throws Exception {
    env = OffboardingTestServer.create(new FakeTenant());
    env.start();
    client = env.getWorkflowClient();
    sandbox = Sandbox.startDemo(0);
    intake =
        new TerminationIntake(
            client, MassTerminationBrake.off(), Clock.systemUTC(), Duration.ofSeconds(10));
    HttpClient api = HttpClient.newHttpClient();
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
            .hiBob(SourceConfig.of(HIBOB_SECRET, LONDON))
            .standard(SourceConfig.of(STANDARD_SECRET, LONDON))
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

  @Test
  void bambooHrTerminationStartsRescheduleMovesItCancellationRescindsIt() throws Exception {
    LocalDate lastDay = today(NEW_YORK).plusDays(10);
    sandbox.bamboohr().terminate("1001", lastDay, false);
    byte[] first = bambooUpdated("1001", "2026-11-20T08:59:30+0000");

    assertAnswer(bamboo(first), 202, "started");
    assertThat(awaitPhase("1001", Phase.WAITING).effectiveAt()).isEqualTo(endOf(lastDay, NEW_YORK));
    String run = runId("1001");

    assertAnswer(bamboo(first), 200, "duplicate");
    assertThat(runId("1001")).as("redelivery starts nothing").isEqualTo(run);

    // HR edits the termination: the row with the old date goes, one with the new date comes.
    LocalDate moved = lastDay.minusDays(4);
    sandbox.bamboohr().cancelTermination("1001");
    sandbox.bamboohr().terminate("1001", moved, false);
    assertAnswer(bamboo(bambooUpdated("1001", "2026-11-20T09:10:00+0000")), 202, "rescheduled");
    assertThat(status("1001").effectiveAt()).isEqualTo(endOf(moved, NEW_YORK));

    sandbox.bamboohr().cancelTermination("1001");
    assertAnswer(bamboo(bambooUpdated("1001", "2026-11-20T09:20:00+0000")), 202, "rescinded");
    assertThat(result("1001").phase()).isEqualTo(Phase.RESCINDED);
    assertThat(runId("1001")).isEqualTo(run);
  }

  @Test
  void gustoTerminationStartsRescheduleMovesItCancellationRescindsIt() throws Exception {
    LocalDate lastDay = today(NEW_YORK).plusDays(7);
    sandbox.gusto().terminate(ADA_GUSTO, lastDay);
    byte[] first = gustoEvent("employee.terminated", UUID.randomUUID());

    assertAnswer(gusto(first), 202, "started");
    String workflowEmployee = ADA_GUSTO;
    assertThat(awaitPhase(workflowEmployee, Phase.WAITING).effectiveAt())
        .isEqualTo(endOf(lastDay, NEW_YORK));
    String run = runId(workflowEmployee);

    assertAnswer(gusto(first), 200, "duplicate");
    assertThat(runId(workflowEmployee)).isEqualTo(run);

    LocalDate moved = lastDay.plusDays(14);
    sandbox.gusto().terminate(ADA_GUSTO, moved);
    assertAnswer(gusto(gustoEvent("employee.terminated", UUID.randomUUID())), 202, "rescheduled");
    assertThat(status(workflowEmployee).effectiveAt()).isEqualTo(endOf(moved, NEW_YORK));

    sandbox.gusto().cancelTermination(ADA_GUSTO);
    assertAnswer(
        gusto(gustoEvent("employee.termination_cancelled", UUID.randomUUID())), 202, "rescinded");
    assertThat(result(workflowEmployee).phase()).isEqualTo(Phase.RESCINDED);
  }

  @Test
  void hiBobEmployeeLeftStartsAtTheGivenDateAndARedeliveryStartsNothing() throws Exception {
    LocalDate lastDay = today(LONDON).plusDays(3);
    byte[] body =
        JSON.writeValueAsBytes(
            Map.of(
                "companyId",
                639434,
                "type",
                "employee.left",
                "triggeredBy",
                "system",
                "triggeredAt",
                "2026-11-20T00:00:04.518912",
                "version",
                "v2",
                "data",
                Map.of(
                    "employeeId",
                    "3332883884017713238",
                    "email",
                    "ada.lovelace@contoso.example",
                    "terminationDate",
                    lastDay.toString())));

    assertAnswer(hiBob(body), 202, "started");
    assertThat(awaitPhase("3332883884017713238", Phase.WAITING).effectiveAt())
        .isEqualTo(endOf(lastDay, LONDON));
    String run = runId("3332883884017713238");

    assertAnswer(hiBob(body), 200, "duplicate");
    assertThat(runId("3332883884017713238")).isEqualTo(run);
  }

  @Test
  void standardWebhookTerminationStartsRescheduleMovesItCancellationRescindsIt() throws Exception {
    LocalDate lastDay = today(LONDON).plusDays(5);
    String msg = "msg_" + UUID.randomUUID();

    assertAnswer(standard(msg, standardTerminated(lastDay)), 202, "started");
    assertThat(awaitPhase("E1001", Phase.WAITING).effectiveAt()).isEqualTo(endOf(lastDay, LONDON));
    String run = runId("E1001");

    assertAnswer(standard(msg, standardTerminated(lastDay)), 200, "duplicate");
    assertThat(runId("E1001")).isEqualTo(run);

    LocalDate moved = lastDay.plusDays(1);
    assertAnswer(
        standard("msg_" + UUID.randomUUID(), standardTerminated(moved)), 202, "rescheduled");
    assertThat(status("E1001").effectiveAt()).isEqualTo(endOf(moved, LONDON));

    byte[] cancelled =
        JSON.writeValueAsBytes(
            Map.of(
                "type",
                "employee.termination_cancelled",
                "timestamp",
                Instant.now().toString(),
                "data",
                Map.of("employeeId", "E1001")));
    assertAnswer(standard("msg_" + UUID.randomUUID(), cancelled), 202, "rescinded");
    assertThat(result("E1001").phase()).isEqualTo(Phase.RESCINDED);
  }

  @Test
  void unsignedWronglySignedStaleMalformedAndOversizedDeliveriesAreRefusedAndStartNoRun()
      throws Exception {
    sandbox.bamboohr().terminate("1001", today(NEW_YORK), false);
    sandbox.gusto().terminate(ADA_GUSTO, today(NEW_YORK));
    byte[] bambooBody = bambooUpdated("1001", "2026-11-20T08:59:30+0000");
    byte[] gustoBody = gustoEvent("employee.terminated", UUID.randomUUID());
    byte[] standardBody = standardTerminated(today(LONDON));
    byte[] hiBobBody =
        JSON.writeValueAsBytes(
            Map.of(
                "type",
                "employee.left",
                "version",
                "v2",
                "triggeredAt",
                "2026-11-20T00:00:04",
                "data",
                Map.of("employeeId", "77", "email", "ada.lovelace@contoso.example")));
    String stale = Long.toString(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());
    byte[] oversized = new byte[300 * 1024];
    java.util.Arrays.fill(oversized, (byte) ' ');

    // unsigned
    assertThat(post("bamboohr", bambooBody, Map.of()).statusCode()).isEqualTo(401);
    assertThat(post("gusto", gustoBody, Map.of()).statusCode()).isEqualTo(401);
    assertThat(post("hibob", hiBobBody, Map.of()).statusCode()).isEqualTo(401);
    assertThat(post("standard", standardBody, Map.of()).statusCode()).isEqualTo(401);
    // signed with another key
    String ts = Long.toString(Instant.now().getEpochSecond());
    assertThat(
            post(
                    "bamboohr",
                    bambooBody,
                    Map.of(
                        "X-BambooHR-Timestamp",
                        ts,
                        "X-BambooHR-Signature",
                        VendorSignatures.bambooHr("not-the-key", bambooBody, ts)))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            post(
                    "gusto",
                    gustoBody,
                    Map.of("X-Gusto-Signature", VendorSignatures.gusto("not-the-token", gustoBody)))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            post(
                    "hibob",
                    hiBobBody,
                    Map.of("Bob-Signature", VendorSignatures.hiBob("not-the-secret", hiBobBody)))
                .statusCode())
        .isEqualTo(401);
    // correctly signed, but ten minutes old
    assertThat(
            post(
                    "bamboohr",
                    bambooBody,
                    Map.of(
                        "X-BambooHR-Timestamp",
                        stale,
                        "X-BambooHR-Signature",
                        VendorSignatures.bambooHr(BAMBOO_KEY, bambooBody, stale)))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            post(
                    "standard",
                    standardBody,
                    Map.of(
                        "webhook-id",
                        "msg_1",
                        "webhook-timestamp",
                        stale,
                        "webhook-signature",
                        VendorSignatures.standard(STANDARD_SECRET, "msg_1", stale, standardBody)))
                .statusCode())
        .isEqualTo(401);
    // correctly signed, not JSON
    byte[] broken = "{\"type\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(bamboo(broken).statusCode()).isEqualTo(400);
    assertThat(gusto(broken).statusCode()).isEqualTo(400);
    assertThat(hiBob(broken).statusCode()).isEqualTo(400);
    assertThat(standard("msg_2", broken).statusCode()).isEqualTo(400);
    // correctly signed, too big
    assertThat(bamboo(oversized).statusCode()).isEqualTo(413);
    assertThat(standard("msg_3", oversized).statusCode()).isEqualTo(413);

    for (String employee : List.of("1001", ADA_GUSTO, "77", "E1001")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> runId(employee))
          .as("no run for " + employee)
          .isInstanceOf(WorkflowNotFoundException.class);
    }
  }

  // --- deliveries, signed as each vendor signs ---------------------------------------------------

  private HttpResponse<String> bamboo(byte[] body) throws Exception {
    String ts = Long.toString(Instant.now().getEpochSecond());
    return post(
        "bamboohr",
        body,
        Map.of(
            "X-BambooHR-Timestamp",
            ts,
            "X-BambooHR-Signature",
            VendorSignatures.bambooHr(BAMBOO_KEY, body, ts)));
  }

  private HttpResponse<String> gusto(byte[] body) throws Exception {
    return post(
        "gusto", body, Map.of("X-Gusto-Signature", VendorSignatures.gusto(GUSTO_TOKEN, body)));
  }

  private HttpResponse<String> hiBob(byte[] body) throws Exception {
    return post("hibob", body, Map.of("Bob-Signature", VendorSignatures.hiBob(HIBOB_SECRET, body)));
  }

  private HttpResponse<String> standard(String id, byte[] body) throws Exception {
    String ts = Long.toString(Instant.now().getEpochSecond());
    return post(
        "standard",
        body,
        Map.of(
            "webhook-id",
            id,
            "webhook-timestamp",
            ts,
            "webhook-signature",
            VendorSignatures.standard(STANDARD_SECRET, id, ts, body)));
  }

  private HttpResponse<String> post(String source, byte[] body, Map<String, String> headers)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(server.uri() + "/webhooks/" + source))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bambooUpdated(String employeeId, String timestamp) throws Exception {
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

  private static byte[] gustoEvent(String type, UUID eventId) throws Exception {
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
            Instant.now().getEpochSecond()));
  }

  private static byte[] standardTerminated(LocalDate lastDay) throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "type",
            "employee.terminated",
            "timestamp",
            Instant.now().toString(),
            "data",
            Map.of(
                "employeeId",
                "E1001",
                "email",
                "ada.lovelace@contoso.example",
                "managerEmail",
                "grace.hopper@contoso.example",
                "effectiveDate",
                lastDay.toString(),
                "timeZone",
                "Europe/London",
                "involuntary",
                true)));
  }

  // --- what Temporal has ----------------------------------------------------------------------

  private static void assertAnswer(HttpResponse<String> r, int status, String outcome)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode json = JSON.readTree(r.body());
    String actual = json.path("outcome").asText();
    if ("batch".equals(actual) || actual.isEmpty()) {
      actual = json.path("results").path(0).path("outcome").asText();
    }
    assertThat(actual).as(r.body()).isEqualTo(outcome);
  }

  private LocalDate today(ZoneId zone) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(env.currentTimeMillis()), zone);
  }

  private static Instant endOf(LocalDate lastDay, ZoneId zone) {
    return lastDay.plusDays(1).atStartOfDay(zone).toInstant();
  }

  private OffboardingStatus status(String employeeId) {
    return client.newWorkflowStub(OffboardingWorkflow.class, "offboarding-" + employeeId).status();
  }

  private OffboardingStatus result(String employeeId) {
    return client
        .newUntypedWorkflowStub("offboarding-" + employeeId)
        .getResult(OffboardingStatus.class);
  }

  private String runId(String employeeId) {
    return client
        .newUntypedWorkflowStub("offboarding-" + employeeId)
        .describe()
        .getExecution()
        .getRunId();
  }

  private OffboardingStatus awaitPhase(String employeeId, Phase phase) throws InterruptedException {
    return HrEventsFixture.awaitPhase(client, employeeId, phase);
  }
}
