package dev.leaver.devtools;

import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.devtools.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leaver demo}: one offboarding end to end against the sandbox and an in-process Temporal.
 */
@Command(name = "demo", description = "Offboard a sample employee against the sandbox, in-process.")
final class DemoCmd implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "hybrid",
      paramLabel = "PROFILE",
      description =
          "who to offboard: hybrid (E1004: AD, Entra, Exchange, Slack; the default) or developer"
              + " (E1005: Entra, Azure, GitHub, AWS IAM, Google Workspace, SCIM apps)")
  String profile;

  @Option(
      names = "--evidence",
      paramLabel = "LOCATION",
      defaultValue = EvidenceStores.DEFAULT_LOCATION,
      description =
          "where the run's evidence is kept: a directory or s3://bucket/prefix?… (default: ${DEFAULT-VALUE})")
  String evidence;

  @Override
  public Integer call() throws Exception {
    // The demo prints its own narrative; keep routine logs out of it.
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.temporal"))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    Demo.Profile chosen = Demo.PROFILES.get(profile);
    if (chosen == null) {
      System.err.println(
          "unknown demo profile '"
              + profile
              + "'; known: "
              + String.join(", ", Demo.PROFILES.keySet()));
      return 2;
    }
    EvidenceStore store;
    try {
      store = EvidenceStores.open(evidence);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    return new Demo(System.out, chosen, store).run();
  }
}
