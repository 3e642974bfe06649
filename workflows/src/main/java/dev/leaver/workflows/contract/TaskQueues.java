package dev.leaver.workflows.contract;

/**
 * Task queue names. Each target system has two queues so a kill switch never waits behind clean-up
 * work, and each queue is rate limited to that system's API budget.
 */
public final class TaskQueues {
  /** The workflow itself and planning. */
  public static final String CONTROL = "leaver-control";

  /**
   * Activities that poll an HRIS without webhooks (Workday): only the workers holding the HRIS
   * credentials serve it.
   */
  public static final String HRIS_POLL = "leaver-hris-poll";

  private TaskQueues() {}

  /** Resolution and kill-switch actions of one system. */
  public static String killSwitch(String system) {
    return "leaver-" + system + "-killswitch";
  }

  /**
   * Reads on the kill switch's path (Resolve, the kill-switch steps' before-images): their own
   * queue and rate, since APIs budget reads apart from writes (Graph does), so a burst's reads do
   * not spend the kill switch's write budget.
   */
  public static String reads(String system) {
    return "leaver-" + system + "-reads";
  }

  /** Clean-up, handover, verification, undo and preview of one system. */
  public static String cleanup(String system) {
    return "leaver-" + system + "-cleanup";
  }
}
