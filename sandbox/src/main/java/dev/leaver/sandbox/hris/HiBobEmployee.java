package dev.leaver.sandbox.hris;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One employee of the HiBob emulator.
 *
 * @param id Bob's employee id ({@code root.id}), the id in webhook payloads
 * @param displayName the name, for the admin view only
 * @param email the work e-mail ({@code root.email}, the address the employee signs in to Bob with)
 * @param managerId the manager's employee id ({@code work.manager}), or null
 * @param terminationDate the last day of work ({@code internal.terminationDate}), or null
 * @param site the site's name ({@code work.site}), or null
 */
public record HiBobEmployee(
    String id,
    String displayName,
    String email,
    String managerId,
    LocalDate terminationDate,
    String site) {

  public HiBobEmployee {
    Objects.requireNonNull(id, "id == null");
  }

  /**
   * Bob's {@code internal.lifecycleStatus}: {@code terminated} once the last day has passed, else
   * {@code employed} (a termination scheduled ahead keeps the employee employed until then).
   */
  public String lifecycleStatus(LocalDate today) {
    return terminationDate != null && terminationDate.isBefore(today) ? "terminated" : "employed";
  }

  /** Bob's {@code internal.status}: {@code Inactive} once terminated. */
  public String status(LocalDate today) {
    return lifecycleStatus(today).equals("terminated") ? "Inactive" : "Active";
  }

  HiBobEmployee withTerminationDate(LocalDate date) {
    return new HiBobEmployee(id, displayName, email, managerId, date, site);
  }
}
