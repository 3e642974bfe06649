package dev.leaver.workflows.api;

import java.time.Instant;

/**
 * One entry of the evidence store, which keeps a run's evidence after Temporal has deleted its
 * history (namespace retention). The worker appends one at each milestone of a run, at most once
 * per run and milestone. Entries form a hash chain: each carries the previous entry's hash, so
 * editing or removing one breaks the chain from there on.
 *
 * @param sequence position in the store, from 1, without gaps
 * @param workflowId {@code offboarding-<employeeId>}
 * @param runId the Temporal run id
 * @param milestone what the run had reached when this was recorded
 * @param recordedAt when the workflow recorded it (workflow time)
 * @param status the run's status at that moment: every step with its receipt, the HR event and
 *     effective times, the kill-switch latency
 * @param previousHash the hash of entry {@code sequence - 1}; 64 zeros for the first
 * @param hash SHA-256 (hex) over this entry's canonical form with {@code hash} left out
 */
public record EvidenceRecord(
    long sequence,
    String workflowId,
    String runId,
    Milestone milestone,
    Instant recordedAt,
    OffboardingStatus status,
    String previousHash,
    String hash) {

  /** When a run's evidence is recorded. */
  public enum Milestone {
    /** Every kill-switch step has reached a final state. */
    KILL_SWITCH_DONE,
    /** The run has ended, in whatever state (completed, rescinded, dry run, parked, cancelled). */
    CLOSED
  }
}
