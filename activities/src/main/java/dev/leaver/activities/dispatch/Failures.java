package dev.leaver.activities.dispatch;

import dev.leaver.activities.target.IrreversibleException;
import dev.leaver.activities.target.TargetException;
import io.temporal.failure.ApplicationFailure;

/**
 * The failure types the workflow sees. Non-retryable ones park the step as needs-attention; the
 * retryable one carries the server's Retry-After as the next retry delay.
 */
public final class Failures {
  public static final String THROTTLED = "Throttled";
  public static final String PERMISSION_DENIED = "PermissionDenied";
  public static final String REJECTED = "Rejected";
  public static final String IRREVERSIBLE = "Irreversible";
  public static final String UNKNOWN_ACTION = "UnknownAction";

  private Failures() {}

  static ApplicationFailure toApplicationFailure(String activityType, TargetException e) {
    String message = activityType + ": " + e.getMessage();
    if (e instanceof TargetException.Retryable r) {
      return ApplicationFailure.newFailureWithCauseAndDelay(
          message, THROTTLED, null, r.retryAfter());
    }
    if (e instanceof TargetException.PermissionDenied) {
      return ApplicationFailure.newNonRetryableFailure(message, PERMISSION_DENIED);
    }
    if (e instanceof IrreversibleException) {
      return ApplicationFailure.newNonRetryableFailure(message, IRREVERSIBLE);
    }
    return ApplicationFailure.newNonRetryableFailure(message, REJECTED);
  }
}
