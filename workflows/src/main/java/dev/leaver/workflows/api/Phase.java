package dev.leaver.workflows.api;

/** Where an offboarding run is. */
public enum Phase {
  RESOLVING,
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
