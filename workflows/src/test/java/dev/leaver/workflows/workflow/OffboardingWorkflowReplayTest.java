package dev.leaver.workflows.workflow;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  @ValueSource(
      strings = {
        "histories/offboarding-entra-slack-operator-devserver.json",
        // held by the mass-termination brake, then released (recorded by the starter's intake test)
        "histories/offboarding-held-released-testserver.json",
        // reminded before the handover ended, then deleted after the grace period on an approval
        "histories/offboarding-reminder-deletion-testserver.json",
        // HR updates: a newer date applied, an older date and an older cancellation ignored (out of
        // order), then an HR cancellation rescinds (recorded through the starter's webhook server)
        "histories/offboarding-hr-updates-out-of-order-rescind-testserver.json",
        // one-object updates with the operator (retryStep, skipStep, revokeDelegationNow), each
        // parked
        // step a PARKED timer cancelled by the operator's decision, the handover end and the
        // outcome
        // as search attributes (the operator-console version)
        "histories/offboarding-one-object-updates-parked-testserver.json",
        // keeps its evidence outside Temporal at the kill switch and at the close (evidence-store
        // version; recorded by the worker's EvidenceOutlivesHistoryDevServerTest)
        "histories/offboarding-evidence-kept-devserver.json",
        // sets the phase and attention flag at start and upserts only what changes (fewer-upserts
        // version; a synthetic Entra + Slack leaver recorded by `leaver bench cost
        // --save-histories`)
        "histories/offboarding-fewer-upserts-devserver.json",
        // reads (Resolve, kill-switch before-images) on leaver-<system>-reads, a system's
        // kill-switch
        // before-images read together, then clean-up and verification into the handover
        // (reads-queue
        // version; recorded from `leaver bench --leavers 200` on the dev server)
        "histories/offboarding-reads-queue-devserver.json",
        // the plan as a local activity, each system's kill-switch before-images read in its
        // ResolveAndSnapshot, through the handover to the revocation (fewer-round-trips version;
        // a synthetic Entra + Slack leaver recorded by `leaver bench cost --save-histories`)
        "histories/offboarding-fewer-round-trips-devserver.json"
      })
  void recordedHistoriesReplayWithoutNonDeterminism(String resource) {
    assertThatCode(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    resource, OffboardingWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  /**
   * Runs started before each step kept its before-image schedule different commands; this code
   * refuses them by name (the task fails with a message an operator can act on) rather than with a
   * non-determinism error.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "histories/before-kit/offboarding-slack-retry-devserver.json",
        "histories/before-kit/offboarding-entra-slack-operator-devserver.json",
        "histories/before-kit/offboarding-held-released-testserver.json"
      })
  void runsStartedBeforeTheKeptBeforeImageAreRefusedWithAClearMessage(String resource) {
    assertThatThrownBy(
            () ->
                WorkflowReplayer.replayWorkflowExecutionFromResource(
                    resource, OffboardingWorkflowImpl.class))
        .hasStackTraceContaining("older than the crash-safe connector kit");
  }
}
