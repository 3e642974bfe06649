package dev.leaver.starter.webhook;

import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What an employee record read from the vendor's API means, for payloads that carry only ids
 * (BambooHR, Gusto, and HiBob when it has a lookup).
 */
final class EmployeeDecisions {
  private EmployeeDecisions() {}

  /**
   * Reads a record after a notification.
   *
   * <ul>
   *   <li>no such employee: nothing to do;
   *   <li>neither terminated nor carrying a termination date: with {@code rehireWhenDatePassed}
   *       (BambooHR) a possible cancellation, else nothing to do;
   *   <li>terminated with a date, or active with a date still to come (a termination scheduled
   *       ahead, which BambooHR and Gusto show as active until then): a termination;
   *   <li>with {@code rehireWhenDatePassed}, active although the termination date has passed: a
   *       rehire (BambooHR keeps the old date on a rehired employee);
   *   <li>terminated without a date: refused, as there is no safe moment to pick.
   * </ul>
   *
   * @param now our clock, for deciding whether the date has passed in the employee's zone
   */
  static Decision fromRecord(
      Notice notice, EmployeeRecord record, boolean rehireWhenDatePassed, Instant now)
      throws Refusal {
    String vendor = notice.source();
    if (record == null) {
      return new Decision.Skip("employee not found in " + vendor);
    }
    ZoneId zone = zone(record, notice.defaultZone(), vendor);
    LocalDate date = record.terminationDate();
    if (date == null) {
      if (record.terminated()) {
        throw Refusal.unprocessable(vendor + " shows the employee terminated without a date");
      }
      if (rehireWhenDatePassed) {
        // BambooHR says only "this employee changed": an active employee with no termination date
        // may be one whose termination HR just withdrew. The intake rescinds a run if there is
        // one and ignores the event otherwise.
        return new Decision.Emit(event(notice, Kind.CANCELLATION, null, null, zone, false));
      }
      return new Decision.Skip("employee is not terminated in " + vendor);
    }
    if (!record.terminated()
        && rehireWhenDatePassed
        && date.isBefore(LocalDate.ofInstant(now, zone))) {
      return new Decision.Emit(
          event(notice, Kind.REHIRE, record.workEmail(), record.managerEmail(), zone, false));
    }
    if (record.workEmail() == null || record.workEmail().isBlank()) {
      throw Refusal.unprocessable(vendor + " record has no work e-mail");
    }
    return new Decision.Emit(
        new TerminationEvent(
            Kind.TERMINATION,
            vendor,
            notice.eventId(),
            notice.eventAt(),
            notice.employeeId(),
            record.workEmail(),
            record.managerEmail(),
            date,
            null,
            zone.getId(),
            record.involuntary()));
  }

  /** A cancellation or rehire straight from the payload; no record needed. */
  static TerminationEvent withoutRecord(Notice notice, Kind kind) {
    return event(notice, kind, null, null, notice.defaultZone(), false);
  }

  private static TerminationEvent event(
      Notice n, Kind kind, String upn, String managerUpn, ZoneId zone, boolean involuntary) {
    return new TerminationEvent(
        kind,
        n.source(),
        n.eventId(),
        n.eventAt(),
        n.employeeId(),
        upn,
        managerUpn,
        null,
        null,
        zone.getId(),
        involuntary);
  }

  static ZoneId zone(EmployeeRecord record, ZoneId fallback, String vendor) throws Refusal {
    if (record.timeZone() == null || record.timeZone().isBlank()) {
      return fallback;
    }
    try {
      return ZoneId.of(record.timeZone());
    } catch (RuntimeException e) {
      // A guessed zone could end access hours early or late: better refused and seen.
      throw Refusal.unprocessable(vendor + " record has an unknown time zone");
    }
  }

  /**
   * What a notification said before any lookup.
   *
   * @param source the vendor ({@code bamboohr}, {@code gusto}, ...)
   * @param eventId the id for the event
   * @param eventAt when the vendor recorded the event
   * @param employeeId the vendor's employee id
   * @param defaultZone the configured zone, when the record names none
   */
  record Notice(
      String source, String eventId, Instant eventAt, String employeeId, ZoneId defaultZone) {}
}
