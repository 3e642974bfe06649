package dev.leaver.workflows.workflow;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/** Reads what operators need from an activity failure. */
final class Failures {
  private Failures() {}

  static String message(TemporalFailure f) {
    Throwable cause = f instanceof ActivityFailure && f.getCause() != null ? f.getCause() : f;
    String prefix = "";
    if (cause instanceof ApplicationFailure af) {
      prefix = af.getType() + ": ";
      return prefix + af.getOriginalMessage() + retryNote(f);
    }
    String m = cause instanceof TemporalFailure tf ? tf.getOriginalMessage() : cause.getMessage();
    return cause.getClass().getSimpleName() + ": " + m + retryNote(f);
  }

  /** Attempts the failed call took, as far as the failure tells. */
  static int attempts(TemporalFailure f, int maximumAttempts) {
    if (f instanceof ActivityFailure af
        && af.getRetryState() == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED) {
      return maximumAttempts;
    }
    return 1;
  }

  private static String retryNote(TemporalFailure f) {
    if (f instanceof ActivityFailure af) {
      return switch (af.getRetryState()) {
        case RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED -> " (retries exhausted)";
        case RETRY_STATE_TIMEOUT -> " (gave up after the schedule-to-close timeout)";
        case RETRY_STATE_NON_RETRYABLE_FAILURE -> " (not retryable)";
        default -> "";
      };
    }
    return "";
  }
}
