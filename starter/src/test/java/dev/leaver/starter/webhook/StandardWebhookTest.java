package dev.leaver.starter.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardWebhookTest extends WebhookFixture {
  private static final String TERMINATED = "standard-employee-terminated.json";
  private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

  private HttpResponse<String> deliver(byte[] body) {
    return deliver(body, ID, NOW.getEpochSecond(), STANDARD_SECRET);
  }

  private HttpResponse<String> deliver(byte[] body, String id, long seconds, String secret) {
    String timestamp = String.valueOf(seconds);
    return post(
        "standard",
        body,
        Map.of(
            "webhook-id", id,
            "webhook-timestamp", timestamp,
            "webhook-signature", VendorSignatures.standard(secret, id, timestamp, body)));
  }

  @Test
  void aSignedTerminationStartsOneTerminationWithTheLastDayAndZoneFromThePayload() {
    HttpResponse<String> r = deliver(sample(TERMINATED));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("outcome").asText()).isEqualTo("started");
    assertThat(json(r).get("workflowId").asText()).isEqualTo("offboarding-E1001");
    assertThat(sink.accepted()).hasSize(1);
    TerminationEvent e = sink.accepted().get(0);
    assertThat(e.kind()).isEqualTo(Kind.TERMINATION);
    assertThat(e.source()).isEqualTo("standard");
    assertThat(e.eventId()).isEqualTo(ID);
    assertThat(e.eventAt()).isEqualTo(Instant.parse("2026-11-20T08:59:58Z"));
    assertThat(e.employeeId()).isEqualTo("E1001");
    assertThat(e.upn()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(e.managerUpn()).isEqualTo("grace.hopper@contoso.example");
    assertThat(e.effectiveDate()).isEqualTo(LocalDate.parse("2026-11-30"));
    assertThat(e.effectiveAt()).isNull();
    assertThat(e.timeZone()).isEqualTo("Europe/London");
    assertThat(e.involuntary()).isTrue();
  }

  @Test
  void anExactEffectiveInstantIsPassedOnAndTheZoneDefaultsToTheConfiguredOne() {
    byte[] body =
        sample(
            TERMINATED,
            "\"effectiveDate\": \"2026-11-30\",",
            "\"effectiveAt\": \"2026-11-30T17:30:00+01:00\",");
    body = new String(body, UTF_8).replace("\"timeZone\": \"Europe/London\",", "").getBytes(UTF_8);

    HttpResponse<String> r = deliver(body);

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(sink.accepted())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.effectiveAt()).isEqualTo(Instant.parse("2026-11-30T16:30:00Z"));
              assertThat(e.effectiveDate()).isNull();
              assertThat(e.timeZone()).isEqualTo("Europe/London");
            });
  }

  @Test
  void aCancelledTerminationNeedsOnlyTheEmployeeId() {
    HttpResponse<String> r = deliver(sample("standard-employee-termination-cancelled.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("outcome").asText()).isEqualTo("rescinded");
    assertThat(sink.accepted())
        .singleElement()
        .extracting(TerminationEvent::kind)
        .isEqualTo(Kind.CANCELLATION);
  }

  @Test
  void anyOneMatchingV1SignatureInTheListPasses() {
    byte[] body = sample(TERMINATED);
    String ts = String.valueOf(NOW.getEpochSecond());
    String good = VendorSignatures.standard(STANDARD_SECRET, ID, ts, body);
    String old = VendorSignatures.standard("whsec_b2xkLXNlY3JldC1yb3RhdGVkLW91dA==", ID, ts, body);

    HttpResponse<String> r =
        post(
            "standard",
            body,
            Map.of(
                "webhook-id", ID,
                "webhook-timestamp", ts,
                "webhook-signature", old + " v1a,c2lnbmF0dXJl " + good));

    assertThat(r.statusCode()).isEqualTo(202);
  }

  @Test
  void aStandardWebhookSignedWithAnotherSecretIsRefusedAndStartsNothing() {
    HttpResponse<String> r =
        deliver(sample(TERMINATED), ID, NOW.getEpochSecond(), "whsec_c29tZW9uZS1lbHNlcy1zZWNyZXQ=");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("wrong signature");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aSignatureForAnotherWebhookIdIsRefused() {
    byte[] body = sample(TERMINATED);
    String ts = String.valueOf(NOW.getEpochSecond());

    HttpResponse<String> r =
        post(
            "standard",
            body,
            Map.of(
                "webhook-id",
                "msg_other",
                "webhook-timestamp",
                ts,
                "webhook-signature",
                VendorSignatures.standard(STANDARD_SECRET, ID, ts, body)));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aStandardWebhookWithoutASignatureIsRefusedAndStartsNothing() {
    HttpResponse<String> r =
        post(
            "standard",
            sample(TERMINATED),
            Map.of("webhook-id", ID, "webhook-timestamp", String.valueOf(NOW.getEpochSecond())));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("missing webhook-signature");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aTimestampSixMinutesOldIsRefused() {
    HttpResponse<String> r =
        deliver(sample(TERMINATED), ID, NOW.getEpochSecond() - 360, STANDARD_SECRET);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("timestamp outside tolerance");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aTimestampSixMinutesAheadIsRefused() {
    HttpResponse<String> r =
        deliver(sample(TERMINATED), ID, NOW.getEpochSecond() + 360, STANDARD_SECRET);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("timestamp outside tolerance");
  }

  @Test
  void aTimestampFourMinutesOldIsWithinTheTolerance() {
    HttpResponse<String> r =
        deliver(sample(TERMINATED), ID, NOW.getEpochSecond() - 240, STANDARD_SECRET);

    assertThat(r.statusCode()).isEqualTo(202);
  }

  @Test
  void aSignedBodyThatIsNotJsonIsRefusedAsMalformed() {
    HttpResponse<String> r = deliver("[1, 2".getBytes(UTF_8));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("body is not valid JSON");
  }

  @Test
  void aSignedTerminationWithoutTheEmployeeIdIsRefusedNamingTheField() {
    HttpResponse<String> r = deliver(sample(TERMINATED, "\"employeeId\": \"E1001\",", ""));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("data.employeeId is required");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aSignedTerminationWithoutAnEmailIsRefusedNamingTheField() {
    HttpResponse<String> r =
        deliver(sample(TERMINATED, "\"email\": \"ada.lovelace@contoso.example\",", ""));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("data.email is required");
    assertThat(r.body()).doesNotContain("contoso");
  }

  @Test
  void aTerminationWithoutAnyEffectiveDateIsRefused() {
    HttpResponse<String> r = deliver(sample(TERMINATED, "\"effectiveDate\": \"2026-11-30\",", ""));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).contains("data.effectiveDate or data.effectiveAt");
  }

  @Test
  void anEffectiveDateThatIsNotADateIsRefusedWithoutEchoingIt() {
    HttpResponse<String> r = deliver(sample(TERMINATED, "2026-11-30", "30th of November"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText())
        .isEqualTo("data.effectiveDate is not a YYYY-MM-DD date");
  }

  @Test
  void anUnknownTimeZoneIsRefused() {
    HttpResponse<String> r = deliver(sample(TERMINATED, "Europe/London", "Mars/Olympus_Mons"));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("data.timeZone is not a known time zone");
  }

  @Test
  void duplicateKeysInTheSignedBodyAreRefused() {
    HttpResponse<String> r =
        deliver(
            sample(
                TERMINATED,
                "\"employeeId\": \"E1001\",",
                "\"employeeId\": \"E1001\", \"employeeId\": \"E2002\","));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() {
    HttpResponse<String> r = deliver(oversized(MAX_BODY + 100));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aRedeliveryWithTheSameWebhookIdButAFreshSignatureAnswersDuplicate() {
    assertThat(deliver(sample(TERMINATED)).statusCode()).isEqualTo(202);

    HttpResponse<String> again =
        deliver(sample(TERMINATED), ID, NOW.getEpochSecond() - 60, STANDARD_SECRET);

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("outcome").asText()).isEqualTo("duplicate");
    assertThat(sink.accepted()).hasSize(1);
    assertThat(sink.calls()).isEqualTo(1);
  }

  @Test
  void whenTemporalIsDownTheDeliveryGets503AndTheRetryIsAccepted() {
    sink.unavailableFor(1);

    HttpResponse<String> first = deliver(sample(TERMINATED));
    HttpResponse<String> retry = deliver(sample(TERMINATED));

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(json(first).get("error").asText()).isEqualTo("temporal unavailable, retry");
    assertThat(first.headers().firstValue("Retry-After")).hasValue("30");
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(sink.calls()).isEqualTo(2);
    assertThat(sink.accepted()).hasSize(1);
  }

  @Test
  void aTypeThatIsNotATerminationIsIgnored() {
    HttpResponse<String> r = deliver(sample(TERMINATED, "employee.terminated", "employee.updated"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("outcome").asText()).isEqualTo("ignored");
    assertThat(sink.calls()).isZero();
  }
}
