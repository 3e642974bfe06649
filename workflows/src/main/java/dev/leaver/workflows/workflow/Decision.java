package dev.leaver.workflows.workflow;

/** An operator's answer to a parked step: run it again, or skip it with a reason. */
record Decision(boolean skip, String reason) {
  static Decision retry() {
    return new Decision(false, null);
  }

  static Decision skip(String reason) {
    return new Decision(true, reason);
  }
}
