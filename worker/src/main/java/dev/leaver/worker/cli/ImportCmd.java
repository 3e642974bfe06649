package dev.leaver.worker.cli;

import dev.leaver.starter.MassTerminationBrake;
import dev.leaver.starter.TerminationIntake;
import dev.leaver.starter.csv.BatchImport;
import dev.leaver.starter.csv.ImportReport;
import dev.leaver.starter.csv.Reading;
import dev.leaver.starter.csv.RowProblem;
import dev.leaver.starter.csv.TerminationBatch;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationSink.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leaver import layoff.csv [--dry-run]}: a mass layoff from a CSV file. */
@Command(
    name = "import",
    description = "Start offboardings from a CSV file; every row is checked before any starts.")
final class ImportCmd implements Callable<Integer> {
  @Mixin LeaverCli.Connection connection;

  @Parameters(
      paramLabel = "FILE",
      description =
          "CSV: employeeId, upn, manager, effectiveDate|effectiveAt, timeZone, involuntary, eventId")
  Path file;

  @Option(
      names = "--dry-run",
      description = "check the file and show what each row would do; start nothing")
  boolean dryRun;

  @Option(names = "--zone", defaultValue = "UTC", description = "time zone for rows without one")
  String zone;

  @Option(
      names = "--brake-threshold",
      defaultValue = "25",
      description = "more terminations than this within the window start held")
  int brakeThreshold;

  @Option(
      names = "--brake-window",
      defaultValue = "PT1H",
      description = "the brake's window (ISO-8601)")
  Duration brakeWindow;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    Reading reading = new TerminationBatch(ZoneId.of(zone), clock).read(file);
    if (reading instanceof Reading.Invalid invalid) {
      System.err.println(
          file + ": " + invalid.problems().size() + " problem(s); nothing was started");
      for (RowProblem p : invalid.problems()) {
        System.err.println("  " + p);
      }
      return 2;
    }
    var events = ((Reading.Valid) reading).events();
    var client = connection.client();
    var brake =
        new MassTerminationBrake(
            brakeThreshold, brakeWindow, clock, MassTerminationBrake.visibility(client));
    try (TerminationIntake intake =
        new TerminationIntake(client, brake, clock, Duration.ofSeconds(10))) {
      if (dryRun) {
        System.out.println(
            file + ": " + events.size() + " row(s) valid; dry run, nothing started:");
        int wouldStart = 0;
        for (TerminationEvent e : events) {
          Outcome o = intake.preview(e);
          wouldStart += o instanceof Outcome.Started || o instanceof Outcome.Held ? 1 : 0;
          System.out.println(
              "  "
                  + e.employeeId()
                  + ": would be "
                  + describe(o)
                  + " (access ends "
                  + TerminationIntake.requestFor(e, clock).effectiveAt()
                  + ")");
        }
        if (wouldStart > brakeThreshold) {
          System.out.println(
              "  the mass-termination brake would hold the starts beyond "
                  + brakeThreshold
                  + " for an operator's `leaver release`");
        }
        return 0;
      }
      ImportReport report = new BatchImport(intake).run(events);
      System.out.println(report.text());
      return report.complete() ? 0 : 1;
    }
  }

  private static String describe(Outcome o) {
    if (o instanceof Outcome.Started) {
      return "started";
    }
    if (o instanceof Outcome.Held) {
      return "started held (brake)";
    }
    if (o instanceof Outcome.Duplicate) {
      return "a duplicate of " + o.workflowId() + " (nothing new)";
    }
    if (o instanceof Outcome.Rescheduled) {
      return "rescheduled: " + o.workflowId() + " waits for a different date";
    }
    if (o instanceof Outcome.Ignored i) {
      return "ignored: " + i.reason();
    }
    return o.label();
  }
}
