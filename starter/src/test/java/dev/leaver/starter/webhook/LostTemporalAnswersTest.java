package dev.leaver.starter.webhook;

import static dev.leaver.starter.webhook.HrEventsFixture.LONDON;
import static dev.leaver.starter.webhook.HrEventsFixture.assertAnswer;
import static dev.leaver.starter.webhook.HrEventsFixture.assertRetryLater;
import static dev.leaver.starter.webhook.HrEventsFixture.endOf;
import static dev.leaver.starter.webhook.HrEventsFixture.standardCancelled;
import static dev.leaver.starter.webhook.HrEventsFixture.standardTerminated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.Phase;
import io.grpc.Status;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Temporal applied the start or update, and the answer was lost on the way back (the connection
 * dropped after the server committed; {@link TemporalFaults#loseAnswers}): the intake must neither
 * claim nothing happened in a way that loses the event, nor apply it twice. Through the real
 * webhook server, intake and workflow on Temporal's test server.
 */
class LostTemporalAnswersTest {
  private static HrEventsFixture rig;
  private static HrEventsFixture.Starter starter;

  @BeforeAll
  static void setUp() throws Exception {
    rig = new HrEventsFixture();
    starter = rig.starter();
  }

  @AfterAll
  static void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void aDateChangeTemporalAppliedButWhoseAnswersWereAllLostIsAnswered503AndItsRetryIsADuplicate()
      throws Exception {
    Instant t0 = Instant.now().minusSeconds(60);
    LocalDate lastDay = rig.today(LONDON).plusDays(5);
    assertAnswer(
        starter.standard("msg_l1", standardTerminated("L1001", lastDay, t0)), 202, "started");
    rig.awaitPhase("L1001", Phase.WAITING);

    LocalDate later = lastDay.plusDays(3);
    starter.faults.loseAnswers("UpdateWorkflowExecution", 1_000);
    try {
      assertRetryLater(
          starter.standard("msg_l2", standardTerminated("L1001", later, t0.plusSeconds(5))));
    } finally {
      starter.faults.fail("UpdateWorkflowExecution", Status.OK, 0);
    }
    // The server had it: the run already waits for the new date.
    assertThat(rig.status("L1001").effectiveAt()).isEqualTo(endOf(later, LONDON));

    // The HRIS retries: the run has that date and that HR event.
    assertAnswer(
        starter.standard("msg_l2", standardTerminated("L1001", later, t0.plusSeconds(5))),
        200,
        "duplicate");
    assertThat(rig.status("L1001").effectiveAt()).isEqualTo(endOf(later, LONDON));
    assertThat(rig.status("L1001").lastHrEventId()).isEqualTo("msg_l2");
  }

  @Test
  void aCancellationWhoseFirstAnswerWasLostIsFoundAppliedByTheClientsRetryAndAnsweredRescinded()
      throws Exception {
    Instant t0 = Instant.now().minusSeconds(60);
    LocalDate lastDay = rig.today(LONDON).plusDays(5);
    assertAnswer(
        starter.standard("msg_l3", standardTerminated("L1002", lastDay, t0)), 202, "started");
    rig.awaitPhase("L1002", Phase.WAITING);

    int before = starter.faults.injected();
    starter.faults.loseAnswers("UpdateWorkflowExecution", 1);
    try {
      assertAnswer(
          starter.standard("msg_l4", standardCancelled("L1002", t0.plusSeconds(5))),
          202,
          "rescinded");
    } finally {
      starter.faults.fail("UpdateWorkflowExecution", Status.OK, 0);
    }
    assertThat(starter.faults.injected() - before).as("one answer lost").isEqualTo(1);
    long deadline = System.currentTimeMillis() + 10_000;
    while (rig.runStatus("L1002") == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(rig.runStatus("L1002"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(
            rig.client
                .newUntypedWorkflowStub("offboarding-L1002")
                .getResult(OffboardingStatus.class)
                .phase())
        .isEqualTo(Phase.RESCINDED);
  }
}
