package dev.leaver.workflows.api;

/** One workflow per leaver: the id is derived from the employee id only, never from PII. */
public final class WorkflowIds {
  public static final String PREFIX = "offboarding-";

  private WorkflowIds() {}

  public static String forEmployee(String employeeId) {
    return PREFIX + employeeId;
  }
}
