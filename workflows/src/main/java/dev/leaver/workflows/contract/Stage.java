package dev.leaver.workflows.contract;

/** When in an offboarding an action runs. */
public enum Stage {
  /**
   * Shuts the doors: runs first, in parallel across systems, on each system's kill-switch queue.
   */
  KILL_SWITCH,
  /** Slower clean-up after the kill switch: memberships, licences. */
  CLEANUP,
  /** Access granted to the manager at clean-up and taken back when the handover period ends. */
  HANDOVER,
  /**
   * A few days before the handover period ends (the policy's {@code handoverReminderDays}): tells
   * the manager the access is about to go. Runs only when something was handed over and the
   * handover is not ended early.
   */
  HANDOVER_ENDING,
  /**
   * Once the handover's revocations have run (at the end of the period, or early on an operator's
   * {@code revokeDelegationNow}): tells the manager the access has gone. Runs only when something
   * was handed over.
   */
  HANDOVER_ENDED,
  /**
   * Deleting the account, last of all: only when the policy sets a grace period, once it has
   * passed, an operator has approved, and no legal hold is set.
   */
  DELETION
}
