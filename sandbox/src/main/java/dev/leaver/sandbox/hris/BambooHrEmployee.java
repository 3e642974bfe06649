package dev.leaver.sandbox.hris;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One employee of the BambooHR emulator.
 *
 * @param id BambooHR's immutable employee id (numeric, as a string)
 * @param firstName first name
 * @param lastName last name
 * @param workEmail work e-mail, or null
 * @param supervisorEId the {@code id} of the employee's supervisor, or null
 * @param location the location name (BambooHR's {@code location} list value), or null
 * @param employmentStatus the rows of the {@code employmentStatus} table, in the order entered
 */
public record BambooHrEmployee(
    String id,
    String firstName,
    String lastName,
    String workEmail,
    String supervisorEId,
    String location,
    List<StatusRow> employmentStatus) {

  /** BambooHR's default employment status for a termination (account-configurable in BambooHR). */
  public static final String TERMINATED = "Terminated";

  /**
   * One row of the {@code employmentStatus} table.
   *
   * @param id the row id
   * @param date the date the status takes effect; for a termination, the termination date
   * @param employmentStatus e.g. {@code Full-Time}, {@code Terminated}
   * @param terminationTypeId e.g. {@code Voluntary}, {@code Involuntary}; null unless terminated
   * @param terminationReasonId e.g. {@code Resignation}; null unless terminated
   */
  public record StatusRow(
      String id,
      LocalDate date,
      String employmentStatus,
      String terminationTypeId,
      String terminationReasonId) {
    public StatusRow {
      Objects.requireNonNull(date, "date == null");
      Objects.requireNonNull(employmentStatus, "employmentStatus == null");
    }

    public boolean terminated() {
      return TERMINATED.equalsIgnoreCase(employmentStatus);
    }
  }

  public BambooHrEmployee {
    Objects.requireNonNull(id, "id == null");
    employmentStatus = List.copyOf(employmentStatus);
  }

  /** The last row by date (then by entry order), future-dated rows included; null if none. */
  public StatusRow latest() {
    return current(LocalDate.MAX);
  }

  /** The row in effect on {@code day} (the latest dated on or before it), or null. */
  public StatusRow current(LocalDate day) {
    StatusRow best = null;
    for (StatusRow r : employmentStatus) {
      // >= so that, on the same date, the row entered later wins
      if (!r.date().isAfter(day) && (best == null || !r.date().isBefore(best.date()))) {
        best = r;
      }
    }
    return best;
  }

  /** BambooHR's {@code status}: Inactive once a termination has taken effect. */
  public String status(LocalDate today) {
    StatusRow row = current(today);
    return row != null && row.terminated() ? "Inactive" : "Active";
  }

  BambooHrEmployee withRows(List<StatusRow> rows) {
    return new BambooHrEmployee(id, firstName, lastName, workEmail, supervisorEId, location, rows);
  }
}
