package dev.leaver.activities.target;

import java.util.Objects;

/**
 * One row of a connector's preflight: whether the credentials it was given hold one permission
 * (Graph application permission, Slack scope) that its actions need. Found with read-only calls.
 *
 * @param permission the vendor's name for it, e.g. {@code User.RevokeSessions.All} or {@code
 *     admin.users:write}
 * @param status what the check found
 * @param detail what was seen, for the operator (never a secret)
 * @param howToGrant what an administrator does to grant it; null when granted
 */
public record PermissionCheck(String permission, Status status, String detail, String howToGrant) {

  /** The outcome of checking one permission. */
  public enum Status {
    /** Held, directly or through a broader permission that implies it. */
    GRANTED,
    /** Not held: the actions that need it will park for an operator with PermissionDenied. */
    MISSING,
    /**
     * The check could not tell, e.g. it may not read the app's grants; the actions may still work.
     */
    UNKNOWN,
    /**
     * The system could not be checked at all: it refused the credentials or could not be reached.
     * Every action would fail, so the worker stops polling the system's queues until a re-check
     * passes.
     */
    BLOCKED
  }

  public PermissionCheck {
    Objects.requireNonNull(permission, "permission == null");
    Objects.requireNonNull(status, "status == null");
    detail = detail == null ? "" : detail;
  }

  public static PermissionCheck granted(String permission, String detail) {
    return new PermissionCheck(permission, Status.GRANTED, detail, null);
  }

  public static PermissionCheck missing(String permission, String detail, String howToGrant) {
    return new PermissionCheck(permission, Status.MISSING, detail, howToGrant);
  }

  public static PermissionCheck unknown(String permission, String detail, String howToGrant) {
    return new PermissionCheck(permission, Status.UNKNOWN, detail, howToGrant);
  }

  public static PermissionCheck blocked(String permission, String detail, String howToGrant) {
    return new PermissionCheck(permission, Status.BLOCKED, detail, howToGrant);
  }
}
