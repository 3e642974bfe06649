package dev.leaver.worker.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the human-readable formats (HTML, PDF) print the report's values. */
final class ReportText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private ReportText() {}

  static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }

  /** Seconds below a minute (to the millisecond), then minutes, hours and days. */
  static String latency(Duration d) {
    if (d == null) {
      return "";
    }
    if (d.compareTo(Duration.ofMinutes(1)) < 0) {
      return String.format(Locale.ROOT, "%.3f s", d.toMillis() / 1000.0);
    }
    if (d.compareTo(Duration.ofHours(1)) < 0) {
      return String.format(Locale.ROOT, "%d min %d s", d.toMinutes(), d.toSecondsPart());
    }
    if (d.compareTo(Duration.ofDays(1)) < 0) {
      return String.format(Locale.ROOT, "%d h %d min", d.toHours(), d.toMinutesPart());
    }
    return String.format(Locale.ROOT, "%d d %d h", d.toDays(), d.toHoursPart());
  }

  /** {@code 60 min}, {@code 4 h}: the SLA as the policy states it. */
  static String maximum(Duration d) {
    return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
  }

  static String exception(ReportException e) {
    return e.stepId()
        + " "
        + e.state()
        + ": "
        + e.reason()
        + (e.operator() == null ? "" : " (by " + e.operator() + ")")
        + (e.at() == null ? "" : " at " + time(e.at()));
  }

  static String handover(ReportRow r) {
    if (r.handoverStart() == null) {
      return "";
    }
    return time(r.handoverStart())
        + " → "
        + (r.handoverEnd() == null
            ? "?"
            : time(r.handoverEnd()) + (r.handoverEnded() ? "" : " (due)"));
  }

  static String killSwitch(ReportRow r) {
    return r.killSwitch().stream()
        .map(k -> k.system() + " " + k.text(ReportText::time))
        .collect(Collectors.joining("\n"));
  }
}
