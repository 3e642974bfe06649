package dev.leaver.workflows.contract;

import java.util.Objects;

/**
 * The person being offboarded, as the connectors need them.
 *
 * @param employeeId the HRIS employee id, the only identifier that may appear in ids and logs
 * @param upn user principal name or work e-mail, used to find the accounts
 * @param managerUpn the manager's UPN or e-mail, who receives the handover; may be null
 */
public record Leaver(String employeeId, String upn, String managerUpn) {
  public Leaver {
    Objects.requireNonNull(employeeId, "employeeId == null");
    Objects.requireNonNull(upn, "upn == null");
  }
}
