package dev.leaver.activities.target;

import dev.leaver.workflows.contract.Leaver;
import java.util.Objects;

/**
 * The account an action works on.
 *
 * @param leaver the person
 * @param accountId the system's id for the account, from resolution
 * @param requestId the workflow's request id, shared by an action and its undo
 */
public record Target(Leaver leaver, String accountId, String requestId) {
  public Target {
    Objects.requireNonNull(leaver, "leaver == null");
    Objects.requireNonNull(accountId, "accountId == null");
  }
}
