package dev.leaver.starter.webhook;

import static dev.leaver.starter.webhook.HrEventsFixture.LONDON;
import static dev.leaver.starter.webhook.HrEventsFixture.assertAnswer;
import static dev.leaver.starter.webhook.HrEventsFixture.assertRetryLater;
import static dev.leaver.starter.webhook.HrEventsFixture.standardTerminated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.workflows.api.Phase;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Found by {@link HrEventInterleavingsPropertyTest}: Temporal failing the intake's first look at
 * the employee's run (DescribeWorkflowExecution) held the delivery for the client's own minute of
 * retries, past the HRIS's timeout, instead of answering 503. Every call the intake makes is now
 * bounded like the start and the updates.
 */
class TemporalOutageOnTheLookupTest {
  private HrEventsFixture rig;

  @BeforeEach
  void setUp() throws Exception {
    rig = new HrEventsFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    rig.close();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(names = {"UNAVAILABLE", "RESOURCE_EXHAUSTED"})
  void aTransientFailureOnTheLookAtTheRunAnswers503BeforeTheHrisGivesUp(Status.Code code)
      throws Exception {
    var starter = rig.starter();
    byte[] body = standardTerminated("E1001", rig.today(LONDON).plusDays(5), Instant.now());
    starter.faults.fail(
        "DescribeWorkflowExecution", Status.fromCode(code).withDescription("injected"), 1_000);

    long began = System.nanoTime();
    assertRetryLater(starter.standard("msg_t", body));
    assertThat(Duration.ofNanos(System.nanoTime() - began))
        .as("answered before an HRIS gives up on the request")
        .isLessThan(Duration.ofSeconds(15));

    starter.faults.fail("DescribeWorkflowExecution", Status.OK, 0);
    assertAnswer(starter.standard("msg_t", body), 202, "started");
    rig.awaitPhase("E1001", Phase.WAITING);
  }
}
