package dev.leaver.activities.target;

/**
 * A target system refused or failed. The dispatcher maps each kind to Temporal's retry contract:
 * {@link Retryable} is retried (after Retry-After when given), {@link PermissionDenied} and {@link
 * Rejected} are not, and park the step for an operator.
 */
public abstract sealed class TargetException extends RuntimeException
    permits TargetException.Retryable,
        TargetException.PermissionDenied,
        TargetException.Rejected,
        IrreversibleException {

  protected TargetException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Throttled (429) or a transient server error (5xx): try again, after {@code retryAfter}. */
  public static final class Retryable extends TargetException {
    private final java.time.Duration retryAfter;

    public Retryable(String message, java.time.Duration retryAfter, Throwable cause) {
      super(message, cause);
      this.retryAfter = retryAfter;
    }

    /** The server's Retry-After, or null. */
    public java.time.Duration retryAfter() {
      return retryAfter;
    }

    /**
     * The delay an HTTP {@code Retry-After} header asks for in seconds; null when there is none, or
     * it is negative or an HTTP date (then Temporal's own backoff applies).
     */
    public static java.time.Duration parseRetryAfter(String header) {
      if (header == null) {
        return null;
      }
      try {
        long seconds = Long.parseLong(header.trim());
        return seconds >= 0 ? java.time.Duration.ofSeconds(seconds) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** The credentials lack a permission (403): retrying won't help until someone grants it. */
  public static final class PermissionDenied extends TargetException {
    public PermissionDenied(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The system refused the request for good (400, an unknown id). */
  public static final class Rejected extends TargetException {
    public Rejected(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
