package dev.leaver.starter.csv;

import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationSink;
import dev.leaver.starter.hris.TerminationSink.Unavailable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Feeds a validated batch to the {@link TerminationSink}, one event at a time and in file order,
 * and reports what each one did.
 *
 * <p>When the sink is {@link Unavailable} the import stops there rather than skipping ahead: the
 * events after it would most likely fail too, and a report with gaps in the middle is harder to act
 * on than "the first n went in". Re-running the same file is safe, because the sink answers {@code
 * Duplicate} for every employee whose run already exists.
 *
 * <pre>{@code
 * if (new TerminationBatch(ZoneId.of("UTC"), Clock.systemUTC()).read(file)
 *     instanceof Reading.Valid valid) {
 *   System.out.print(new BatchImport(sink).run(valid.events()).text());
 * }
 * }</pre>
 */
public final class BatchImport {
  private final TerminationSink sink;

  public BatchImport(TerminationSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink == null");
  }

  /**
   * Accepts each event in turn.
   *
   * @param events a {@link Reading.Valid}'s events
   * @return one row per accepted event, and a {@link ImportReport.Stop} when the sink became
   *     unavailable; a runtime exception from the sink is a bug there and is not caught
   */
  public ImportReport run(List<TerminationEvent> events) {
    List<ImportReport.Row> rows = new ArrayList<>();
    for (TerminationEvent event : events) {
      try {
        rows.add(new ImportReport.Row(event.employeeId(), sink.accept(event)));
      } catch (Unavailable e) {
        return new ImportReport(events.size(), rows, stop(event, rows.size(), events.size()));
      }
    }
    return new ImportReport(events.size(), rows, null);
  }

  private static ImportReport.Stop stop(TerminationEvent at, int accepted, int total) {
    return new ImportReport.Stop(
        at.employeeId(),
        "Stopped: Temporal is unreachable. "
            + accepted
            + " of "
            + total
            + " events were accepted; event "
            + (accepted + 1)
            + " (employee "
            + at.employeeId()
            + ") and the "
            + (total - accepted - 1)
            + " after it were not. Re-running the same file is safe: the events already accepted"
            + " come back as duplicates.");
  }
}
