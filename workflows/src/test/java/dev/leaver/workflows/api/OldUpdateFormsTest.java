package dev.leaver.workflows.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.Payloads;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Updates recorded before the one-object form, decoded as a replay decodes them (validators do not
 * run on replay): each old argument lands in the field it used to fill, so an in-flight run keeps
 * its reasons and HR events; a live call in the old form would be refused.
 */
class OldUpdateFormsTest {
  private static final DataConverter CONVERTER = GlobalDataConverter.get();

  @Test
  void anOldTwoArgumentSkipKeepsItsStepAndReason() throws IOException {
    Payloads args =
        accepted("histories/offboarding-entra-slack-operator-devserver.json", "skipStep");

    SkipStep request = CONVERTER.fromPayloads(0, Optional.of(args), SkipStep.class, SkipStep.class);
    String reason = CONVERTER.fromPayloads(1, Optional.of(args), String.class, String.class);

    assertThat(request.step()).isEqualTo("entra.RemoveGroupMemberships");
    assertThat(request.reason()).isNull();
    assertThat(reason).isEqualTo("e2e operator: handed to the directory team");
    assertThat(request.problem()).isEqualTo("got a string instead of one JSON object");
  }

  @Test
  void anOldApprovalKeepsItsApproverAndReason() throws IOException {
    Payloads args =
        accepted("histories/offboarding-reminder-deletion-testserver.json", "approveDeletion");

    ApproveDeletion request =
        CONVERTER.fromPayloads(0, Optional.of(args), ApproveDeletion.class, ApproveDeletion.class);

    assertThat(request.approvedBy()).isEqualTo("dana.ops");
    assertThat(CONVERTER.fromPayloads(1, Optional.of(args), String.class, String.class))
        .isEqualTo("ticket IT-4711");
  }

  @Test
  void anOldHrRescheduleKeepsItsTimeAndItsHrEvent() throws IOException {
    Payloads args =
        accepted(
            "histories/offboarding-hr-updates-out-of-order-rescind-testserver.json",
            "rescheduleForHr");

    HrReschedule request =
        CONVERTER.fromPayloads(0, Optional.of(args), HrReschedule.class, HrReschedule.class);
    HrEvent event = CONVERTER.fromPayloads(1, Optional.of(args), HrEvent.class, HrEvent.class);

    assertThat(request.effectiveAt()).isEqualTo(Instant.parse("2026-12-10T00:00:00Z"));
    assertThat(request.event()).isNull();
    assertThat(event.eventId()).isEqualTo("msg_3");
    assertThat(event.eventAt()).isEqualTo(Instant.parse("2026-11-30T10:23:41.769071408Z"));
  }

  @Test
  void theOneObjectFormRoundTripsThroughTemporalsConverter() {
    HrRescind sent =
        new HrRescind(
            "termination cancelled in gusto (event 42)",
            new HrEvent("gusto", "42", Instant.parse("2026-11-30T10:00:00Z")));

    Payloads payloads = CONVERTER.toPayloads(sent).orElseThrow();
    HrRescind received =
        CONVERTER.fromPayloads(0, Optional.of(payloads), HrRescind.class, HrRescind.class);

    assertThat(received).isEqualTo(sent);
    assertThat(payloads.getPayloads(0).getData().toStringUtf8())
        .isEqualTo(
            "{\"reason\":\"termination cancelled in gusto (event 42)\",\"event\":{\"source\":"
                + "\"gusto\",\"eventId\":\"42\",\"eventAt\":\"2026-11-30T10:00:00Z\"}}");
  }

  /** The arguments of the first accepted update of that name in a recorded history. */
  private static Payloads accepted(String resource, String update) throws IOException {
    try (InputStream in = OldUpdateFormsTest.class.getClassLoader().getResourceAsStream(resource)) {
      WorkflowExecutionHistory history =
          WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return history.getEvents().stream()
          .filter(e -> e.hasWorkflowExecutionUpdateAcceptedEventAttributes())
          .map(
              e ->
                  e.getWorkflowExecutionUpdateAcceptedEventAttributes()
                      .getAcceptedRequest()
                      .getInput())
          .filter(i -> i.getName().equals(update))
          .findFirst()
          .orElseThrow()
          .getArgs();
    }
  }
}
