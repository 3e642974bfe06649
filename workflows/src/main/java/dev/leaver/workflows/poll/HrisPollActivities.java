package dev.leaver.workflows.poll;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;

/**
 * Reads an HRIS that cannot send webhooks and hands each termination event to the starter. Runs on
 * {@link dev.leaver.workflows.contract.TaskQueues#HRIS_POLL}, the only place with the HRIS
 * credentials.
 */
@ActivityInterface(namePrefix = "leaver.hris.")
public interface HrisPollActivities {

  /** Failure type of a poll that will succeed later: the HRIS or Temporal cannot be reached. */
  String UNAVAILABLE = "HrisPollUnavailable";

  /** Failure type of a poll that cannot succeed: e.g. a source this worker does not serve. */
  String MISCONFIGURED = "HrisPollMisconfigured";

  /**
   * Reads the events whose data changed at or after {@code since} and hands each to the sink. Safe
   * to repeat: the sink answers a re-seen event as a duplicate.
   *
   * @param source the HRIS, e.g. {@code workday}
   * @param since the cursor; inclusive
   * @return the next cursor and the counts by outcome
   */
  @ActivityMethod(name = "Poll")
  PollResult poll(String source, Instant since);
}
