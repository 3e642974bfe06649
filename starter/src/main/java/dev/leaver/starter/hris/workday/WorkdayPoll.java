package dev.leaver.starter.hris.workday;

import dev.leaver.starter.hris.HrisUnavailable;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationSink;
import dev.leaver.starter.hris.TerminationSink.Outcome;
import dev.leaver.workflows.poll.HrisPollActivities;
import dev.leaver.workflows.poll.PollCounts;
import dev.leaver.workflows.poll.PollResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Workday poll: reads Leaver's termination report since the cursor and hands each event to the
 * {@link TerminationSink}, which starts, reschedules or rescinds the leaver's workflow.
 *
 * <p>The next cursor is the time this poll started, less {@link #DEFAULT_OVERLAP}: a row that
 * Workday commits with a {@code Last_Updated} a little before the read (a long business process, a
 * clock apart) is still read next time. Rows read twice are harmless: their event ids are stable
 * and the sink answers {@link Outcome.Duplicate}.
 *
 * <p>Workday or Temporal unavailable ({@link HrisUnavailable}, {@link TerminationSink.Unavailable})
 * fail the attempt as retryable ({@link HrisPollActivities#UNAVAILABLE}); the retry reads from the
 * same cursor. Logs carry event and employee ids only, never names or e-mails.
 */
public final class WorkdayPoll implements HrisPollActivities {
  /** How far the next poll reaches back before this poll's start. */
  public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(WorkdayPoll.class);

  private final WorkdayReportClient workday;
  private final TerminationSink sink;
  private final Clock clock;
  private final Duration overlap;

  public WorkdayPoll(WorkdayReportClient workday, TerminationSink sink) {
    this(workday, sink, Clock.systemUTC(), DEFAULT_OVERLAP);
  }

  /**
   * @param workday the report client
   * @param sink where events go
   * @param clock the poll's start time comes from it
   * @param overlap how far the next cursor reaches back before this poll's start
   */
  public WorkdayPoll(
      WorkdayReportClient workday, TerminationSink sink, Clock clock, Duration overlap) {
    this.workday = Objects.requireNonNull(workday, "workday == null");
    this.sink = Objects.requireNonNull(sink, "sink == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.overlap = Objects.requireNonNull(overlap, "overlap == null");
    if (overlap.isNegative()) {
      throw new IllegalArgumentException("overlap < 0: " + overlap);
    }
  }

  @Override
  public PollResult poll(String source, Instant since) {
    if (!WorkdayReportClient.SOURCE.equals(source)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this worker polls " + WorkdayReportClient.SOURCE + " only, not " + source,
          MISCONFIGURED);
    }
    Objects.requireNonNull(since, "since == null");
    Instant started = clock.instant();
    List<TerminationEvent> events;
    try {
      events = workday.terminationsSince(since);
    } catch (HrisUnavailable e) {
      throw ApplicationFailure.newFailureWithCause(e.getMessage(), UNAVAILABLE, e);
    }
    Tally tally = new Tally(events.size());
    for (TerminationEvent event : events) {
      heartbeat(tally.handled);
      Outcome outcome;
      try {
        outcome = sink.accept(event);
      } catch (TerminationSink.Unavailable e) {
        // Everything accepted so far comes back as a duplicate on the retry.
        throw ApplicationFailure.newFailureWithCause(
            "Temporal unavailable while accepting Workday event "
                + event.eventId()
                + ": "
                + e.getMessage(),
            UNAVAILABLE,
            e);
      } catch (IllegalArgumentException e) {
        // One unusable row must not hold back the others; an operator sees it in the log and in
        // the run's counts, and it comes back as soon as HR corrects the row in Workday.
        log.error(
            "Workday event {} ({}, employee {}) rejected by the sink: {}",
            event.eventId(),
            event.kind(),
            event.employeeId(),
            e.getMessage());
        tally.rejected++;
        tally.handled++;
        continue;
      }
      log.info(
          "Workday event {} ({}, employee {}): {} {}",
          event.eventId(),
          event.kind(),
          event.employeeId(),
          outcome.getClass().getSimpleName(),
          outcome.workflowId());
      tally.add(outcome);
    }
    PollCounts counts = tally.counts();
    log.info("polled Workday since {}: {}", since, counts);
    return new PollResult(started.minus(overlap), counts);
  }

  private static void heartbeat(int handled) {
    // Outside an activity (a plain unit test) there is nobody to tell.
    try {
      Activity.getExecutionContext().heartbeat(handled);
    } catch (IllegalStateException notInActivity) {
      // ignored
    }
  }

  private static final class Tally {
    final int events;
    int handled;
    int started;
    int held;
    int duplicates;
    int rescheduled;
    int rescinded;
    int ignored;
    int rejected;

    Tally(int events) {
      this.events = events;
    }

    void add(Outcome outcome) {
      handled++;
      if (outcome instanceof Outcome.Started) {
        started++;
      } else if (outcome instanceof Outcome.Held) {
        held++;
      } else if (outcome instanceof Outcome.Duplicate) {
        duplicates++;
      } else if (outcome instanceof Outcome.Rescheduled) {
        rescheduled++;
      } else if (outcome instanceof Outcome.Rescinded) {
        rescinded++;
      } else {
        ignored++;
      }
    }

    PollCounts counts() {
      return new PollCounts(
          events, started, held, duplicates, rescheduled, rescinded, ignored, rejected);
    }
  }
}
