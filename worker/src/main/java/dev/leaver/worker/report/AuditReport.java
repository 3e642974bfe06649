package dev.leaver.worker.report;

import dev.leaver.workflows.api.EvidenceRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The auditor's report: every leaver run whose effective time falls in the window, one row each,
 * and the totals.
 *
 * @param window the runs covered (by effective time)
 * @param generatedAt when the report was made
 * @param maxLatency the policy's kill-switch maximum the SLA column is judged against
 * @param source where the evidence was read (the store's location)
 * @param chain what checking the store's hash chain found, in a sentence
 * @param rows one per run, by effective time then employee id
 * @param totals over the rows
 */
public record AuditReport(
    ReportWindow window,
    Instant generatedAt,
    Duration maxLatency,
    String source,
    String chain,
    List<ReportRow> rows,
    Totals totals) {

  public AuditReport {
    rows = List.copyOf(rows);
  }

  /**
   * The report over the store's records. Per run the latest record counts: the one written when the
   * run closed beats the one written when its kill switch finished; a run with only the latter is
   * still open and is shown as in progress.
   */
  public static AuditReport of(
      List<EvidenceRecord> records,
      ReportWindow window,
      Duration maxLatency,
      Instant generatedAt,
      String source,
      String chain) {
    return of(records, List.of(), window, maxLatency, generatedAt, source, chain);
  }

  /**
   * The report over the store's records and, for runs still open that the store has no record of
   * yet (a kill switch parked for an operator), their live status.
   */
  public static AuditReport of(
      List<EvidenceRecord> records,
      List<OpenRun> open,
      ReportWindow window,
      Duration maxLatency,
      Instant generatedAt,
      String source,
      String chain) {
    Map<String, EvidenceRecord> latest = new LinkedHashMap<>();
    for (EvidenceRecord r : records) {
      latest.merge(r.workflowId() + "/" + r.runId(), r, AuditReport::later);
    }
    java.util.stream.Stream<ReportRow> recorded =
        latest.values().stream()
            .filter(r -> window.contains(r.status().effectiveAt()))
            .map(r -> ReportRow.of(r, maxLatency));
    java.util.stream.Stream<ReportRow> live =
        open.stream()
            .filter(o -> !latest.containsKey(o.workflowId() + "/" + o.runId()))
            .filter(o -> window.contains(o.status().effectiveAt()))
            .map(
                o ->
                    ReportRow.live(o.workflowId(), o.runId(), o.status(), maxLatency, generatedAt));
    List<ReportRow> rows =
        java.util.stream.Stream.concat(recorded, live)
            .sorted(
                Comparator.comparing(ReportRow::effectiveAt)
                    .thenComparing(ReportRow::employeeId)
                    .thenComparing(ReportRow::runId))
            .toList();
    return new AuditReport(window, generatedAt, maxLatency, source, chain, rows, Totals.of(rows));
  }

  private static EvidenceRecord later(EvidenceRecord a, EvidenceRecord b) {
    int byMilestone = a.milestone().compareTo(b.milestone()); // CLOSED after KILL_SWITCH_DONE
    if (byMilestone != 0) {
      return byMilestone > 0 ? a : b;
    }
    return a.sequence() >= b.sequence() ? a : b;
  }

  /**
   * A run still open in Temporal, with its live status.
   *
   * @param workflowId {@code offboarding-<employeeId>}
   * @param runId the run
   * @param status what its status query answered
   */
  public record OpenRun(
      String workflowId, String runId, dev.leaver.workflows.api.OffboardingStatus status) {}

  /** Every system that appears in a row's kill switch, in first-appearance order. */
  public List<String> systems() {
    return rows.stream()
        .flatMap(r -> r.killSwitch().stream())
        .map(SystemKillSwitch::system)
        .distinct()
        .toList();
  }
}
