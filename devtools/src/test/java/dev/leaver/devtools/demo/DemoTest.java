package dev.leaver.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./leaver demo} as a user runs it: each profile offboards its leaver to COMPLETED and the
 * evidence table, read back from history, holds steps of every system the leaver had access to.
 */
class DemoTest {

  @Test
  void theHybridDemoCompletesWithEvidenceFromAdEntraExchangeAndSlack() throws Exception {
    String out = run(Demo.HYBRID);

    assertThat(out).contains("Final phase: COMPLETED");
    assertThat(evidenceSystems(out)).contains("ad", "entra", "exchange", "slack");
    // Kept outside Temporal too, at the kill switch and at the close, in a store that verifies.
    assertThat(out)
        .containsPattern(
            "Evidence kept outside Temporal in .+: \\[record 1 \\(KILL_SWITCH_DONE\\), record 2 \\(CLOSED\\)\\]; chain intact");
  }

  @Test
  void theDeveloperDemoCompletesWithEvidenceFromEveryCloudCodeAndSaasSystem() throws Exception {
    String out = run(Demo.DEVELOPER);

    assertThat(out).contains("Final phase: COMPLETED");
    assertThat(evidenceSystems(out)).contains("azure", "github", "aws", "google", "scim");
  }

  private static String run(Demo.Profile profile) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      code = new Demo(out, profile).run();
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    return text;
  }

  /** The first column of the evidence table: the system of each step that ran. */
  private static List<String> evidenceSystems(String out) {
    String evidence = out.substring(out.indexOf("Evidence for"));
    return Pattern.compile("(?m)^([a-z]+) +[A-Z][A-Za-z]+")
        .matcher(evidence)
        .results()
        .map(m -> m.group(1))
        .distinct()
        .toList();
  }
}
