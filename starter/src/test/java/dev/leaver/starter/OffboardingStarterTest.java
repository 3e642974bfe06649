package dev.leaver.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.workflows.api.ApproveDeletion;
import dev.leaver.workflows.api.HrEvent;
import dev.leaver.workflows.api.HrReschedule;
import dev.leaver.workflows.api.HrRescind;
import dev.leaver.workflows.api.LegalHold;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Release;
import dev.leaver.workflows.api.Reschedule;
import dev.leaver.workflows.api.Rescind;
import dev.leaver.workflows.api.RetryStep;
import dev.leaver.workflows.api.RevokeDelegation;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.SkipStep;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OffboardingStarterTest {

  /** A stand-in workflow that just waits, so the test is about starting, not offboarding. */
  public static class WaitingWorkflow implements OffboardingWorkflow {
    @Override
    public OffboardingStatus offboard(OffboardingRequest request) {
      Workflow.sleep(Duration.ofDays(1));
      return null;
    }

    @Override
    public OffboardingStatus status() {
      return null;
    }

    @Override
    public String rescind(Rescind r) {
      return "";
    }

    @Override
    public void validateRescind(Rescind r) {}

    @Override
    public String retryStep(RetryStep r) {
      return "";
    }

    @Override
    public void validateRetryStep(RetryStep r) {}

    @Override
    public String skipStep(SkipStep r, String old) {
      return "";
    }

    @Override
    public void validateSkipStep(SkipStep r, String old) {}

    @Override
    public String revokeDelegationNow(RevokeDelegation r) {
      return "";
    }

    @Override
    public void validateRevokeDelegationNow(RevokeDelegation r) {}

    @Override
    public String approveDeletion(ApproveDeletion r, String old) {
      return "";
    }

    @Override
    public void validateApproveDeletion(ApproveDeletion r, String old) {}

    @Override
    public String setLegalHold(LegalHold r, String old) {
      return "";
    }

    @Override
    public void validateSetLegalHold(LegalHold r, String old) {}

    @Override
    public String release(Release r) {
      return "";
    }

    @Override
    public void validateRelease(Release r) {}

    @Override
    public String reschedule(Reschedule r) {
      return "";
    }

    @Override
    public void validateReschedule(Reschedule r) {}

    @Override
    public HrEvent.Answer rescindForHr(HrRescind r, HrEvent old) {
      return null;
    }

    @Override
    public void validateRescindForHr(HrRescind r, HrEvent old) {}

    @Override
    public HrEvent.Answer rescheduleForHr(HrReschedule r, HrEvent old) {
      return null;
    }

    @Override
    public void validateRescheduleForHr(HrReschedule r, HrEvent old) {}
  }

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerSearchAttribute(
              SearchAttributes.EMPLOYEE_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute(
              SearchAttributes.EFFECTIVE_AT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_DATETIME)
          // Set at start too, so the run need not upsert them (each upsert is a billed action).
          .registerSearchAttribute(
              SearchAttributes.PHASE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .registerSearchAttribute(
              SearchAttributes.NEEDS_ATTENTION.getName(), IndexedValueType.INDEXED_VALUE_TYPE_BOOL)
          .setDoNotStart(true)
          .build();

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-20T09:00:00Z"), ZoneOffset.UTC);
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aRedeliveredEventFindsTheExistingRunAndStartsNothingNew(
      TestWorkflowEnvironment env, WorkflowClient client, Worker ignored) {
    env.newWorker("leaver-control").registerWorkflowImplementationTypes(WaitingWorkflow.class);
    env.start();
    OffboardingStarter starter = new OffboardingStarter(client);
    OffboardingRequest request =
        new OffboardingRequest(
            "E77",
            "x@contoso.example",
            null,
            CLOCK.instant(),
            "UTC",
            "evt-1",
            CLOCK.instant(),
            "test",
            false,
            false);

    OffboardingStarter.Started first = starter.start(request);
    OffboardingStarter.Started second = starter.start(request);

    assertThat(first.duplicate()).isFalse();
    assertThat(first.workflowId()).isEqualTo("offboarding-E77");
    assertThat(second.duplicate()).isTrue();
    assertThat(second.runId()).isEqualTo(first.runId());
  }

  @Test
  void anEffectiveDateEndsAccessAtTheEndOfThatDayInTheHrisZone() throws Exception {
    OffboardingRequest r =
        TerminationEventFile.parse(
            json.readTree(
                """
        {"employeeId":"E1001","email":"ada@contoso.example","effectiveDate":"2026-11-30",
         "timeZone":"America/New_York","eventId":"evt-9","eventTime":"2026-11-20T08:00:00Z"}"""),
            CLOCK,
            false);

    assertThat(r.effectiveAt()).isEqualTo(Instant.parse("2026-12-01T05:00:00Z"));
    assertThat(r.zone()).isEqualTo("America/New_York");
    assertThat(r.hrEventAt()).isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
  }

  @Test
  void aBadEventFileReportsEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                TerminationEventFile.parse(
                    json.readTree(
                        """
        {"effectiveDate":"30/11/2026","timeZone":"Mars/Olympus"}"""),
                    CLOCK,
                    false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("employeeId is required")
        .hasMessageContaining("upn (or email) is required")
        .hasMessageContaining("timeZone is not a known zone: Mars/Olympus");
  }
}
