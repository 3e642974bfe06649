package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.HrCancellationRecord;
import dev.leaver.workflows.api.HrEvent;

/** Completes at once: the record is the run's start and memo (see {@link HrCancellationRecord}). */
public class HrCancellationRecordImpl implements HrCancellationRecord {
  @Override
  public HrEvent record(HrEvent cancellation) {
    return cancellation;
  }
}
