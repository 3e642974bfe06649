package dev.leaver.workflows.poll;

import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/** Reads the previous cursor, polls once on the HRIS poll queue, returns the next cursor. */
public class HrisPollWorkflowImpl implements HrisPollWorkflow {
  private static final Logger log = Workflow.getLogger(HrisPollWorkflowImpl.class);

  // One report read (up to a minute) plus one sink call per event; heartbeats show progress.
  // ScheduleToClose stays under the default 15-minute interval, so a stuck poll gives way to the
  // next scheduled run (SKIP would otherwise skip it) and that run reads from the same cursor.
  private final HrisPollActivities hris =
      Workflow.newActivityStub(
          HrisPollActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.HRIS_POLL)
              .setStartToCloseTimeout(Duration.ofMinutes(5))
              .setHeartbeatTimeout(Duration.ofMinutes(2))
              .setScheduleToCloseTimeout(Duration.ofMinutes(12))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(2))
                      .setDoNotRetry(HrisPollActivities.MISCONFIGURED)
                      .build())
              .setSummary("poll the HRIS for terminations")
              .build());

  @Override
  public HrisPollCursor poll(HrisPollRequest request) {
    HrisPollCursor last = Workflow.getLastCompletionResult(HrisPollCursor.class);
    Instant since;
    if (last != null && request.source().equals(last.source()) && last.since() != null) {
      since = last.since();
    } else {
      since = Instant.ofEpochMilli(Workflow.currentTimeMillis()).minus(request.initialLookBack());
    }
    PollResult result = hris.poll(request.source(), since);
    // Never move the cursor back (a worker clock behind the previous one): that would only re-read.
    Instant next = result.nextSince().isAfter(since) ? result.nextSince() : since;
    log.info(
        "polled {} since {}: {}; next since {}", request.source(), since, result.counts(), next);
    return new HrisPollCursor(request.source(), since, next, result.counts());
  }
}
