package dev.leaver.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What an operator sees asking the CLI about itself. */
class CliHelpVersionTest {

  private record Run(int exit, String out, String err) {}

  private static Run leaver(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new LeaverCli())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void everySubcommandTakesHelp() {
    var names = new CommandLine(new LeaverCli()).getSubcommands().keySet();
    assertThat(names).contains("worker", "status", "reschedule", "starter", "check", "bench");
    for (String name : names) {
      Run run = leaver(name, "--help");
      assertThat(run.exit()).as("leaver %s --help: %s", name, run.err()).isZero();
      assertThat(run.out()).as(name).startsWith("Usage: leaver " + name);
      assertThat(run.out()).as(name).contains("--help", "--version");
    }
  }

  @Test
  void clientCommandsAndTheWorkerTakeAddressAndNamespace() {
    for (String name :
        new String[] {
          "worker",
          "starter",
          "status",
          "reschedule",
          "start",
          "retry",
          "skip",
          "rescind",
          "evidence",
          "release",
          "import",
          "revoke-delegation",
          "approve-deletion",
          "legal-hold"
        }) {
      assertThat(leaver(name, "--help").out())
          .as(name)
          .contains("--address=HOST:PORT", "--namespace");
    }
    assertThat(leaver("worker", "--help").out()).contains("TEMPORAL_ADDRESS");
  }

  @Test
  void versionPrintsTheBuildsVersion() {
    Run run = leaver("--version");
    assertThat(run.exit()).isZero();
    assertThat(run.out().strip()).matches("leaver \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(leaver("status", "--version").out()).isEqualTo(run.out());
  }
}
