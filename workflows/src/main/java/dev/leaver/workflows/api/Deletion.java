package dev.leaver.workflows.api;

import java.time.Instant;

/**
 * Where the deletion of the leaver's accounts stands, for a policy that deletes them.
 *
 * @param dueAt when the grace period ends (effective time + the policy's {@code deleteAfterDays})
 * @param approvedBy who approved the deletion, or null while nobody has
 * @param approvedAt when, by the workflow's clock
 * @param approval the approver's reason
 * @param legalHold true while a legal hold is set: nothing is deleted, approved or not
 * @param legalHoldReason who set or lifted the hold, and why
 */
public record Deletion(
    Instant dueAt,
    String approvedBy,
    Instant approvedAt,
    String approval,
    boolean legalHold,
    String legalHoldReason) {}
