package dev.leaver.workflows.contract;

import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.OffboardingStatus;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;

/**
 * Keeps a run's evidence in the store outside Temporal, which outlives the history's retention.
 * Idempotent per run and milestone: a retry whose first answer was lost stores nothing new.
 */
@ActivityInterface(namePrefix = "leaver.")
public interface EvidenceActivities {

  /**
   * Appends the run's evidence record for {@code milestone}; the run's workflow and run ids come
   * from the activity's context.
   *
   * @param milestone kill switch done, or closed
   * @param recordedAt the workflow's time at the milestone
   * @param status the run's status then: every step with its receipt, the HR event and effective
   *     times, the kill-switch latency
   * @return where the record sits in the chain; on a retry, the record already stored
   */
  @ActivityMethod(name = "KeepEvidence")
  Kept keep(EvidenceRecord.Milestone milestone, Instant recordedAt, OffboardingStatus status);

  /**
   * The stored record's place in the chain (not the record itself: the status is already in the
   * activity's input, no need to keep it twice in the history).
   *
   * @param sequence the record's sequence in the store
   * @param hash the record's hash
   */
  record Kept(long sequence, String hash) {}
}
