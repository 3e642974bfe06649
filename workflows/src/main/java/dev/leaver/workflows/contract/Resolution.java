package dev.leaver.workflows.contract;

import java.util.List;

/**
 * Whether a leaver has an account in one system, and how it was matched.
 *
 * @param system the target system id, e.g. {@code entra}
 * @param found true when exactly one account was found
 * @param accountId the system's id for the account, null when not found
 * @param detail a short human-readable note (never a secret)
 * @param matchedOn the keys tried, most stable first, and the one that matched, e.g. {@code
 *     employeeId} or {@code employeeId, then upn}; for the evidence
 * @param candidates when more than one account matched: their ids; none of them is touched
 */
public record Resolution(
    String system,
    boolean found,
    String accountId,
    String detail,
    String matchedOn,
    List<String> candidates) {
  public Resolution {
    candidates = candidates == null ? List.of() : List.copyOf(candidates);
  }

  public Resolution(String system, boolean found, String accountId, String detail) {
    this(system, found, accountId, detail, null, List.of());
  }

  public static Resolution found(String system, String accountId, String detail) {
    return new Resolution(system, true, accountId, detail);
  }

  public static Resolution found(String system, String accountId, String matchedOn, String detail) {
    return new Resolution(system, true, accountId, detail, matchedOn, List.of());
  }

  public static Resolution notFound(String system, String detail) {
    return new Resolution(system, false, null, detail);
  }

  public static Resolution notFound(String system, String triedKeys, String detail) {
    return new Resolution(system, false, null, detail, triedKeys, List.of());
  }

  /** More than one account matched: the run parks rather than guess. */
  public static Resolution ambiguous(
      String system, String matchedOn, List<String> candidates, String detail) {
    return new Resolution(system, false, null, detail, matchedOn, candidates);
  }

  public boolean ambiguous() {
    return !found && candidates.size() > 1;
  }
}
