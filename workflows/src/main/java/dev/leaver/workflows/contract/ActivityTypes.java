package dev.leaver.workflows.contract;

/**
 * Activity type names, so the history reads like the audit trail: {@code entra.DisableAccount},
 * {@code entra.DisableAccount.Snapshot}, {@code entra.DisableAccount.Undo}, {@code slack.Resolve}.
 */
public final class ActivityTypes {
  public static final String UNDO = ".Undo";
  public static final String VERIFY = ".Verify";
  public static final String PREVIEW = ".Preview";

  /** Reads the before-image once per step, before the first apply attempt. */
  public static final String SNAPSHOT = ".Snapshot";

  public static final String RESOLVE = "Resolve";

  /**
   * The failure type a worker gives an activity type it does not serve (during a rolling upgrade, a
   * worker older than the workflow code): the workflow can tell it from a connector's failure.
   */
  public static final String UNKNOWN_ACTION = "UnknownAction";

  /**
   * Resolves, then reads the before-images of the kill-switch steps asked for: for a run whose kill
   * switch opens at once.
   */
  public static final String RESOLVE_AND_SNAPSHOT = "ResolveAndSnapshot";

  private ActivityTypes() {}

  public static String apply(String system, String action) {
    return system + "." + action;
  }

  public static String resolve(String system) {
    return system + "." + RESOLVE;
  }

  public static String resolveAndSnapshot(String system) {
    return system + "." + RESOLVE_AND_SNAPSHOT;
  }
}
