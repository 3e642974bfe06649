package dev.leaver.workflows.api;

import java.time.Instant;

/**
 * One update an operator (or the HR intake) made to the run, as its ledger, status and evidence
 * keep it: who acted, what, on which step, why and when.
 *
 * @param update the update's name, e.g. {@code skipStep}
 * @param stepId the step it acted on, or null for the run as a whole
 * @param operator who acted: the payload's {@code operator}, {@code hr:<source> event <id>} for the
 *     intake, or {@code unknown} for an update sent before updates named their operator
 * @param reason why, as given; may be null where the update does not require one
 * @param at when the run accepted it (workflow time)
 * @param updateId the update's id: its update-accepted event in the run's history has the same id
 *     and the caller's identity as Temporal saw it (the workflow itself is not told the identity)
 */
public record OperatorAction(
    String update, String stepId, String operator, String reason, Instant at, String updateId) {
  /**
   * Who acted for an update sent before updates named their operator (its history has the caller).
   */
  public static final String UNKNOWN_OPERATOR = "unknown";
}
