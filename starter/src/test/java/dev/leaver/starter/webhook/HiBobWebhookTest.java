package dev.leaver.starter.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HiBobWebhookTest extends WebhookFixture {
  private static final String LEFT = "hibob-employee-left.json";
  private static final String EMPLOYEE = "3332883884017713238";

  private HttpResponse<String> deliver(byte[] body) {
    return post("hibob", body, Map.of("Bob-Signature", VendorSignatures.hiBob(HIBOB_SECRET, body)));
  }

  @Test
  void aSignedEmployeeLeftEventStartsATerminationEffectiveWhenBobSentIt() {
    HttpResponse<String> r = deliver(sample(LEFT));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("workflowId").asText()).isEqualTo("offboarding-" + EMPLOYEE);
    assertThat(sink.accepted()).hasSize(1);
    TerminationEvent e = sink.accepted().get(0);
    assertThat(e.kind()).isEqualTo(Kind.TERMINATION);
    assertThat(e.source()).isEqualTo("hibob");
    assertThat(e.employeeId()).isEqualTo(EMPLOYEE);
    assertThat(e.upn()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(e.effectiveDate()).isNull();
    assertThat(e.effectiveAt()).isEqualTo(Instant.parse("2026-11-20T00:00:04.518912Z"));
    assertThat(e.timeZone()).isEqualTo("Europe/London");
  }

  @Test
  void aTerminationDateInThePayloadBecomesTheLastDayWorked() {
    HttpResponse<String> r =
        deliver(sample(LEFT, "\"email\"", "\"terminationDate\": \"2026-11-19\",\n    \"email\""));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(sink.accepted())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.effectiveDate()).isEqualTo(LocalDate.parse("2026-11-19"));
              assertThat(e.effectiveAt()).isNull();
            });
  }

  @Test
  void theLegacyV1PayloadIsReadToo() {
    HttpResponse<String> r = deliver(sample("hibob-employee-left-v1.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(sink.accepted())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.employeeId()).isEqualTo(EMPLOYEE);
              assertThat(e.upn()).isEqualTo("ada.lovelace@contoso.example");
            });
  }

  @Test
  void aPayloadWithoutAnEmailIsRefused422WhenThereIsNoHiBobLookup() {
    HttpResponse<String> r = deliver(sample("hibob-employee-left-ids-only.json"));

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(json(r).get("error").asText()).contains("no work e-mail");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aPayloadWithoutAnEmailUsesTheHiBobLookupWhenOneIsConfigured() throws Exception {
    FakeLookup hiBob =
        new FakeLookup()
            .with(
                new EmployeeRecord(
                    EMPLOYEE,
                    "ada.lovelace@contoso.example",
                    "grace@contoso.example",
                    true,
                    LocalDate.parse("2026-11-19"),
                    "Europe/Paris",
                    false));
    start(b -> b.hiBob(SourceConfig.of(HIBOB_SECRET, LONDON), hiBob));

    HttpResponse<String> r = deliver(sample("hibob-employee-left-ids-only.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(sink.accepted())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.upn()).isEqualTo("ada.lovelace@contoso.example");
              assertThat(e.effectiveDate()).isEqualTo(LocalDate.parse("2026-11-19"));
              assertThat(e.timeZone()).isEqualTo("Europe/Paris");
            });
  }

  @Test
  void whenTheHiBobApiIsDownTheDeliveryGets503AndStartsNothing() throws Exception {
    FakeLookup hiBob = new FakeLookup();
    hiBob.down(true);
    start(b -> b.hiBob(SourceConfig.of(HIBOB_SECRET, LONDON), hiBob));

    HttpResponse<String> r = deliver(sample("hibob-employee-left-ids-only.json"));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(json(r).get("error").asText()).isEqualTo("hibob unavailable, retry");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void anInactivationWithoutATerminatedStatusIsALeaveOfAbsenceAndIgnored() {
    HttpResponse<String> r = deliver(sample(LEFT, "employee.left", "employee.inactivated"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("outcome").asText()).isEqualTo("ignored");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void anInactivationWithATerminatedStatusIsATermination() {
    byte[] body = sample(LEFT, "employee.left", "employee.inactivated");
    body =
        new String(body, UTF_8)
            .replace("\"email\"", "\"status\": \"Terminated\",\n    \"email\"")
            .getBytes(UTF_8);

    HttpResponse<String> r = deliver(body);

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(sink.accepted())
        .singleElement()
        .extracting(TerminationEvent::kind)
        .isEqualTo(Kind.TERMINATION);
  }

  @Test
  void bobsUnsignedPingIsAnswered200SoTheWebhookCanBeSetUp() {
    HttpResponse<String> plain =
        send("POST", "/webhooks/hibob", "Ping test".getBytes(UTF_8), "text/plain", Map.of());
    HttpResponse<String> asJson =
        post("hibob", "{\"text\":\"Ping test\"}".getBytes(UTF_8), Map.of());

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(asJson.statusCode()).isEqualTo(200);
    assertThat(json(asJson).get("reason").asText()).isEqualTo("ping");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aHiBobWebhookSignedWithTheWrongSecretIsRefusedAndStartsNothing() {
    byte[] body = sample(LEFT);

    HttpResponse<String> r =
        post("hibob", body, Map.of("Bob-Signature", VendorSignatures.hiBob("wrong", body)));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("wrong signature");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void theRightHmacSentAsHexInsteadOfBase64IsRefused() {
    byte[] body = sample(LEFT);
    String hex =
        HexFormat.of()
            .formatHex(Base64.getDecoder().decode(VendorSignatures.hiBob(HIBOB_SECRET, body)));

    HttpResponse<String> r = post("hibob", body, Map.of("Bob-Signature", hex));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aHiBobWebhookWithoutASignatureIsRefusedAndStartsNothing() {
    HttpResponse<String> r = post("hibob", sample(LEFT), Map.of());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("missing Bob-Signature");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aSignedBodyThatIsNotJsonIsRefusedAsMalformed() {
    HttpResponse<String> r = deliver("{\"type\": \"employee.left\", \"data\": {".getBytes(UTF_8));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("body is not valid JSON");
  }

  @Test
  void aSignedPayloadWithoutAnEmployeeIdIsRefusedNamingTheField() {
    HttpResponse<String> r = deliver(sample(LEFT, "\"employeeId\": \"" + EMPLOYEE + "\",", ""));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("data.employeeId is required");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() {
    HttpResponse<String> r = deliver(oversized(MAX_BODY + 1));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aRedeliveryOfTheSameBodyAnswersDuplicate() {
    assertThat(deliver(sample(LEFT)).statusCode()).isEqualTo(202);

    HttpResponse<String> again = deliver(sample(LEFT));

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("outcome").asText()).isEqualTo("duplicate");
    assertThat(sink.calls()).isEqualTo(1);
  }

  @Test
  void whenTemporalIsDownTheDeliveryGets503AndTheRetryIsAccepted() {
    sink.unavailableFor(1);

    HttpResponse<String> first = deliver(sample(LEFT));
    HttpResponse<String> retry = deliver(sample(LEFT));

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(sink.calls()).isEqualTo(2);
    assertThat(sink.accepted()).hasSize(1);
  }
}
