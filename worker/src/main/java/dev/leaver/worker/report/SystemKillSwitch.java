package dev.leaver.worker.report;

import java.time.Instant;

/**
 * One system's part of a kill switch.
 *
 * @param system target system id
 * @param completedAt when the last of its kill-switch steps reached a final state; null while one
 *     is still parked or running
 */
public record SystemKillSwitch(String system, Instant completedAt) {}
