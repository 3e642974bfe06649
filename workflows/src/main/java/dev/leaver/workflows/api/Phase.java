package dev.leaver.workflows.api;

/** Where an offboarding run is. */
public enum Phase {
  RESOLVING,
  /** Held by the mass-termination brake until an operator releases it; nothing written yet. */
  HELD,
  WAITING,
  KILL_SWITCH,
  CLEANUP,
  VERIFYING,
  HANDOVER,
  COMPLETED,
  RESCINDED,
  DRY_RUN_COMPLETED;

  public boolean isFinal() {
    return this == COMPLETED || this == RESCINDED || this == DRY_RUN_COMPLETED;
  }
}
