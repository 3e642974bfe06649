package dev.leaver.workflows.workflow;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays histories recorded on a real Temporal dev server against today's workflow code. A change
 * that reorders commands breaks here before it breaks a 30-day run in production; guard such a
 * change with {@code Workflow.getVersion} and record a new history beside the old ones.
 */
class OffboardingWorkflowReplayTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "histories/offboarding-slack-retry-devserver.json",
    "histories/offboarding-entra-slack-operator-devserver.json",
    // held by the mass-termination brake, then released (recorded by the starter's intake test)
    "histories/offboarding-held-released-testserver.json"
  })
  void recordedHistoriesReplayWithoutNonDeterminism(String resource) {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(
            resource, OffboardingWorkflowImpl.class))
        .doesNotThrowAnyException();
  }
}
