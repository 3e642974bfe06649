package dev.leaver.workflows.api;

/**
 * How a run ended, in its result and in the {@code LeaverOutcome} search attribute, so that the Web
 * UI's list tells apart runs that all close as a green "Completed".
 */
public enum Outcome {
  /** Everything was done (skipped steps carry the operator's reason). */
  COMPLETED,
  /** Rescinded or cancelled: what could be undone was. */
  RESCINDED,
  /**
   * Ended with something left for an operator: nobody found, an undo that failed, a channel not
   * told.
   */
  NEEDS_ATTENTION,
  /** A dry run (asked for, or the policy's notification-only mode): nothing was written. */
  DRY_RUN
}
