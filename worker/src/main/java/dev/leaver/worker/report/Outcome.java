package dev.leaver.worker.report;

import dev.leaver.workflows.api.Phase;

/** What a run came to, in the words of the report. */
public enum Outcome {
  COMPLETED("completed"),
  RESCINDED("rescinded"),
  DRY_RUN("dry run"),
  /** Closed without offboarding anyone (no account found anywhere): never a success. */
  NEEDS_ATTENTION("needs attention"),
  /** Only the kill-switch record exists: the run is still open (handover, awaiting deletion). */
  IN_PROGRESS("in progress");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  /** The words the report prints. */
  public String label() {
    return label;
  }

  static Outcome of(Phase phase) {
    return switch (phase) {
      case COMPLETED -> COMPLETED;
      case RESCINDED -> RESCINDED;
      case DRY_RUN_COMPLETED -> DRY_RUN;
      case NEEDS_ATTENTION -> NEEDS_ATTENTION;
      default -> IN_PROGRESS;
    };
  }
}
