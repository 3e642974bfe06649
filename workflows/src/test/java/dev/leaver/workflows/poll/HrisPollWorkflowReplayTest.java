package dev.leaver.workflows.poll;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays a Workday poll recorded on the dev server (its second run, which read the first run's
 * cursor) against today's workflow code.
 */
class HrisPollWorkflowReplayTest {

  @Test
  void aRecordedPollThatCarriedItsCursorReplaysWithoutNonDeterminism() {
    assertThatCode(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    "histories/hris-poll-devserver.json", HrisPollWorkflowImpl.class))
        .doesNotThrowAnyException();
  }
}
