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
  /**
   * Everything else is done; the policy deletes accounts after a grace period, and the run waits
   * for it to pass, for an operator's approval and for no legal hold.
   */
  AWAITING_DELETION,
  COMPLETED,
  RESCINDED,
  DRY_RUN_COMPLETED,
  /**
   * Ended without offboarding anyone: no account was found in any system (a mistyped UPN, an
   * unknown employee id). Never a success: the run fails so the Web UI shows it, and stays flagged.
   */
  NEEDS_ATTENTION;

  public boolean isFinal() {
    return this == COMPLETED
        || this == RESCINDED
        || this == DRY_RUN_COMPLETED
        || this == NEEDS_ATTENTION;
  }
}
