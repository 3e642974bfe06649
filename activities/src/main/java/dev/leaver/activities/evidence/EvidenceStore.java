package dev.leaver.activities.evidence;

import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.OffboardingStatus;
import java.time.Instant;
import java.util.List;

/**
 * Where run evidence is kept for as long as auditors ask (a year or more), outside Temporal, whose
 * histories are deleted after the namespace retention. Append-only and hash-chained.
 */
public interface EvidenceStore {

  /**
   * Appends the evidence of one run at one milestone, unless the store already holds it for that
   * run and milestone (a retried activity whose first answer was lost): then the record already
   * stored is returned and nothing is written.
   */
  EvidenceRecord append(
      String workflowId,
      String runId,
      EvidenceRecord.Milestone milestone,
      Instant recordedAt,
      OffboardingStatus status);

  /** Every record, in chain order. */
  List<EvidenceRecord> records();

  /** Checks the chain from the first record: recomputes each hash and each link. */
  ChainCheck verify();

  /** What {@link #verify} found. */
  sealed interface ChainCheck {
    /** Every record's hash and link hold. */
    record Intact(long records) implements ChainCheck {}

    /** The first record whose hash or link does not hold, and why. */
    record Broken(long sequence, String where, String why) implements ChainCheck {}
  }
}
