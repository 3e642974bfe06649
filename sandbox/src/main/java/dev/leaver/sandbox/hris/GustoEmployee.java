package dev.leaver.sandbox.hris;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One employee of the Gusto emulator.
 *
 * @param uuid Gusto's employee UUID, the id in API paths and webhook payloads
 * @param firstName first name
 * @param lastName last name
 * @param email the personal e-mail ({@code email} in Gusto), or null
 * @param workEmail the work e-mail ({@code work_email}), or null
 * @param managerUuid the manager's employee UUID ({@code manager_uuid}), or null
 * @param terminations the termination records, oldest first
 * @param rehired whether the employee was rehired after the last termination
 */
public record GustoEmployee(
    String uuid,
    String firstName,
    String lastName,
    String email,
    String workEmail,
    String managerUuid,
    List<Termination> terminations,
    boolean rehired) {

  /**
   * A Gusto termination.
   *
   * @param uuid the termination's UUID
   * @param effectiveDate the employee's last day of work
   * @param runTerminationPayroll whether final wages go out in an off-cycle payroll
   */
  public record Termination(String uuid, LocalDate effectiveDate, boolean runTerminationPayroll) {
    public Termination {
      Objects.requireNonNull(uuid, "uuid == null");
      Objects.requireNonNull(effectiveDate, "effectiveDate == null");
    }

    /** Gusto's {@code active}: the termination has gone into effect (assumed: on its date). */
    public boolean active(LocalDate today) {
      return !effectiveDate.isAfter(today);
    }

    /** Gusto's {@code cancelable}, as documented: no termination payroll and a future date. */
    public boolean cancelable(LocalDate today) {
      return !runTerminationPayroll && effectiveDate.isAfter(today);
    }
  }

  public GustoEmployee {
    Objects.requireNonNull(uuid, "uuid == null");
    terminations = List.copyOf(terminations);
  }

  /** The latest termination, or null. */
  public Termination latestTermination() {
    return terminations.isEmpty() ? null : terminations.get(terminations.size() - 1);
  }

  /** Gusto's {@code terminated}: a termination in effect and no rehire since. */
  public boolean terminated(LocalDate today) {
    Termination t = latestTermination();
    return !rehired && t != null && t.active(today);
  }

  GustoEmployee with(List<Termination> newTerminations, boolean newRehired) {
    return new GustoEmployee(
        uuid, firstName, lastName, email, workEmail, managerUuid, newTerminations, newRehired);
  }
}
