package dev.leaver.activities.evidence;

import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.contract.EvidenceActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import java.time.Instant;

/** See {@link EvidenceActivities}: appends to one {@link EvidenceStore}. */
public final class EvidenceActivitiesImpl implements EvidenceActivities {
  private final EvidenceStore store;

  public EvidenceActivitiesImpl(EvidenceStore store) {
    this.store = store;
  }

  @Override
  public Kept keep(
      EvidenceRecord.Milestone milestone, Instant recordedAt, OffboardingStatus status) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    EvidenceRecord record =
        store.append(info.getWorkflowId(), info.getWorkflowRunId(), milestone, recordedAt, status);
    return new Kept(record.sequence(), record.hash());
  }
}
