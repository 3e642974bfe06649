package dev.leaver.worker.report;

import dev.leaver.workflows.api.StepStatus;

/** Who acted on a step, as far as the evidence says. */
final class Operators {
  private Operators() {}

  /**
   * The operator who skipped, retried or unparked the step. Null until the step status carries one
   * (issue 10 item 3, "who acted"): the report's operator column is empty meanwhile, and the
   * reason, which the run has always kept, is shown.
   */
  static String of(StepStatus step) {
    return null;
  }
}
