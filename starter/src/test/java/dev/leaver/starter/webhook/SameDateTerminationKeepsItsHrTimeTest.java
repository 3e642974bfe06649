package dev.leaver.starter.webhook;

import static dev.leaver.starter.webhook.HrEventsFixture.LONDON;
import static dev.leaver.starter.webhook.HrEventsFixture.assertAnswer;
import static dev.leaver.starter.webhook.HrEventsFixture.endOf;
import static dev.leaver.starter.webhook.HrEventsFixture.standardCancelled;
import static dev.leaver.starter.webhook.HrEventsFixture.standardTerminated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.Phase;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Found by {@link HrEventInterleavingsPropertyTest} (seed -689914695369689622): HR terminates,
 * cancels, and terminates again with the same date; the second termination arrives before the
 * cancellation. It was answered {@code duplicate} (same date as the run) without the run keeping
 * its HR time, so the older cancellation, delivered after it, rescinded the run HR wanted.
 */
class SameDateTerminationKeepsItsHrTimeTest {
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
  void aCancellationOlderThanASameDateTerminationDeliveredBeforeItIsIgnored() throws Exception {
    Instant t0 = Instant.now().minusSeconds(60);
    LocalDate lastDay = rig.today(LONDON).plusDays(5);
    var starter = rig.starter();
    assertAnswer(
        starter.standard("msg_t1", standardTerminated("E1001", lastDay, t0)), 202, "started");
    rig.awaitPhase("E1001", Phase.WAITING);
    // HR cancelled (t0+10) and terminated again with the same date (t0+20): the termination first.
    assertAnswer(
        starter.standard("msg_t3", standardTerminated("E1001", lastDay, t0.plusSeconds(20))),
        200,
        "duplicate");

    JsonNode late =
        assertAnswer(
            starter.standard("msg_c2", standardCancelled("E1001", t0.plusSeconds(10))),
            200,
            "ignored");
    assertThat(late.path("reason").asText())
        .contains("msg_c2")
        .contains("older than the last HR event");
    OffboardingStatus status = rig.status("E1001");
    assertThat(status.phase()).isEqualTo(Phase.WAITING);
    assertThat(status.effectiveAt()).isEqualTo(endOf(lastDay, LONDON));
    assertThat(status.lastHrEventId()).isEqualTo("msg_t3");
  }

  @Test
  void aSameDateTerminationAfterTheKillSwitchKeepsItsHrTimeSoAnOlderCancellationCannotRescind()
      throws Exception {
    Instant t0 = Instant.now().minusSeconds(60);
    LocalDate lastDay = rig.today(LONDON).minusDays(1);
    var starter = rig.starter();
    assertAnswer(
        starter.standard("msg_t1", standardTerminated("E1001", lastDay, t0)), 202, "started");
    rig.awaitPhase("E1001", Phase.HANDOVER);
    // HR cancelled (t0+10) and terminated again with the same date (t0+20), after the kill switch
    // had run; the termination arrives first.
    assertAnswer(
        starter.standard("msg_t3", standardTerminated("E1001", lastDay, t0.plusSeconds(20))),
        200,
        "duplicate");
    assertThat(rig.status("E1001").lastHrEventId()).isEqualTo("msg_t3");

    JsonNode late =
        assertAnswer(
            starter.standard("msg_c2", standardCancelled("E1001", t0.plusSeconds(10))),
            200,
            "ignored");
    assertThat(late.path("reason").asText())
        .contains("msg_c2")
        .contains("older than the last HR event");
    OffboardingStatus status = rig.status("E1001");
    assertThat(status.phase()).isEqualTo(Phase.HANDOVER);
    assertThat(status.rescindReason()).isNull();
  }
}
