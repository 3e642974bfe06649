package dev.leaver.worker.report;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The runs a report covers: those whose effective time (when access had to end) falls in {@code
 * [from, to)}. A date given for {@code --to} means the whole of that day (UTC), so {@code --from
 * 2026-11-01 --to 2026-11-30} is November.
 *
 * @param from first instant included
 * @param to first instant no longer included
 */
public record ReportWindow(Instant from, Instant to) {
  public ReportWindow {
    if (from == null || to == null) {
      throw new IllegalArgumentException("a report needs --from and --to");
    }
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("--from must come before --to");
    }
  }

  /**
   * Reads the flags: a date ({@code 2026-11-30}, UTC days) or an instant with an offset ({@code
   * 2026-11-30T17:00:00Z}).
   */
  public static ReportWindow parse(String from, String to) {
    return new ReportWindow(instant(from, false), instant(to, true));
  }

  /** Whether the window holds this instant. */
  public boolean contains(Instant t) {
    return t != null && !t.isBefore(from) && t.isBefore(to);
  }

  private static Instant instant(String text, boolean endOfDay) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notAnInstant) {
      try {
        LocalDate day = LocalDate.parse(text);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeException notADate) {
        throw new IllegalArgumentException(
            "not a date: " + text + " (give e.g. 2026-11-30 or 2026-11-30T17:00:00Z)");
      }
    }
  }
}
