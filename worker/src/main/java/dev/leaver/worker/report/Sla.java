package dev.leaver.worker.report;

/** Whether a run's kill switch finished within the policy's maximum. */
public enum Sla {
  MET("met"),
  BREACHED("breached"),
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
