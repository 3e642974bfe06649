package dev.leaver.worker.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.worker.cli.LeaverCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leaver report} as an auditor runs it, on the evidence store the runs wrote. */
class ReportCmdTest {
  static LeaverRuns runs;
  static String from;
  static String to;

  @TempDir Path tmp;

  @BeforeAll
  static void run() {
    runs = LeaverRuns.shared();
    from = runs.start.minusSeconds(1).toString();
    to = runs.start.plus(Duration.ofDays(10)).toString();
  }

  private record Run(int exit, String out, String err) {}

  private static Run leaver(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    // The command writes to the process's standard streams, as it does for a user.
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = LeaverCli.commandLine().execute(args);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      // In the test's output file: what the auditor would have seen.
      System.out.println(
          "$ leaver "
              + String.join(" ", args)
              + "\n"
              + out.toString(StandardCharsets.UTF_8)
              + err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void csvOnStandardOutputHasTheRunsInThePeriodAndTheTotalsGoToStandardError() {
    Run run = leaver("report", "--from", from, "--to", to, "--evidence", runs.dir.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).startsWith("employee_id,workflow_id,run_id,outcome,");
    assertThat(lines)
        .filteredOn(l -> l.startsWith("E20"))
        .extracting(l -> l.substring(0, 5))
        .containsExactlyInAnyOrder("E2001", "E2002", "E2003", "E2004", "E2005", "E2006");
    assertThat(run.err())
        .startsWith("6 runs, SLA met 4, breached 1, n/a 1, exceptions 1; latency p50 ");
  }

  @Test
  void thePoliciesSlaDecidesAndTheFlagWinsOverIt() throws IOException {
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), "killSwitchSlaMinutes: 240\n");
    Path config =
        Files.writeString(
            tmp.resolve("worker.yaml"), "policyFile: " + policy + "\nevidence: " + runs.dir + "\n");

    assertThat(leaver("report", "--from", from, "--to", to, "--config", config.toString()).err())
        .as("four hours: the two-hour kill switch meets it")
        .startsWith("6 runs, SLA met 5, breached 0");
    assertThat(
            leaver(
                    "report",
                    "--from",
                    from,
                    "--to",
                    to,
                    "--config",
                    config.toString(),
                    "--sla-minutes",
                    "60")
                .err())
        .startsWith("6 runs, SLA met 4, breached 1");
  }

  @Test
  void aPdfWrittenToAFileHoldsTheRunsAsText() throws IOException {
    Path pdf = tmp.resolve("november.pdf");

    Run run =
        leaver(
            "report",
            "--from",
            from,
            "--to",
            to,
            "--format",
            "pdf",
            "--out",
            pdf.toString(),
            "--evidence",
            runs.dir.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("wrote " + pdf + ": 6 runs");
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
      assertThat(text)
          .contains("E2001", "E2006", "hash chain intact, 11 records", "SLA breached 1");
    }
  }

  @Test
  void aTamperedStoreStillReportsButSaysWhichRecordBrokeAndExitsOne() throws IOException {
    Path copy = tmp.resolve("evidence");
    try (Stream<Path> files = Files.walk(runs.dir)) {
      for (Path f : files.toList()) {
        Path target = copy.resolve(runs.dir.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    Path third;
    try (Stream<Path> files = Files.walk(copy.resolve("records"))) {
      third = files.filter(Files::isRegularFile).sorted().toList().get(2);
    }
    Files.writeString(
        third, Files.readString(third).replace("slack.DeactivateUser", "slack.DeactivateUsr"));

    Run run =
        leaver(
            "report",
            "--from",
            from,
            "--to",
            to,
            "--format",
            "html",
            "--evidence",
            copy.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("WARNING: HASH CHAIN BROKEN at record 3");
    assertThat(run.out()).contains("HASH CHAIN BROKEN at record 3");
  }

  @Test
  void badInputIsASentenceAndExitTwo() {
    Run noStore =
        leaver(
            "report", "--from", from, "--to", to, "--evidence", tmp.resolve("nowhere").toString());
    assertThat(noStore.exit()).isEqualTo(2);
    assertThat(noStore.err()).contains("no evidence store at " + tmp.resolve("nowhere"));

    Run badDate =
        leaver("report", "--from", "30/11/2026", "--to", to, "--evidence", runs.dir.toString());
    assertThat(badDate.exit()).isEqualTo(2);
    assertThat(badDate.err()).contains("not a date: 30/11/2026");

    Run badFormat =
        leaver(
            "report",
            "--from",
            from,
            "--to",
            to,
            "--format",
            "docx",
            "--evidence",
            runs.dir.toString());
    assertThat(badFormat.exit()).isEqualTo(2);
    assertThat(badFormat.err()).contains("unknown format 'docx': give csv, json, html or pdf");

    Run backwards = leaver("report", "--from", to, "--to", from, "--evidence", runs.dir.toString());
    assertThat(backwards.exit()).isEqualTo(2);
    assertThat(backwards.err()).contains("--from must come before --to");
    assertThat(noStore.err() + badDate.err() + badFormat.err() + backwards.err())
        .doesNotContain("Exception");
  }
}
