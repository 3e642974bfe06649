package dev.leaver.worker.report;

import java.time.Instant;

/**
 * A step that did not simply happen: skipped by an operator, parked for one, or failed.
 *
 * @param stepId {@code system.Action}
 * @param state {@code skipped}, {@code needs attention} or {@code failed}
 * @param reason the operator's reason, or the error that parked it
 * @param operator who acted, when the evidence says (null otherwise)
 * @param at when the step reached that state, if it did
 */
public record ReportException(
    String stepId, String state, String reason, String operator, Instant at) {}
