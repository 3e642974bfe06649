package dev.leaver.starter.webhook;

import static dev.leaver.starter.webhook.HrEventsFixture.LONDON;
import static dev.leaver.starter.webhook.HrEventsFixture.assertAnswer;
import static dev.leaver.starter.webhook.HrEventsFixture.assertRetryLater;
import static dev.leaver.starter.webhook.HrEventsFixture.endOf;
import static dev.leaver.starter.webhook.HrEventsFixture.standardCancelled;
import static dev.leaver.starter.webhook.HrEventsFixture.standardTerminated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.workflows.api.Phase;
import io.grpc.Status;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 6: a cancellation that arrives before its termination (the termination got a 503
 * and is retried later) is kept, durably and where every starter can see it, and the retried
 * termination honours it by HR time. Through the real webhook server, intake and workflow on
 * Temporal's test server; the cancellation and the retried termination reach different starters (a
 * replica, or the same starter after a restart).
 */
class CancellationBeforeItsTerminationTest {
  private HrEventsFixture rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = new HrEventsFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void aTerminationRetriedAfterItsCancellationArrivedOnAnotherStarterStartsNothingAndSaysWhy()
      throws Exception {
    Instant t0 = Instant.now();
    LocalDate lastDay = rig.today(LONDON).plusDays(5);
    byte[] terminated = standardTerminated("E1001", lastDay, t0.minusSeconds(20));
    var first = rig.starter();
    // Temporal fails the start: 503, the HRIS will retry the termination later.
    first.faults.fail(
        "StartWorkflowExecution", Status.UNAVAILABLE.withDescription("injected"), 1_000);
    assertRetryLater(first.standard("msg_t1", terminated));
    first.faults.fail("StartWorkflowExecution", Status.OK, 0);

    // HR withdraws the termination; the cancellation arrives first, while no run exists.
    JsonNode cancelled =
        assertAnswer(
            first.standard("msg_c1", standardCancelled("E1001", t0.minusSeconds(10))),
            200,
            "ignored");
    assertThat(cancelled.path("reason").asText()).contains("recorded");
    first.close();

    // The retried termination reaches another starter (a replica, or this one restarted).
    var second = rig.starter();
    JsonNode retried = assertAnswer(second.standard("msg_t1", terminated), 200, "ignored");
    assertThat(retried.path("reason").asText())
        .contains("msg_t1")
        .contains("msg_c1")
        .contains("older");
    assertThat(rig.runStatus("E1001")).as("no offboarding").isNull();
    // Its redeliveries start nothing either (this starter remembers the delivery: a duplicate).
    assertAnswer(second.standard("msg_t1", terminated), 200, "duplicate");
    assertThat(rig.runStatus("E1001")).as("no offboarding").isNull();

    // A termination HR records after the cancellation starts a run, with its date.
    LocalDate newDay = lastDay.plusDays(3);
    assertAnswer(
        second.standard("msg_t2", standardTerminated("E1001", newDay, t0)), 202, "started");
    assertThat(rig.awaitPhase("E1001", Phase.WAITING).effectiveAt())
        .isEqualTo(endOf(newDay, LONDON));
    // And the old termination, retried once more (on a third starter), changes nothing.
    assertThat(rig.starter().standard("msg_t1", terminated).statusCode()).isEqualTo(200);
    assertThat(rig.status("E1001").effectiveAt()).isEqualTo(endOf(newDay, LONDON));
  }

  /** The latest cancellation counts: an older one arriving late does not lower the record. */
  @Test
  void aLaterCancellationWinsOverAnOlderOneDeliveredAfterIt() throws Exception {
    Instant t0 = Instant.now();
    LocalDate lastDay = rig.today(LONDON).plusDays(5);
    var starter = rig.starter();
    assertAnswer(
        starter.standard("msg_c2", standardCancelled("E1002", t0.minusSeconds(5))), 200, "ignored");
    assertAnswer(
        starter.standard("msg_c1", standardCancelled("E1002", t0.minusSeconds(30))),
        200,
        "ignored");
    // A termination between the two cancellations, retried: the later cancellation withdrew it.
    assertAnswer(
        starter.standard("msg_t1", standardTerminated("E1002", lastDay, t0.minusSeconds(20))),
        200,
        "ignored");
    assertThat(rig.runStatus("E1002")).isNull();
  }

  /** A cancellation after a rescinded run is kept as well: a termination between them stays out. */
  @Test
  void aCancellationAfterTheRunWasRescindedIsKeptForATerminationRecordedBetweenThem()
      throws Exception {
    Instant t0 = Instant.now();
    LocalDate lastDay = rig.today(LONDON).plusDays(5);
    var starter = rig.starter();
    assertAnswer(
        starter.standard("msg_t1", standardTerminated("E1003", lastDay, t0.minusSeconds(40))),
        202,
        "started");
    rig.awaitPhase("E1003", Phase.WAITING);
    assertAnswer(
        starter.standard("msg_c1", standardCancelled("E1003", t0.minusSeconds(30))),
        202,
        "rescinded");
    // HR terminated again (t-20) and cancelled again (t-10); the cancellation arrives first.
    assertAnswer(
        starter.standard("msg_c2", standardCancelled("E1003", t0.minusSeconds(10))),
        200,
        "ignored");
    JsonNode retried =
        assertAnswer(
            starter.standard(
                "msg_t2", standardTerminated("E1003", lastDay.plusDays(1), t0.minusSeconds(20))),
            200,
            "ignored");
    assertThat(retried.path("reason").asText()).contains("msg_c2");
    assertThat(rig.status("E1003").phase()).isEqualTo(Phase.RESCINDED);
  }
}
