package dev.leaver.starter.csv;

import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns one data row into a termination event, or into the problems it has. */
final class RowReader {
  // The workflow id is offboarding-<employeeId>: keep it to characters every system accepts.
  private static final Pattern EMPLOYEE_ID = Pattern.compile("[A-Za-z0-9._-]+");
  private static final int EMPLOYEE_ID_MAX = 64;
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
  private static final int EMAIL_MAX = 254;
  private static final int EVENT_ID_MAX = 200;
  private static final Set<String> YES = Set.of("true", "yes", "1");
  private static final Set<String> NO = Set.of("false", "no", "0");

  private final Header header;
  private final String fileName;
  private final ZoneId defaultZone;
  private final Instant now;

  RowReader(Header header, String fileName, ZoneId defaultZone, Instant now) {
    this.header = header;
    this.fileName = fileName;
    this.defaultZone = defaultZone;
    this.now = now;
  }

  /**
   * Checks every field of the row and adds one problem per bad field, so a row with three mistakes
   * shows all three at once.
   *
   * @return the event, or empty when the row has any problem
   */
  Optional<TerminationEvent> read(int line, List<String> fields, List<RowProblem> problems) {
    if (fields.size() != header.width()) {
      // Fields would be read from the wrong columns: checking them would only mislead.
      problems.add(
          new RowProblem(
              line, "has " + fields.size() + " fields but the header has " + header.width()));
      return Optional.empty();
    }
    List<String> found = new ArrayList<>();
    String employeeId = employeeId(header.value(fields, Column.EMPLOYEE_ID), found);
    String upn = upn(fields, found);
    String manager = email(Column.MANAGER, header.value(fields, Column.MANAGER), found);
    if (manager != null && manager.equalsIgnoreCase(upn)) {
      found.add("manager is the leaver themself; leave it empty or name who takes the handover");
    }
    ZoneId zone = zone(header.value(fields, Column.TIME_ZONE), found);
    String dateText = header.value(fields, Column.EFFECTIVE_DATE);
    String atText = header.value(fields, Column.EFFECTIVE_AT);
    LocalDate date = null;
    Instant at = null;
    if (dateText == null && atText == null) {
      found.add("effectiveDate or effectiveAt is required");
    } else if (dateText != null && atText != null) {
      found.add("give effectiveDate or effectiveAt, not both");
    } else if (dateText != null) {
      date = date(dateText, found);
    } else {
      at = instant(atText, found);
    }
    boolean involuntary = yesNo("involuntary", header.value(fields, Column.INVOLUNTARY), found);
    boolean legalHold = yesNo("legalHold", header.value(fields, Column.LEGAL_HOLD), found);
    String population = header.value(fields, Column.POPULATION);
    if (population != null && !population.matches("[A-Za-z0-9_-]{1,32}")) {
      found.add(
          "population "
              + quoted(population)
              + " is not a policy population name (letters,"
              + " digits, '_' and '-', at most 32)");
    }
    String eventId = header.value(fields, Column.EVENT_ID);
    if (eventId != null && eventId.length() > EVENT_ID_MAX) {
      found.add("eventId is longer than " + EVENT_ID_MAX + " characters");
    }
    if (!found.isEmpty()) {
      found.forEach(reason -> problems.add(new RowProblem(line, reason)));
      return Optional.empty();
    }
    Instant accessEnds = date != null ? TerminationEvent.accessEnds(date, zone) : at;
    return Optional.of(
        new TerminationEvent(
            Kind.TERMINATION,
            TerminationBatch.SOURCE,
            eventId != null ? eventId : defaultEventId(employeeId, accessEnds),
            now,
            employeeId,
            upn,
            manager,
            date,
            at,
            zone.getId(),
            involuntary,
            population,
            legalHold));
  }

  /**
   * The same row of the same file gets the same id on every import, so a re-run is recognised as a
   * redelivery; a corrected date gets a new one, so the correction is not dropped as a repeat. The
   * upn stays out of it: event ids show in the Temporal UI.
   */
  private String defaultEventId(String employeeId, Instant accessEnds) {
    return "csv:" + fileName + ":" + employeeId + ":" + accessEnds;
  }

  private static String employeeId(String v, List<String> found) {
    if (v == null) {
      found.add("employeeId is empty");
      return null;
    }
    if (!EMPLOYEE_ID.matcher(v).matches()) {
      found.add(
          "employeeId "
              + quoted(v)
              + " has characters other than letters, digits, '.', '_' or '-'");
      return null;
    }
    if (v.length() > EMPLOYEE_ID_MAX) {
      found.add("employeeId is longer than " + EMPLOYEE_ID_MAX + " characters");
      return null;
    }
    return v;
  }

  private String upn(List<String> fields, List<String> found) {
    String upn = header.value(fields, Column.UPN);
    String email = header.value(fields, Column.EMAIL);
    if (upn == null && email == null) {
      found.add("upn (or email) is empty");
      return null;
    }
    if (upn != null && email != null && !upn.equalsIgnoreCase(email)) {
      found.add("upn " + quoted(upn) + " and email " + quoted(email) + " differ; give one");
      return null;
    }
    return upn != null ? email(Column.UPN, upn, found) : email(Column.EMAIL, email, found);
  }

  private static String email(Column column, String v, List<String> found) {
    if (v == null) {
      return null;
    }
    if (v.length() > EMAIL_MAX || !EMAIL.matcher(v).matches()) {
      found.add(column.header() + " " + quoted(v) + " is not an e-mail address");
      return null;
    }
    return v;
  }

  private ZoneId zone(String v, List<String> found) {
    if (v == null) {
      return defaultZone;
    }
    // IANA region ids only: an offset like +01:00 ignores daylight saving and would end access an
    // hour early or late for half the year.
    if (!ZoneId.getAvailableZoneIds().contains(v)) {
      found.add("timeZone " + quoted(v) + " is not an IANA time zone (e.g. Europe/London)");
      return defaultZone;
    }
    return ZoneId.of(v);
  }

  private static LocalDate date(String v, List<String> found) {
    try {
      // ISO_LOCAL_DATE resolves strictly: 2026-02-30 is refused rather than moved to March.
      return LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      found.add("effectiveDate " + quoted(v) + " is not a date (YYYY-MM-DD)");
      return null;
    }
  }

  private static Instant instant(String v, List<String> found) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      found.add("effectiveAt " + quoted(v) + " is not an ISO instant (e.g. 2026-12-01T05:00:00Z)");
      return null;
    }
  }

  private static boolean yesNo(String column, String v, List<String> found) {
    if (v == null) {
      return false;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (YES.contains(lower)) {
      return true;
    }
    if (!NO.contains(lower)) {
      found.add(column + " " + quoted(v) + " is not one of true, false, yes, no, 1, 0");
    }
    return false;
  }

  private static String quoted(String v) {
    return "\"" + v + "\"";
  }
}
