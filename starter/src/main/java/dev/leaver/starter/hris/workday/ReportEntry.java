package dev.leaver.starter.hris.workday;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * One row of Leaver's Workday termination report, read leniently: RaaS renders every value as a
 * string, leaves empty values out, and may write dates with an offset ({@code 2026-11-30-08:00}).
 *
 * @param employeeId {@code Employee_ID}
 * @param workEmail {@code Work_Email}, or null
 * @param managerEmail {@code Manager_Email}, or null
 * @param timeZone {@code Time_Zone} when it is a zone id Java knows, else null
 * @param terminationDate {@code Termination_Date}: the last day of work
 * @param involuntary {@code Involuntary} is "1", or the primary reason is an involuntary one
 * @param rescinded {@code Termination_Rescinded} is "1"
 * @param rehireDate {@code Rehire_Date}, or null
 * @param lastUpdated {@code Last_Updated}, or null when absent or unreadable
 */
record ReportEntry(
    String employeeId,
    String workEmail,
    String managerEmail,
    String timeZone,
    LocalDate terminationDate,
    boolean involuntary,
    boolean rescinded,
    LocalDate rehireDate,
    Instant lastUpdated) {

  /** The row, or null when it lacks an employee id or a readable termination date. */
  static ReportEntry parse(JsonNode row) {
    String id = text(row, "Employee_ID");
    LocalDate terminationDate = date(text(row, "Termination_Date"));
    if (id == null || terminationDate == null) {
      return null;
    }
    String reason = text(row, "Primary_Termination_Reason");
    boolean involuntary =
        "1".equals(text(row, "Involuntary"))
            || (reason != null && reason.toLowerCase(Locale.ROOT).contains("involuntary"));
    return new ReportEntry(
        id,
        text(row, "Work_Email"),
        text(row, "Manager_Email"),
        zone(text(row, "Time_Zone")),
        terminationDate,
        involuntary,
        "1".equals(text(row, "Termination_Rescinded")),
        date(text(row, "Rehire_Date")),
        instant(text(row, "Last_Updated")));
  }

  /**
   * The event this row stands for. A rehire wins over a rescission, which wins over the
   * termination. Event ids are stable across polls, and a changed termination date makes a new one:
   * {@code E1001:2026-11-30}, {@code E1001:2026-11-30:rescinded}, {@code
   * E1001:2026-11-30:rehired:2027-01-04}. For a rescission or rehire, {@code effectiveDate} is the
   * termination that is undone.
   */
  TerminationEvent toEvent() {
    Kind kind;
    String eventId = employeeId + ":" + terminationDate;
    if (rehireDate != null) {
      kind = Kind.REHIRE;
      eventId += ":rehired:" + rehireDate;
    } else if (rescinded) {
      kind = Kind.CANCELLATION;
      eventId += ":rescinded";
    } else {
      kind = Kind.TERMINATION;
    }
    return new TerminationEvent(
        kind,
        WorkdayReportClient.SOURCE,
        eventId,
        lastUpdated,
        employeeId,
        workEmail,
        managerEmail,
        terminationDate,
        null,
        timeZone,
        involuntary);
  }

  private static LocalDate date(String s) {
    if (s == null || s.length() < 10) {
      return null;
    }
    try {
      return LocalDate.parse(s.substring(0, 10)); // drops an offset such as -08:00
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Instant instant(String s) {
    try {
      return s == null ? null : OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static String zone(String s) {
    try {
      return s == null ? null : ZoneId.of(s).getId();
    } catch (DateTimeException e) {
      return null; // e.g. a display name; the starter then uses the company's zone
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
  }
}
