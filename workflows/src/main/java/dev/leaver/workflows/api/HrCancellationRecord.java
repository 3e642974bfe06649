package dev.leaver.workflows.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The durable record of an HR cancellation (or rehire) that arrived while the employee had no open
 * offboarding — typically before its own termination, which got a 503 and is retried later. The
 * intake starts one under {@link #idFor}{@code (employeeId)}, carrying the cancellation in its memo
 * ({@link #EVENT_ID_MEMO}, {@link #EVENT_AT_MEMO}, {@link #SOURCE_MEMO}); a later termination with
 * no open run reads it and starts nothing when HR recorded it before the cancellation. Temporal
 * keeps it, so a restarted starter and every replica see it; it lasts as long as the namespace
 * keeps closed runs (as the closed offboardings the intake compares with).
 *
 * <p>The run does nothing and returns at once: the record is the start and its memo. It is not an
 * offboarding (another type, another id), so the mass-termination brake and run listings never
 * count it.
 */
@WorkflowInterface
public interface HrCancellationRecord {
  String ID_PREFIX = "hr-cancellation-";

  /** Memo: the id of the cancellation's HR event. */
  String EVENT_ID_MEMO = "hrEventId";

  /** Memo: when HR recorded the cancellation (ISO instant, the HRIS's clock). */
  String EVENT_AT_MEMO = "hrEventAt";

  /** Memo: where it came from, e.g. {@code standard}. */
  String SOURCE_MEMO = "source";

  static String idFor(String employeeId) {
    return ID_PREFIX + employeeId;
  }

  /** Returns the cancellation, with nothing else to do. */
  @WorkflowMethod(name = "HrCancellationRecord")
  HrEvent record(HrEvent cancellation);
}
