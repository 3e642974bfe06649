package dev.leaver.worker;

import io.temporal.activity.DynamicActivity;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;

/**
 * One system's activities behind its {@link SystemGate}. Suspending a worker's polling does not
 * recall a long poll already waiting at the server, so a task can still arrive for a system just
 * blocked; it is handed back as a retryable failure, to run again after the next check, rather than
 * sent to a system that refuses the worker and parked.
 */
final class GatedActivity implements DynamicActivity {
  /** The failure type of a task handed back; retryable, so the step is not parked. */
  static final String SYSTEM_BLOCKED = "SystemBlocked";

  private final String systemId;
  private final DynamicActivity activity;
  private final SystemGate gate;

  GatedActivity(String systemId, DynamicActivity activity, SystemGate gate) {
    this.systemId = systemId;
    this.activity = activity;
    this.gate = gate;
  }

  @Override
  public Object execute(EncodedValues args) {
    var blocked = gate.blockedBecause(systemId);
    if (blocked.isPresent()) {
      throw ApplicationFailure.newFailureWithCauseAndDelay(
          systemId + " is blocked (" + blocked.get() + "); not run, retried after the next check",
          SYSTEM_BLOCKED,
          null,
          gate.recheckEvery());
    }
    return activity.execute(args);
  }
}
