package dev.leaver.workflows.api;

/** One workflow per leaver: the id is derived from the employee id only, never from PII. */
public final class WorkflowIds {
  public static final String PREFIX = "offboarding-";
  public static final String DRY_RUN_PREFIX = "dryrun-offboarding-";

  private WorkflowIds() {}

  public static String forEmployee(String employeeId) {
    return PREFIX + employeeId;
  }

  /**
   * A dry run's own id: a preview must never occupy (or be mistaken for) the real offboarding's id,
   * and previews may be repeated.
   *
   * @param suffix makes repeated previews distinct, e.g. the request time in milliseconds
   */
  public static String forDryRun(String employeeId, String suffix) {
    return DRY_RUN_PREFIX + employeeId + "-" + suffix;
  }

  /** The workflow id a request runs under. */
  public static String forRequest(OffboardingRequest request) {
    return request.dryRun()
        ? forDryRun(request.employeeId(), Long.toString(request.hrEventAt().toEpochMilli()))
        : forEmployee(request.employeeId());
  }
}
