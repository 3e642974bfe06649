package dev.leaver.workflows.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cursor carried from run to run. The Java test server has no Schedules, but it runs cron
 * workflows, which hand the last completion result to the next run the same way.
 */
class HrisPollWorkflowTest {
  private static final Duration LOOK_BACK = Duration.ofDays(2);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(HrisPollWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final FakePoll hris = new FakePoll();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;

  /** Records each poll's cursor; the next cursor is the fake's poll time, as WorkdayPoll does. */
  static final class FakePoll implements HrisPollActivities {
    final List<Instant> sinces = new CopyOnWriteArrayList<>();
    final List<Instant> nextSinces = new CopyOnWriteArrayList<>();
    volatile int failingCall = -1;

    @Override
    public PollResult poll(String source, Instant since) {
      sinces.add(since);
      if (sinces.size() - 1 == failingCall) {
        throw ApplicationFailure.newNonRetryableFailure("test: poll fails", "Test");
      }
      Instant next = since.plus(Duration.ofMinutes(10 + sinces.size()));
      nextSinces.add(next);
      return new PollResult(next, new PollCounts(1, 1, 0, 0, 0, 0, 0, 0));
    }
  }

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    env.newWorker(TaskQueues.HRIS_POLL).registerActivitiesImplementations(hris);
    env.start();
  }

  private WorkflowStub startEvery15Minutes() {
    HrisPollWorkflow wf =
        client.newWorkflowStub(
            HrisPollWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("leaver-workday-poll-test")
                .setTaskQueue(taskQueue)
                .setCronSchedule("*/15 * * * *")
                .build());
    WorkflowClient.start(wf::poll, new HrisPollRequest("workday", LOOK_BACK));
    return WorkflowStub.fromTyped(wf);
  }

  @Test
  void theFirstRunLooksBackAndEachLaterRunStartsFromThePreviousCursor() {
    Instant begin = Instant.ofEpochMilli(env.currentTimeMillis());
    WorkflowStub stub = startEvery15Minutes();
    env.sleep(Duration.ofMinutes(50));

    assertThat(hris.sinces).hasSizeGreaterThanOrEqualTo(3);
    // The first run starts at the first cron tick, within 15 minutes of the start.
    assertThat(hris.sinces.get(0))
        .isBetween(begin.minus(LOOK_BACK), begin.minus(LOOK_BACK).plus(Duration.ofMinutes(15)));
    for (int i = 1; i < hris.sinces.size(); i++) {
      assertThat(hris.sinces.get(i)).as("run " + i).isEqualTo(hris.nextSinces.get(i - 1));
    }
    stub.terminate("test over");
  }

  @Test
  void aFailedRunLeavesTheCursorWhereItWas() {
    hris.failingCall = 1;
    WorkflowStub stub = startEvery15Minutes();
    env.sleep(Duration.ofMinutes(50));

    assertThat(hris.sinces).hasSizeGreaterThanOrEqualTo(3);
    assertThat(hris.sinces.get(1)).isEqualTo(hris.nextSinces.get(0));
    assertThat(hris.sinces.get(2))
        .as("after the failure, the last good cursor again")
        .isEqualTo(hris.nextSinces.get(0));
    stub.terminate("test over");
  }

  @Test
  void theCursorNeverMovesBack() {
    HrisPollActivities backwards =
        (source, since) -> new PollResult(since.minus(Duration.ofHours(1)), PollCounts.NONE);
    TestWorkflowEnvironment other = TestWorkflowEnvironment.newInstance();
    try {
      other.newWorker("q").registerWorkflowImplementationTypes(HrisPollWorkflowImpl.class);
      other.newWorker(TaskQueues.HRIS_POLL).registerActivitiesImplementations(backwards);
      other.start();
      HrisPollWorkflow wf =
          other
              .getWorkflowClient()
              .newWorkflowStub(
                  HrisPollWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue("q").build());
      HrisPollCursor cursor = wf.poll(new HrisPollRequest("workday", LOOK_BACK));
      assertThat(cursor.since()).isEqualTo(cursor.polledSince());
      assertThat(cursor.source()).isEqualTo("workday");
    } finally {
      other.close();
    }
  }
}
