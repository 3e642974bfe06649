package dev.leaver.worker.report;

/** Whether a run's kill switch finished within the policy's maximum. */
public enum Sla {
  MET("met"),
  BREACHED("breached"),
  /**
   * A run still open whose kill switch has not finished, read live from Temporal ({@code
   * --open-runs}), while the maximum has not passed yet.
   */
  PENDING("pending"),
  /** No kill switch ran: a dry run, a run rescinded before it, no account found anywhere. */
  NOT_APPLICABLE("n/a");

  private final String label;

  Sla(String label) {
    this.label = label;
  }

  /** The words the report prints. */
  public String label() {
    return label;
  }
}
