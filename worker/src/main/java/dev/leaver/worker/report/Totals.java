package dev.leaver.worker.report;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report's totals.
 *
 * @param runs rows in the report
 * @param byOutcome rows per outcome (every outcome listed, zeros included)
 * @param slaMet runs whose kill switch finished within the maximum
 * @param slaBreached runs whose kill switch took longer (or, open, has taken longer so far)
 * @param slaPending open runs whose kill switch has not finished, within the maximum so far
 * @param slaNotApplicable runs without a kill switch (dry runs, rescinded before it)
 * @param exceptions exception entries (skipped, parked, failed steps) over all runs
 * @param runsWithExceptions runs with at least one
 * @param latencyP50 median HR-event-to-kill-switch latency (nearest rank); null without any
 * @param latencyP95 95th percentile (nearest rank)
 * @param latencyMax the longest
 */
public record Totals(
    int runs,
    Map<Outcome, Integer> byOutcome,
    int slaMet,
    int slaBreached,
    int slaPending,
    int slaNotApplicable,
    int exceptions,
    int runsWithExceptions,
    Duration latencyP50,
    Duration latencyP95,
    Duration latencyMax) {

  public Totals {
    byOutcome = Map.copyOf(byOutcome);
  }

  /** The totals of these rows. */
  public static Totals of(List<ReportRow> rows) {
    Map<Outcome, Integer> byOutcome = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      byOutcome.put(o, (int) rows.stream().filter(r -> r.outcome() == o).count());
    }
    List<Duration> latencies =
        rows.stream().map(ReportRow::latency).filter(Objects::nonNull).sorted().toList();
    return new Totals(
        rows.size(),
        byOutcome,
        count(rows, Sla.MET),
        count(rows, Sla.BREACHED),
        count(rows, Sla.PENDING),
        count(rows, Sla.NOT_APPLICABLE),
        rows.stream().mapToInt(r -> r.exceptions().size()).sum(),
        (int) rows.stream().filter(r -> !r.exceptions().isEmpty()).count(),
        percentile(latencies, 50),
        percentile(latencies, 95),
        latencies.isEmpty() ? null : latencies.get(latencies.size() - 1));
  }

  /** Nearest rank: the smallest value with at least p% of the values at or below it. */
  static Duration percentile(List<Duration> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  private static int count(List<ReportRow> rows, Sla sla) {
    return (int) rows.stream().filter(r -> r.sla() == sla).count();
  }
}
