package dev.leaver.worker.report;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The report as CSV for a spreadsheet: one record per run, RFC 4180 (CRLF, fields with commas,
 * quotes or line breaks quoted, quotes doubled), ISO-8601 UTC times to the millisecond, latency in
 * seconds, one {@code kill_switch_<system>_at} column per system in the report. The totals are not
 * rows here (they would break the one-schema table); the other formats carry them, and the command
 * prints them.
 */
final class CsvReport {
  private CsvReport() {}

  static void write(AuditReport report, Appendable out) throws IOException {
    List<String> systems = report.systems();
    List<String> header =
        new ArrayList<>(
            List.of(
                "employee_id",
                "workflow_id",
                "run_id",
                "outcome",
                "rescind_reason",
                "hr_event_at",
                "effective_at"));
    systems.forEach(s -> header.add("kill_switch_" + s + "_at"));
    header.addAll(
        List.of(
            "kill_switch_completed_at",
            "latency_seconds",
            "sla",
            "exceptions",
            "exception_operators",
            "handover_start",
            "handover_end",
            "evidence_record"));
    // Not closed: that would close the caller's stream.
    CSVPrinter csv =
        new CSVPrinter(
            out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
    for (ReportRow r : report.rows()) {
      List<String> cells =
          new ArrayList<>(
              List.of(
                  r.employeeId(),
                  r.workflowId(),
                  r.runId(),
                  r.outcome().label()
                      + (r.outcome() == Outcome.IN_PROGRESS ? " (" + r.phase() + ")" : ""),
                  text(r.rescindReason()),
                  iso(r.hrEventAt()),
                  iso(r.effectiveAt())));
      for (String system : systems) {
        cells.add(
            r.killSwitch().stream()
                .filter(k -> k.system().equals(system))
                .findFirst()
                .map(
                    k ->
                        k.completedAt() != null
                            ? iso(k.completedAt())
                            : k.note() != null ? k.note() : "")
                .orElse(""));
      }
      cells.add(iso(r.killSwitchCompletedAt()));
      cells.add(seconds(r.latency()));
      cells.add(r.sla().label());
      cells.add(
          r.exceptions().stream()
              .map(e -> e.stepId() + " " + e.state() + ": " + e.reason())
              .collect(Collectors.joining("\n")));
      cells.add(
          r.exceptions().stream().map(e -> text(e.operator())).collect(Collectors.joining("\n")));
      cells.add(iso(r.handoverStart()));
      cells.add(
          r.handoverEnd() == null
              ? ""
              : iso(r.handoverEnd()) + (r.handoverEnded() ? "" : " (due)"));
      cells.add(r.evidence());
      csv.printRecord(cells);
    }
    csv.flush();
  }

  static String seconds(Duration d) {
    return d == null ? "" : String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }

  /** ISO-8601 UTC to the millisecond, whatever precision the clock that wrote it had. */
  private static String iso(Instant t) {
    return t == null ? "" : t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
