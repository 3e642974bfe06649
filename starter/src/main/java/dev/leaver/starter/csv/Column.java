package dev.leaver.starter.csv;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The columns a batch file may have, by the name HR writes in the header (any case). */
enum Column {
  EMPLOYEE_ID("employeeId"),
  UPN("upn"),
  EMAIL("email"),
  MANAGER("manager"),
  EFFECTIVE_DATE("effectiveDate"),
  EFFECTIVE_AT("effectiveAt"),
  TIME_ZONE("timeZone"),
  INVOLUNTARY("involuntary"),
  POPULATION("population"),
  LEGAL_HOLD("legalHold"),
  EVENT_ID("eventId");

  private final String header;

  Column(String header) {
    this.header = header;
  }

  /** The name as documented, used in every problem message. */
  String header() {
    return header;
  }

  static Optional<Column> named(String name) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(c -> c.header.toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }

  static String allNames() {
    return Arrays.stream(values()).map(Column::header).collect(Collectors.joining(", "));
  }
}
