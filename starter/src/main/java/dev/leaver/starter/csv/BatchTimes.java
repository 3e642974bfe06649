package dev.leaver.starter.csv;

import dev.leaver.starter.hris.TerminationEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The project's reading of an effective date, as in {@code TerminationEventFile}. */
final class BatchTimes {
  private BatchTimes() {}

  /** The date is the last day worked: access ends at the start of the next day in the zone. */
  static Instant accessEnds(LocalDate lastDayWorked, ZoneId zone) {
    return lastDayWorked.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /** When the leaver's access ends, whether the row gave a date or an instant. */
  static Instant accessEnds(TerminationEvent e) {
    return e.effectiveAt() != null
        ? e.effectiveAt()
        : accessEnds(e.effectiveDate(), ZoneId.of(e.timeZone()));
  }
}
