package dev.leaver.workflows.api;

/** The state of one step, as the {@code status} query and the evidence show it. */
public enum StepState {
  PLANNED,
  RUNNING,
  /** Applied: the system changed. */
  DONE,
  /** The system was already in the wanted state. */
  NO_CHANGE,
  /** Failed for good or left access behind; waits for an operator's retryStep or skipStep. */
  NEEDS_ATTENTION,
  SKIPPED,
  COMPENSATED,
  FAILED
}
