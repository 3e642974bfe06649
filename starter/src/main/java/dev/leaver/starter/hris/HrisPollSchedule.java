package dev.leaver.starter.hris;

import dev.leaver.workflows.contract.TaskQueues;
import dev.leaver.workflows.poll.HrisPollRequest;
import dev.leaver.workflows.poll.HrisPollWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal Schedule that polls an HRIS without webhooks: every {@code interval} it starts
 * {@link HrisPollWorkflow} on {@link TaskQueues#HRIS_POLL}, served by the starter process.
 *
 * <p>Overlap SKIP: a poll still running when the next is due makes the next one unnecessary (it
 * would read the same rows). A short catch-up window: after an outage one poll from the last cursor
 * covers every missed interval, so missed polls are not replayed one by one.
 *
 * @param scheduleId e.g. {@code leaver-workday-poll}; also the prefix of each run's workflow id
 * @param request the source and the first run's look-back
 * @param interval how often to poll
 */
public record HrisPollSchedule(String scheduleId, HrisPollRequest request, Duration interval) {
  /** The Workday poll's schedule id. */
  public static final String WORKDAY_ID = "leaver-workday-poll";

  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);

  /**
   * How far the very first poll reads back. A day: enough for a schedule created after a short gap,
   * without offboarding again everyone who left in the past.
   */
  public static final Duration DEFAULT_LOOK_BACK = Duration.ofDays(1);

  static final Duration CATCH_UP_WINDOW = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(HrisPollSchedule.class);

  public HrisPollSchedule {
    Objects.requireNonNull(scheduleId, "scheduleId == null");
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(interval, "interval == null");
    if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("poll interval under a minute: " + interval);
    }
  }

  /** The Workday poll every {@code interval}, reading back {@link #DEFAULT_LOOK_BACK} at first. */
  public static HrisPollSchedule workday(Duration interval) {
    return new HrisPollSchedule(
        WORKDAY_ID, new HrisPollRequest("workday", DEFAULT_LOOK_BACK), interval);
  }

  /** The Workday poll every {@link #DEFAULT_INTERVAL}. */
  public static HrisPollSchedule workday() {
    return workday(DEFAULT_INTERVAL);
  }

  /** The schedule as it should be, unpaused. */
  public Schedule schedule() {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(HrisPollWorkflow.class)
                .setArguments(request)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(scheduleId)
                        .setTaskQueue(TaskQueues.HRIS_POLL)
                        .setStaticSummary("Poll " + request.source() + " for terminations")
                        // Both or neither: Java SDK 1.38 decodes summary and details together when
                        // it
                        // describes a schedule, and an absent details payload fails the describe.
                        .setStaticDetails(
                            "Reads the "
                                + request.source()
                                + " terminations changed since"
                                + " the previous run's cursor and hands each to Leaver's starter; the result"
                                + " is the next cursor with counts by outcome.")
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(interval)))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(CATCH_UP_WINDOW)
                .build())
        .build();
  }

  /**
   * Creates the schedule, or updates it to this definition when it exists, so every worker start
   * may call it. An update keeps the schedule's state: a schedule an operator paused stays paused.
   *
   * @return the schedule's handle
   */
  public ScheduleHandle ensure(ScheduleClient schedules) {
    Schedule desired = schedule();
    try {
      ScheduleHandle handle =
          schedules.createSchedule(scheduleId, desired, ScheduleOptions.newBuilder().build());
      log.info("created schedule {}: {} every {}", scheduleId, request.source(), interval);
      return handle;
    } catch (ScheduleAlreadyRunningException exists) {
      ScheduleHandle handle = schedules.getHandle(scheduleId);
      handle.update(
          input ->
              new ScheduleUpdate(
                  Schedule.newBuilder(desired)
                      .setState(input.getDescription().getSchedule().getState())
                      .build()));
      log.info("updated schedule {}: {} every {}", scheduleId, request.source(), interval);
      return handle;
    }
  }
}
