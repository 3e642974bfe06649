package dev.leaver.workflows.contract;

import java.time.Instant;

/**
 * A re-read of a system after an action.
 *
 * @param accessRemoved true only when the re-read shows the access gone
 * @param detail what was seen
 * @param checkedAt when it was read
 */
public record Verification(boolean accessRemoved, String detail, Instant checkedAt) {}
