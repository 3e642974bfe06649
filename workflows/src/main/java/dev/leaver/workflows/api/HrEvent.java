package dev.leaver.workflows.api;

import java.time.Instant;

/**
 * The HR event behind a change the intake makes to a run ({@link
 * OffboardingWorkflow#rescheduleForHr}, {@link OffboardingWorkflow#rescindForHr}), kept by the run
 * so that a later termination can be told from one recorded before the run was rescinded, even
 * after the run has closed.
 *
 * @param source where the event came from, e.g. {@code gusto}
 * @param eventId the HRIS event id
 * @param eventAt when the HRIS recorded it (the HRIS's clock, never the server's); may be null
 */
public record HrEvent(String source, String eventId, Instant eventAt) {
  /** Memo: the HR time (ISO instant) of the last HR event the run applied. */
  public static final String LAST_AT_MEMO = "lastHrEventAt";

  /** Memo: the id of the last HR event the run applied. */
  public static final String LAST_ID_MEMO = "lastHrEventId";

  /** Memo: the HR time (ISO instant) of the HR event that rescinded the run; absent otherwise. */
  public static final String RESCINDED_AT_MEMO = "hrRescindedAt";

  /**
   * What the run did with an HR update.
   *
   * @param applied false when the run ignored it: HR recorded it before the last HR event the run
   *     applied (an out-of-order delivery)
   * @param message what happened, or why it was ignored
   */
  public record Answer(boolean applied, String message) {}
}
