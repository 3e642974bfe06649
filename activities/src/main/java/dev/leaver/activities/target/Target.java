package dev.leaver.activities.target;

import dev.leaver.workflows.contract.Leaver;
import java.util.Map;
import java.util.Objects;

/**
 * The account an action works on.
 *
 * @param leaver the person
 * @param accountId the system's id for the account, from resolution
 * @param requestId the workflow's request id, shared by an action and its undo
 * @param facts what the run knows beyond the person: {@code effectiveAt}, {@code hrEventId}, and
 *     how the steps this one is ordered after ended ({@code ad.DisableAccount} → {@code "DONE at
 *     2026-11-30T09:00:01Z"}); see {@code ActionInput#facts}
 */
public record Target(Leaver leaver, String accountId, String requestId, Map<String, String> facts) {
  public Target {
    Objects.requireNonNull(leaver, "leaver == null");
    Objects.requireNonNull(accountId, "accountId == null");
    facts = facts == null ? Map.of() : Map.copyOf(facts);
  }

  public Target(Leaver leaver, String accountId, String requestId) {
    this(leaver, accountId, requestId, Map.of());
  }
}
