package dev.leaver.workflows.contract;

/**
 * Whether a leaver has an account in one system.
 *
 * @param system the target system id, e.g. {@code entra}
 * @param found true when an account was found
 * @param accountId the system's id for the account, null when not found
 * @param detail a short human-readable note (never a secret)
 */
public record Resolution(String system, boolean found, String accountId, String detail) {
  public static Resolution found(String system, String accountId, String detail) {
    return new Resolution(system, true, accountId, detail);
  }

  public static Resolution notFound(String system, String detail) {
    return new Resolution(system, false, null, detail);
  }
}
