package dev.leaver.worker.report;

import java.time.Instant;

/**
 * One system's part of a kill switch.
 *
 * @param system target system id
 * @param completedAt when the last of its kill-switch steps reached a final state; null while one
 *     is still parked or running, or when there was nothing to do
 * @param note why there is no time: {@code no account} when the leaver had none in the system; else
 *     null
 */
public record SystemKillSwitch(String system, Instant completedAt, String note) {
  /** What the report prints for it: the time, else the note, else "not done". */
  String text(java.util.function.Function<Instant, String> time) {
    return completedAt != null ? time.apply(completedAt) : note != null ? note : "not done";
  }
}
