package dev.leaver.starter.webhook;

import dev.leaver.starter.hris.HrisUnavailable;
import dev.leaver.starter.hris.TerminationEvent;

/**
 * One employee a delivery is about, and how to decide what it means: at once from the payload, or
 * after a call to the vendor's API for payloads that carry only ids.
 *
 * @param employeeId the HRIS employee id (safe to log)
 * @param decider makes the decision; called once per delivery attempt (for sources decided from the
 *     record, once more after a start: see {@link DeliveryProcessor})
 */
record Pending(String employeeId, Decider decider) {

  /** Decides; may call the vendor's API. */
  @FunctionalInterface
  interface Decider {
    Decision decide() throws HrisUnavailable, Refusal;
  }

  /** The payload said everything: no lookup. */
  static Pending ready(TerminationEvent event) {
    return new Pending(event.employeeId(), () -> new Decision.Emit(event));
  }

  /** Nothing to do for this employee, for the reason given. */
  static Pending skip(String employeeId, String reason) {
    return new Pending(employeeId, () -> new Decision.Skip(reason));
  }
}
