package dev.leaver.starter.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GustoWebhookTest extends WebhookFixture {
  private static final String TERMINATED = "gusto-employee-terminated.json";
  private static final String EMPLOYEE = "bcfc9744-0ab3-4ef3-ab0d-e728255d659c";
  private static final EmployeeRecord RECORD =
      new EmployeeRecord(
          EMPLOYEE,
          "ada.lovelace@contoso.example",
          null,
          false,
          LocalDate.parse("2026-12-04"),
          null,
          false);

  /** What Gusto answers for an employee with no termination (never terminated, or rehired). */
  private static final EmployeeRecord ACTIVE =
      new EmployeeRecord(EMPLOYEE, "ada.lovelace@contoso.example", null, false, null, null, false);

  private HttpResponse<String> deliver(byte[] body) {
    return post(
        "gusto", body, Map.of("X-Gusto-Signature", VendorSignatures.gusto(GUSTO_TOKEN, body)));
  }

  @Test
  void aSignedEmployeeTerminatedEventLooksTheEmployeeUpAndStartsOneTermination() {
    gusto.with(RECORD);

    HttpResponse<String> r = deliver(sample(TERMINATED));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("outcome").asText()).isEqualTo("started");
    assertThat(json(r).get("workflowId").asText()).isEqualTo("offboarding-" + EMPLOYEE);
    assertThat(gusto.calls()).isEqualTo(1);
    TerminationEvent e = sink.accepted().get(0);
    assertThat(sink.accepted()).hasSize(1);
    assertThat(e.kind()).isEqualTo(Kind.TERMINATION);
    assertThat(e.source()).isEqualTo("gusto");
    assertThat(e.eventId()).isEqualTo("03ffbf0c-48a9-4f1c-932a-546413a26ad1");
    assertThat(e.eventAt()).isEqualTo(Instant.parse("2026-11-20T08:59:00Z"));
    assertThat(e.employeeId()).isEqualTo(EMPLOYEE);
    assertThat(e.upn()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(e.effectiveDate()).isEqualTo(LocalDate.parse("2026-12-04"));
    assertThat(e.timeZone()).isEqualTo("America/Denver");
  }

  @Test
  void theTerminationEffectiveEventIsATerminationToo() {
    gusto.with(RECORD);

    HttpResponse<String> r =
        deliver(sample(TERMINATED, "employee.terminated", "employee.termination_effective"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(sink.accepted())
        .singleElement()
        .extracting(TerminationEvent::kind)
        .isEqualTo(Kind.TERMINATION);
  }

  @Test
  void aCancelledTerminationIsACancellationWhenTheRecordShowsNoTermination() {
    gusto.with(ACTIVE);
    HttpResponse<String> r = deliver(sample("gusto-employee-termination-cancelled.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("outcome").asText()).isEqualTo("rescinded");
    assertThat(gusto.calls()).isEqualTo(1);
    assertThat(sink.accepted())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.CANCELLATION);
              assertThat(e.employeeId()).isEqualTo(EMPLOYEE);
            });
  }

  @Test
  void aRehireIsARehire() {
    gusto.with(ACTIVE);
    HttpResponse<String> r = deliver(sample("gusto-employee-rehired.json"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(sink.accepted())
        .singleElement()
        .extracting(TerminationEvent::kind)
        .isEqualTo(Kind.REHIRE);
  }

  @Test
  void anEventThatIsNotAboutAnEmployeeIsIgnored() {
    HttpResponse<String> r = deliver(sample(TERMINATED, "employee.terminated", "company.updated"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("outcome").asText()).isEqualTo("ignored");
    assertThat(sink.calls()).isZero();
    assertThat(gusto.calls()).isZero();
  }

  @Test
  void aTerminatedEventForWhichGustoShowsNoTerminationIsDecidedFromTheRecordAsACancellation() {
    // The intake rescinds an open run, or ignores it when there is none.
    gusto.with(ACTIVE);

    HttpResponse<String> r = deliver(sample(TERMINATED));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(sink.accepted())
        .singleElement()
        .extracting(TerminationEvent::kind)
        .isEqualTo(Kind.CANCELLATION);
  }

  @Test
  void anEmployeeUpdatedIsReadAndATerminationOnTheRecordIsATermination() {
    gusto.with(RECORD);

    HttpResponse<String> r = deliver(sample(TERMINATED, "employee.terminated", "employee.updated"));

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(gusto.calls()).isEqualTo(1);
    assertThat(sink.accepted())
        .singleElement()
        .extracting(TerminationEvent::kind)
        .isEqualTo(Kind.TERMINATION);
  }

  @Test
  void aGustoWebhookSignedWithTheWrongTokenIsRefusedAndStartsNothing() {
    gusto.with(RECORD);
    byte[] body = sample(TERMINATED);

    HttpResponse<String> r =
        post(
            "gusto",
            body,
            Map.of("X-Gusto-Signature", VendorSignatures.gusto("wrong-token", body)));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("wrong signature");
    assertThat(sink.calls()).isZero();
    assertThat(gusto.calls()).isZero();
  }

  @Test
  void theRightHmacSentAsBase64InsteadOfHexIsRefused() {
    byte[] body = sample(TERMINATED);
    String base64 =
        Base64.getEncoder()
            .encodeToString(HexFormat.of().parseHex(VendorSignatures.gusto(GUSTO_TOKEN, body)));

    HttpResponse<String> r = post("gusto", body, Map.of("X-Gusto-Signature", base64));

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void aGustoWebhookWithoutASignatureIsRefusedAndStartsNothing() {
    HttpResponse<String> r = post("gusto", sample(TERMINATED), Map.of());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("error").asText()).isEqualTo("missing X-Gusto-Signature");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aSignedBodyThatIsNotJsonIsRefusedAsMalformed() {
    HttpResponse<String> r = deliver("not json at all".getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("body is not valid JSON");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aSignedTerminationWithoutTheEmployeeUuidIsRefusedNamingTheField() {
    HttpResponse<String> r =
        deliver(sample(TERMINATED, "\"entity_uuid\": \"" + EMPLOYEE + "\",", ""));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").asText()).isEqualTo("entity_uuid is required");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() {
    HttpResponse<String> r = deliver(oversized(MAX_BODY * 2));

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(sink.calls()).isZero();
  }

  @Test
  void aRedeliveryOfTheSameUuidAnswersDuplicateWithoutALookupOrASecondEvent() {
    gusto.with(RECORD);
    assertThat(deliver(sample(TERMINATED)).statusCode()).isEqualTo(202);

    HttpResponse<String> again = deliver(sample(TERMINATED));

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("outcome").asText()).isEqualTo("duplicate");
    assertThat(sink.accepted()).hasSize(1);
    assertThat(sink.calls()).isEqualTo(1);
    assertThat(gusto.calls()).isEqualTo(1);
  }

  @Test
  void whenTemporalIsDownTheDeliveryGets503AndTheRetryIsAccepted() {
    gusto.with(RECORD);
    sink.unavailableFor(1);

    HttpResponse<String> first = deliver(sample(TERMINATED));
    HttpResponse<String> retry = deliver(sample(TERMINATED));

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("30");
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(sink.calls()).isEqualTo(2);
    assertThat(sink.accepted()).hasSize(1);
  }

  @Test
  void whenTheGustoApiIsDownTheDeliveryGets503AndStartsNothing() {
    gusto.down(true);

    HttpResponse<String> r = deliver(sample(TERMINATED));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(json(r).get("error").asText()).isEqualTo("gusto unavailable, retry");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void theUnsignedSubscriptionVerificationTokenIsAnswered200AndHandedToTheListener()
      throws Exception {
    List<String> tokens = new ArrayList<>();
    start(b -> b.onGustoVerificationToken(tokens::add));

    HttpResponse<String> r =
        post(
            "gusto",
            "{\"verification_token\": \"6590f590-3dba-495e-9bea-c361e1e2efc0\"}".getBytes(UTF_8),
            Map.of());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("outcome").asText()).isEqualTo("ignored");
    assertThat(tokens).containsExactly("6590f590-3dba-495e-9bea-c361e1e2efc0");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void anUnsignedEventCarryingAVerificationTokenAmongOtherFieldsIsStillRefused() {
    byte[] body = sample(TERMINATED, "\"uuid\"", "\"verification_token\": \"x\",\n  \"uuid\"");

    HttpResponse<String> r = post("gusto", body, Map.of());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(sink.calls()).isZero();
  }
}
