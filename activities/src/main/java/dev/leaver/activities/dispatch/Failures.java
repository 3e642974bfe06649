package dev.leaver.activities.dispatch;

import dev.leaver.activities.target.IrreversibleException;
import dev.leaver.activities.target.TargetException;
import dev.leaver.workflows.contract.ActivityTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * The failure types the workflow sees. Non-retryable ones park the step as needs-attention; the
 * retryable one carries the server's Retry-After as the next retry delay. Every failure carries the
 * items a multi-item action changed before it failed, as its details, so the workflow can undo
 * exactly those.
 */
public final class Failures {
  public static final String THROTTLED = "Throttled";
  public static final String PERMISSION_DENIED = "PermissionDenied";
  public static final String REJECTED = "Rejected";
  public static final String IRREVERSIBLE = "Irreversible";
  public static final String UNKNOWN_ACTION = ActivityTypes.UNKNOWN_ACTION;

  private Failures() {}

  /**
   * @param done the items changed so far in this step, across attempts
   * @param attempt this attempt's number: a refusal on attempt 1 with nothing done proves nothing
   *     was written, while a later one cannot rule out a write of an earlier attempt that timed out
   */
  static ApplicationFailure toApplicationFailure(
      String activityType, TargetException e, List<String> done, int attempt) {
    String message = activityType + ": " + e.getMessage();
    String[] items = done.toArray(new String[0]);
    if (e instanceof TargetException.Retryable r) {
      return ApplicationFailure.newFailureWithCauseAndDelay(
          message, THROTTLED, null, r.retryAfter(), items, attempt);
    }
    String type =
        e instanceof TargetException.PermissionDenied
            ? PERMISSION_DENIED
            : e instanceof IrreversibleException ? IRREVERSIBLE : REJECTED;
    return ApplicationFailure.newNonRetryableFailureWithCause(message, type, null, items, attempt);
  }
}
