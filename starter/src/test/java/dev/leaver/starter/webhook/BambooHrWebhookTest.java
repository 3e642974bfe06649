package dev.leaver.starter.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BambooHrWebhookTest extends WebhookFixture {
  private static final String UPDATED = "bamboohr-employee-updated.json";
  private static final EmployeeRecord TERMINATED =
      new EmployeeRecord(
          "40012",
          "ada.lovelace@contoso.example",
          "grace.hopper@contoso.example",
          true,
          LocalDate.parse("2026-11-30"),
          null,
          true);

  private HttpResponse<String> deliver(byte[] body) {
    return deliver(body, String.valueOf(NOW.getEpochSecond()), BAMBOO_KEY);
  }

  private HttpResponse<String> deliver(byte[] body, String timestamp, String key) {
    return post(
        "bamboohr",
        body,
        Map.of(
            "X-BambooHR-Timestamp",
            timestamp,
            "X-BambooHR-Signature",
            VendorSignatures.bambooHr(key, body, timestamp)));
  }

  @Test
  void
      aSignedUpdateForATerminatedEmployeeStartsOneTerminationWithTheLookedUpDateInTheDefaultZone() {
    bambooHr.with(TERMINATED);

    HttpResponse<String> r = deliver(sample(UPDATED));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("outcome").asText()).isEqualTo("started");
    assertThat(json(r).get("workflowId").asText()).isEqualTo("offboarding-40012");
    assertThat(sink.accepted()).hasSize(1);
    TerminationEvent e = sink.accepted().get(0);
    assertThat(e.kind()).isEqualTo(Kind.TERMINATION);
    assertThat(e.source()).isEqualTo("bamboohr");
    assertThat(e.employeeId()).isEqualTo("40012");
    assertThat(e.upn()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(e.managerUpn()).isEqualTo("grace.hopper@contoso.example");
    assertThat(e.effectiveDate()).isEqualTo(LocalDate.parse("2026-11-30"));
    assertThat(e.effectiveAt()).isNull();
    assertThat(e.timeZone()).isEqualTo("America/Denver");
    assertThat(e.involuntary()).isTrue();
    // Decided from the record: the HR time is when it was read, the id the body's hash with it.
    assertThat(e.eventAt()).isEqualTo(NOW);
    assertThat(e.eventId()).startsWith("sha256:").endsWith("@" + NOW);
  }

  @Test
  void theEmployeesOwnTimeZoneFromTheRecordWinsOverTheDefault() {
    bambooHr.with(
        new EmployeeRecord(
            "40012",
            "ada@contoso.example",
            null,
            true,
            LocalDate.parse("2026-11-30"),
            "America/New_York",
            false));

    assertThat(deliver(sample(UPDATED)).statusCode()).isEqualTo(202);

    assertThat(sink.accepted().get(0).timeZone()).isEqualTo("America/New_York");
  }

  @Test
  void anActiveEmployeeWithATerminationDateStillAheadIsAScheduledTermination() {
    bambooHr.with(
        new EmployeeRecord(
            "40012",
            "ada@contoso.example",
            null,
            false,
            LocalDate.parse("2026-12-15"),
            null,
            false));

    assertThat(deliver(sample(UPDATED)).statusCode()).isEqualTo(202);

    assertThat(sink.accepted())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.TERMINATION);
              assertThat(e.effectiveDate()).isEqualTo(LocalDate.parse("2026-12-15"));
            });
  }

  @Test
  void anEmployeeActiveAgainAfterAnEarlierTerminationIsARehire() {
    bambooHr.with(
        new EmployeeRecord(
            "40012",
            "ada@contoso.example",
            null,
            false,
            LocalDate.parse("2026-06-30"),
            null,
            false));

    HttpResponse<String> r = deliver(sample(UPDATED));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("outcome").asText()).isEqualTo("rescinded");
    assertThat(sink.accepted())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.REHIRE);
              assertThat(e.employeeId()).isEqualTo("40012");
            });
  }

  @Test
  void anUpdateForAnActiveEmployeeWithoutATerminationDateIsACancellationAndStartsNothing() {
    bambooHr.with(
        new EmployeeRecord("40012", "ada@contoso.example", null, false, null, null, false));

    HttpResponse<String> r = deliver(sample(UPDATED));

    // HR may have withdrawn a future termination: the intake rescinds a waiting run if any.
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(sink.accepted())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.CANCELLATION);
              assertThat(e.employeeId()).isEqualTo("40012");
            });
    assertThat(sink.accepted()).noneMatch(e -> e.kind() == Kind.TERMINATION);
  }

  @Test
  void aFieldBasedPayloadForTwoEmployeesStartsOneTerminationEach() {
    bambooHr.with(TERMINATED);
    bambooHr.with(
        new EmployeeRecord(
            "40013",
            "alan.turing@contoso.example",
            null,
            true,
            LocalDate.parse("2026-11-27"),
            null,
            false));

    HttpResponse<String> r = deliver(sample("bamboohr-field-based.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("outcome").asText()).isEqualTo("batch");
    assertThat(json(r).get("results")).hasSize(2);
    assertThat(sink.accepted())
        .extracting(TerminationEvent::employeeId, TerminationEvent::effectiveDate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("40012", LocalDate.parse("2026-11-30")),
            org.assertj.core.groups.Tuple.tuple("40013", LocalDate.parse("2026-11-27")));
    assertThat(sink.accepted().get(0).eventId()).isNotEqualTo(sink.accepted().get(1).eventId());
  }

  @Test
  void aBambooHrWebhookSignedWithTheWrongKeyIsRefusedAndStartsNothing() {
    bambooHr.with(TERMINATED);

    HttpResponse<String> r =
        deliver(sample(UPDATED), String.valueOf(NOW.getEpochSecond()), "not-the-key");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("wrong signature");
    assertThat(sink.calls()).isZero();
    assertThat(bambooHr.calls()).isZero();
  }

  @Test
  void aSignatureOverTheBodyAloneWithoutTheTimestampIsRefused() {
    bambooHr.with(TERMINATED);
    byte[] body = sample(UPDATED);

    HttpResponse<String> r =
        post(
            "bamboohr",
            body,
            Map.of(
                "X-BambooHR-Timestamp", String.valueOf(NOW.getEpochSecond()),
                "X-BambooHR-Signature", VendorSignatures.bambooHr(BAMBOO_KEY, body, "")));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aBambooHrWebhookWithoutASignatureIsRefusedAndStartsNothing() {
    bambooHr.with(TERMINATED);

    HttpResponse<String> r =
        post(
            "bamboohr", sample(UPDATED), Map.of("X-BambooHR-Timestamp", "" + NOW.getEpochSecond()));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("missing X-BambooHR-Signature");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aBambooHrWebhookSignedSixMinutesAgoIsRefusedAsStale() {
    bambooHr.with(TERMINATED);

    HttpResponse<String> r =
        deliver(sample(UPDATED), String.valueOf(NOW.getEpochSecond() - 360), BAMBOO_KEY);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("timestamp outside tolerance");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void anIso8601TimestampWithinTheToleranceIsAccepted() {
    bambooHr.with(TERMINATED);

    HttpResponse<String> r = deliver(sample(UPDATED), "2026-11-20T08:58:00Z", BAMBOO_KEY);

    assertThat(r.statusCode()).isEqualTo(202);
  }

  @Test
  void aSignedBodyThatIsNotJsonIsRefusedAsMalformed() {
    HttpResponse<String> r = deliver("{\"type\":\"employee.updated\",".getBytes(UTF_8));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("body is not valid JSON");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aSignedPayloadWithoutAnEmployeeIdIsRefusedNamingTheField() {
    HttpResponse<String> r = deliver(sample(UPDATED, "\"employeeId\": \"40012\",", ""));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("data.employeeId is required");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() {
    HttpResponse<String> r = deliver(oversized(MAX_BODY + 10));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText()).contains("larger than");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aRedeliveryIsDecidedFromTheRecordReadAgainNotAnsweredFromTheBodyHash() {
    bambooHr.with(TERMINATED);
    byte[] body = sample(UPDATED);
    assertThat(deliver(body).statusCode()).isEqualTo(202);
    int reads = bambooHr.calls(); // and once more after the start (DeliveryProcessor)

    // BambooHR retries with a fresh timestamp and signature, same body; the same body may also be
    // another change within the same second. The record is read again and the sink decides (the
    // intake answers duplicate for the same date: HrEventsAreNeverLostTest).
    HttpResponse<String> again =
        deliver(body, String.valueOf(NOW.getEpochSecond() - 30), BAMBOO_KEY);

    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(bambooHr.calls()).as("the record read again").isGreaterThan(reads);
    assertThat(sink.calls()).isEqualTo(2);
    assertThat(sink.accepted().get(1).kind()).isEqualTo(Kind.TERMINATION);
  }

  @Test
  void whenTemporalIsDownTheDeliveryGets503AndTheRetryIsAccepted() {
    bambooHr.with(TERMINATED);
    sink.unavailableFor(1);
    byte[] body = sample(UPDATED);

    HttpResponse<String> first = deliver(body);
    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(json(first).get("error").asText()).isEqualTo("temporal unavailable, retry");
    assertThat(first.headers().firstValue("Retry-After")).hasValue("30");

    HttpResponse<String> retry = deliver(body);
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(sink.calls()).isEqualTo(2);
    assertThat(sink.accepted()).hasSize(1);
  }

  @Test
  void whenTheBambooHrApiIsDownTheDeliveryGets503AndStartsNothing() {
    bambooHr.down(true);

    HttpResponse<String> r = deliver(sample(UPDATED));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(json(r).get("error").asText()).isEqualTo("bamboohr unavailable, retry");
    assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aTerminatedRecordWithoutAWorkEmailIsRefused422() {
    bambooHr.with(
        new EmployeeRecord("40012", null, null, true, LocalDate.parse("2026-11-30"), null, false));

    HttpResponse<String> r = deliver(sample(UPDATED));

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(json(r).get("error").asText()).isEqualTo("bamboohr record has no work e-mail");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aSignedFormPostIsReadLikeItsJsonAndAnUnsignedOneIsRefused401() {
    bambooHr.with(TERMINATED);
    byte[] form =
        "type=employee.updated&data%5BcompanyId%5D=1&data%5BemployeeId%5D=40012&data%5BchangedFields%5D%5B0%5D=status"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String ts = String.valueOf(NOW.getEpochSecond());

    HttpResponse<String> unsigned =
        send("POST", "/webhooks/bamboohr", form, "application/x-www-form-urlencoded", Map.of());
    HttpResponse<String> signed =
        send(
            "POST",
            "/webhooks/bamboohr",
            form,
            "application/x-www-form-urlencoded; charset=UTF-8",
            Map.of(
                "X-BambooHR-Timestamp",
                ts,
                "X-BambooHR-Signature",
                VendorSignatures.bambooHr(BAMBOO_KEY, form, ts)));

    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(signed.statusCode()).isEqualTo(202);
    assertThat(sink.accepted()).hasSize(1);
    assertThat(sink.accepted().get(0).employeeId()).isEqualTo("40012");
  }

  @Test
  void aFormPostGivingAKeyTwiceIsRefused400() {
    byte[] form =
        "data[employeeId]=40012&data[employeeId]=40013"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String ts = String.valueOf(NOW.getEpochSecond());

    HttpResponse<String> r =
        send(
            "POST",
            "/webhooks/bamboohr",
            form,
            "application/x-www-form-urlencoded",
            Map.of(
                "X-BambooHR-Timestamp",
                ts,
                "X-BambooHR-Signature",
                VendorSignatures.bambooHr(BAMBOO_KEY, form, ts)));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(sink.calls()).isZero();
  }
}
