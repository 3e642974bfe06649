package dev.leaver.activities.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.EvidenceRecord.Milestone;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.contract.EvidenceActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The activity through Temporal's retries, on a real directory store. */
class EvidenceActivitiesImplTest {

  /** Keeps one milestone, as the offboarding workflow does, with retries. */
  @WorkflowInterface
  public interface KeepOnce {
    @WorkflowMethod
    EvidenceActivities.Kept keep(OffboardingStatus status);
  }

  public static class KeepOnceImpl implements KeepOnce {
    private final EvidenceActivities evidence =
        Workflow.newActivityStub(
            EvidenceActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .setRetryOptions(
                    RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(10)).build())
                .build());

    @Override
    public EvidenceActivities.Kept keep(OffboardingStatus status) {
      return evidence.keep(
          Milestone.CLOSED, Instant.ofEpochMilli(Workflow.currentTimeMillis()), status);
    }
  }

  /**
   * The real activity, whose first answer never reaches Temporal (the worker died after the
   * append).
   */
  static final class AnswerLostOnce implements EvidenceActivities {
    final EvidenceActivities real;
    final List<Kept> answered = new ArrayList<>();

    AnswerLostOnce(EvidenceActivities real) {
      this.real = real;
    }

    @Override
    public Kept keep(Milestone milestone, Instant recordedAt, OffboardingStatus status) {
      Kept kept = real.keep(milestone, recordedAt, status);
      answered.add(kept);
      if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
        throw new IllegalStateException("connection reset before the answer was sent");
      }
      return kept;
    }
  }

  @TempDir Path dir;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void whenTheFirstAnswerIsLostTheRetryStoresNothingNewAndAnswersTheSameRecord() {
    EvidenceStore store = EvidenceStores.directory(dir);
    AnswerLostOnce activity = new AnswerLostOnce(new EvidenceActivitiesImpl(store));
    Worker worker = env.newWorker("evidence-test");
    worker.registerWorkflowImplementationTypes(KeepOnceImpl.class);
    worker.registerActivitiesImplementations(activity);
    env.start();
    KeepOnce wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                KeepOnce.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue("evidence-test")
                    .setWorkflowId("offboarding-E1")
                    .build());

    EvidenceActivities.Kept kept = wf.keep(EvidenceSamples.status("E1", Phase.COMPLETED));

    assertThat(activity.answered).hasSize(2).containsOnly(kept);
    List<EvidenceRecord> records = store.records();
    assertThat(records).hasSize(1);
    EvidenceRecord record = records.get(0);
    assertThat(record.sequence()).isEqualTo(kept.sequence());
    assertThat(record.hash()).isEqualTo(kept.hash());
    assertThat(record.workflowId()).isEqualTo("offboarding-E1");
    assertThat(record.runId()).isEqualTo(WorkflowStub.fromTyped(wf).getExecution().getRunId());
    assertThat(record.milestone()).isEqualTo(Milestone.CLOSED);
  }
}
