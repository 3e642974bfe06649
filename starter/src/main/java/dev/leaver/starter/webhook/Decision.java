package dev.leaver.starter.webhook;

import dev.leaver.starter.hris.TerminationEvent;

/** What one employee's part of a delivery comes to: an event for the sink, or nothing. */
sealed interface Decision {

  /** Hand this event to the sink. */
  record Emit(TerminationEvent event) implements Decision {}

  /** Nothing to start (e.g. the HRIS shows the employee active); the sink is not called. */
  record Skip(String reason) implements Decision {}
}
