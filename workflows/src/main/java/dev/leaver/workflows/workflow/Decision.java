package dev.leaver.workflows.workflow;

/** An operator's answer to a parked step: run it again, or skip it with a reason; and who. */
record Decision(boolean skip, String reason, String operator) {
  static Decision retry(String operator) {
    return new Decision(false, null, operator);
  }

  static Decision skip(String reason, String operator) {
    return new Decision(true, reason, operator);
  }
}
