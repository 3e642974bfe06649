package dev.leaver.workflows.contract;

/** When in an offboarding an action runs. */
public enum Stage {
  /** Shuts the doors: runs first, in parallel across systems, on each system's kill-switch queue. */
  KILL_SWITCH,
  /** Slower clean-up after the kill switch: memberships, licences. */
  CLEANUP,
  /** Access granted to the manager at clean-up and taken back when the handover period ends. */
  HANDOVER
}
