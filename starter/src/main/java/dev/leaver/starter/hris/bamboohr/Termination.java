package dev.leaver.starter.hris.bamboohr;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * What BambooHR says about an employee's termination.
 *
 * @param terminated terminated, or a termination entered for a future date
 * @param lastDay the termination date, or null
 * @param involuntary the termination type is Involuntary
 */
record Termination(boolean terminated, LocalDate lastDay, boolean involuntary) {
  /** BambooHR's default employment status for a termination. */
  static final String TERMINATED = "Terminated";

  private static final Termination ACTIVE = new Termination(false, null, false);

  /**
   * From the {@code employmentStatus} table: the latest row by date decides, and on one date the
   * row entered later (the higher id) wins. Null when there are no dated rows.
   */
  static Termination fromTable(JsonNode rows) {
    JsonNode latest = null;
    LocalDate latestDate = null;
    for (JsonNode row : rows) {
      LocalDate date = date(BambooHrClient.text(row, "date"));
      if (date != null
          && (latest == null
              || date.isAfter(latestDate)
              || (date.equals(latestDate) && id(row) > id(latest)))) {
        latest = row;
        latestDate = date;
      }
    }
    if (latest == null) {
      return null;
    }
    if (!TERMINATED.equalsIgnoreCase(BambooHrClient.text(latest, "employmentStatus"))) {
      return ACTIVE;
    }
    String type = BambooHrClient.text(latest, "terminationTypeId");
    return new Termination(true, latestDate, "Involuntary".equalsIgnoreCase(type));
  }

  /**
   * From the employee's fields, when the table cannot be read: Inactive with a termination date, or
   * a termination date today or later (entered ahead; the employee stays Active until then). An
   * Active employee with a past termination date was rehired.
   */
  static Termination fromFields(JsonNode employee, LocalDate today) {
    LocalDate date = date(BambooHrClient.text(employee, "terminationDate"));
    boolean inactive = "Inactive".equalsIgnoreCase(BambooHrClient.text(employee, "status"));
    if (date == null || (!inactive && date.isBefore(today))) {
      return ACTIVE;
    }
    return new Termination(true, date, false);
  }

  /** BambooHR renders an empty date as {@code 0000-00-00} in places; that is no date. */
  static LocalDate date(String s) {
    if (s == null || s.startsWith("0000")) {
      return null;
    }
    try {
      return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static long id(JsonNode row) {
    try {
      return Long.parseLong(BambooHrClient.text(row, "id"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
