package dev.leaver.starter.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationSink.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchImportTest {
  private static final String FILE =
      "employeeId,upn,manager,effectiveDate\n"
          + "E1001,ada.lovelace@contoso.example,grace.hopper@contoso.example,2026-11-30\n"
          + "E0042,grace.hopper@contoso.example,,2026-11-30\n"
          + "E1002,alan.turing@contoso.example,,2026-11-30\n"
          + "E1003,katherine.johnson@contoso.example,,2026-11-30\n";

  private static List<TerminationEvent> events() {
    Reading r =
        new TerminationBatch(
                ZoneId.of("UTC"),
                Clock.fixed(Instant.parse("2026-11-20T09:00:00Z"), ZoneOffset.UTC))
            .read("layoff.csv", FILE.getBytes(StandardCharsets.UTF_8));
    return ((Reading.Valid) r).events();
  }

  @Test
  void everyEventGoesToTheSinkInFileOrderAndEachOutcomeIsReported() {
    ScriptedSink sink =
        new ScriptedSink()
            .answer("E0042", Outcome.Held::new)
            .answer("E1002", Outcome.Duplicate::new)
            .answer("E1003", id -> new Outcome.Ignored(id, "rehired since"));

    ImportReport report = new BatchImport(sink).run(events());

    assertThat(sink.acceptedIds()).containsExactly("E1001", "E0042", "E1002", "E1003");
    assertThat(report.complete()).isTrue();
    assertThat(report.stop()).isNull();
    assertThat(report.rows())
        .extracting(ImportReport.Row::employeeId, r -> r.outcome().getClass().getSimpleName())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("E1001", "Started"),
            org.assertj.core.groups.Tuple.tuple("E0042", "Held"),
            org.assertj.core.groups.Tuple.tuple("E1002", "Duplicate"),
            org.assertj.core.groups.Tuple.tuple("E1003", "Ignored"));
    assertThat(report.text())
        .isEqualTo(
            "E1001\toffboarding-E1001\tstarted\n"
                + "E0042\toffboarding-E0042\theld\n"
                + "E1002\toffboarding-E1002\tduplicate\n"
                + "E1003\toffboarding-E1003\tignored (rehired since)\n"
                + "4 of 4 accepted, 1 duplicate, 1 held, 1 ignored, 1 started\n");
  }

  @Test
  void anUnavailableSinkStopsTheImportAndTheMessageSaysHowManyWentInAndThatARerunIsSafe() {
    ScriptedSink sink = new ScriptedSink().downFromCall(3);

    ImportReport report = new BatchImport(sink).run(events());

    assertThat(sink.calls()).as("nothing is tried after the sink went down").isEqualTo(3);
    assertThat(sink.acceptedIds()).containsExactly("E1001", "E0042");
    assertThat(report.complete()).isFalse();
    assertThat(report.rows())
        .extracting(ImportReport.Row::employeeId)
        .containsExactly("E1001", "E0042");
    assertThat(report.stop().employeeId()).isEqualTo("E1002");
    assertThat(report.stop().message())
        .isEqualTo(
            "Stopped: Temporal is unreachable. 2 of 4 events were accepted; event 3 (employee"
                + " E1002) and the 1 after it were not. Re-running the same file is safe: the"
                + " events already accepted come back as duplicates.");
    assertThat(report.text()).contains("2 of 4 accepted, 2 started\n").endsWith("duplicates.\n");
  }

  @Test
  void theReportNamesNoEmailAddress() {
    ImportReport report = new BatchImport(new ScriptedSink().downFromCall(4)).run(events());

    assertThat(report.text()).doesNotContain("@");
  }

  @Test
  void anEmptyBatchIsACompleteImportOfNothing() {
    ImportReport report = new BatchImport(new ScriptedSink()).run(List.of());

    assertThat(report.complete()).isTrue();
    assertThat(report.text()).isEqualTo("0 of 0 accepted\n");
  }
}
