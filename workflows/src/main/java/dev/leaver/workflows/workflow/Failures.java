package dev.leaver.workflows.workflow;

import dev.leaver.workflows.contract.ActivityTypes;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.List;

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

  /**
   * The items a multi-item action had changed when it failed: from the failure's details, or the
   * last heartbeat of an attempt that timed out (a crashed worker). Null when it does not say.
   */
  static List<String> progress(TemporalFailure f) {
    Throwable cause = f instanceof ActivityFailure && f.getCause() != null ? f.getCause() : f;
    try {
      if (cause instanceof ApplicationFailure af && af.getDetails().getSize() > 0) {
        return List.of(af.getDetails().get(0, String[].class));
      }
      if (cause instanceof TimeoutFailure tf && tf.getLastHeartbeatDetails().getSize() > 0) {
        return List.of(tf.getLastHeartbeatDetails().get(String[].class));
      }
    } catch (RuntimeException unreadable) {
      // Details from something other than the connector dispatcher: progress is unknown.
    }
    return null;
  }

  /**
   * True when the failure proves nothing was written: the connector refused on the first attempt
   * (so no earlier attempt can have landed a write) before changing any item.
   */
  static boolean refusedBeforeAnyWrite(TemporalFailure f) {
    Throwable cause = f instanceof ActivityFailure && f.getCause() != null ? f.getCause() : f;
    try {
      return cause instanceof ApplicationFailure af
          && af.isNonRetryable()
          && af.getDetails().getSize() > 1
          && af.getDetails().get(0, String[].class).length == 0
          && af.getDetails().get(1, Integer.class) == 1;
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  /**
   * True when the worker that took the activity does not know its type: during a rolling upgrade, a
   * worker older than the workflow code.
   */
  static boolean unknownActivityType(TemporalFailure f) {
    Throwable cause = f instanceof ActivityFailure && f.getCause() != null ? f.getCause() : f;
    return cause instanceof ApplicationFailure af
        && ActivityTypes.UNKNOWN_ACTION.equals(af.getType());
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
