package dev.leaver.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The benchmark runs end to end on a small scale: every termination sent is accepted, every run
 * reaches its kill switch and finishes clean-up, and the report carries the figures. No timing is
 * asserted: figures are for reading, on a machine of known size.
 */
class MassTerminationBenchmarkTest {

  @Test
  void tenSignedTerminationsAllReachTheKillSwitchAndTheReportHasTheFigures() throws Exception {
    MassTerminationBenchmark.Options options = new MassTerminationBenchmark.Options();
    options.leavers = 10;
    options.inProcess = true;
    options.timeout = Duration.ofMinutes(2);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    MassTerminationBenchmark.Report report;
    try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      report = new MassTerminationBenchmark(options, out).run();
    }

    assertThat(report.accepted()).as("webhooks accepted").isEqualTo(10);
    assertThat(report.killSwitchDone()).as("runs whose kill switch completed").isEqualTo(10);
    assertThat(report.cleanedUp()).as("runs through clean-up and verification").isEqualTo(10);
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("first answers by status: {202=10}")
        .contains("kill switch complete: 10/10")
        .containsPattern(
            "answer latency \\(first delivery\\): p50 \\d+ ms · p95 \\d+ ms · max \\d+ ms")
        .containsPattern(
            "HR event → kill switch complete: p50 [\\d.]+ s · p95 [\\d.]+ s · max [\\d.]+ s \\(n=10\\)")
        .containsPattern("last kill switch complete: +[\\d.]+ s")
        .containsPattern("last clean-up step complete: +[\\d.]+ s")
        // Per leaver: one ResolveAndSnapshot on the reads queue (the account and both kill-switch
        // actions' before-images), the two writes alone on the kill-switch queue.
        .containsPattern("leaver-entra-reads +50 +10 ")
        .containsPattern("leaver-entra-killswitch +20 +20 ")
        .containsPattern("leaver-slack-cleanup +5 +\\d+ ")
        .contains("== Claim: the kill switch does not wait behind clean-up ==")
        // The test server ignores rate limits; the report must say so rather than pass off its
        // figures.
        .contains("NOT ENFORCED by the Java test server")
        .contains("duplicates (the same write changing the tenant again): 0");
    assertThat(text).as("employee ids only, no addresses").doesNotContain("@");
  }
}
