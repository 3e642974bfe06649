package dev.leaver.starter.csv;

import dev.leaver.starter.hris.TerminationSink.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an import did, event by event, for the operator who ran it. Names employee ids and workflow
 * ids only, never e-mail addresses.
 *
 * @param total how many events the batch had
 * @param rows what the sink answered for each event it accepted, in batch order
 * @param stop why the import stopped early, or null when every event was accepted
 */
public record ImportReport(int total, List<Row> rows, Stop stop) {

  public ImportReport {
    rows = List.copyOf(rows);
  }

  /** The sink's answer for one employee. */
  public record Row(String employeeId, Outcome outcome) {
    public Row {
      Objects.requireNonNull(employeeId, "employeeId == null");
      Objects.requireNonNull(outcome, "outcome == null");
    }
  }

  /**
   * @param employeeId the employee whose event was not accepted
   * @param message for the operator: how far the import got and what to do
   */
  public record Stop(String employeeId, String message) {}

  /** Every event was accepted (started, held, duplicate, ...). */
  public boolean complete() {
    return stop == null;
  }

  /** The printable report: one line per event, a count per outcome, and why it stopped. */
  public String text() {
    StringBuilder out = new StringBuilder();
    Map<String, Integer> counts = new TreeMap<>();
    for (Row r : rows) {
      String name = r.outcome().label();
      counts.merge(name, 1, Integer::sum);
      out.append(r.employeeId())
          .append('\t')
          .append(r.outcome().workflowId())
          .append('\t')
          .append(name);
      if (r.outcome() instanceof Outcome.Ignored ignored) {
        out.append(" (").append(ignored.reason()).append(')');
      }
      out.append('\n');
    }
    out.append(rows.size()).append(" of ").append(total).append(" accepted");
    counts.forEach((name, n) -> out.append(", ").append(n).append(' ').append(name));
    out.append('\n');
    if (stop != null) {
      out.append(stop.message()).append('\n');
    }
    return out.toString();
  }
}
