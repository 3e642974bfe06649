package dev.leaver.starter.hris;

/**
 * Where normalised events go: starts, reschedules or rescinds the leaver's workflow. An
 * implementation answers only once Temporal has accepted the change, so an HTTP endpoint can answer
 * 2xx only then.
 */
public interface TerminationSink {

  /**
   * @return what happened, for the HTTP answer and the log
   * @throws Unavailable when Temporal cannot be reached: answer 503 so the HRIS retries
   */
  Outcome accept(TerminationEvent event) throws Unavailable;

  /** What accepting an event did. */
  sealed interface Outcome {
    String workflowId();

    /** {@code started}, {@code held}, {@code duplicate}, {@code rescheduled}, ... for answers. */
    default String label() {
      return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    record Started(String workflowId) implements Outcome {}

    record Held(String workflowId) implements Outcome {}

    /** Nothing new: a redelivery, or the same termination again. */
    record Duplicate(String workflowId) implements Outcome {}

    record Rescheduled(String workflowId) implements Outcome {}

    record Rescinded(String workflowId) implements Outcome {}

    /** Understood but nothing to do (e.g. a cancellation for someone with no run). */
    record Ignored(String workflowId, String reason) implements Outcome {}
  }

  /** Temporal is unreachable or did not answer in time; nothing was accepted. */
  final class Unavailable extends Exception {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
