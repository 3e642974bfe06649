package dev.leaver.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.worker.DevSandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The production CLI (the worker module alone: no devtools on this classpath) names the developer's
 * commands and says where they are, instead of failing with a stack trace or an unknown command.
 */
class DevtoolsOnlyTest {

  @Test
  void demoBenchAndSandboxInAProductionInstallSayTheyAreInTheDevtoolsDistributionAndExitTwo() {
    for (String command : new String[] {"demo", "bench", "sandbox"}) {
      StringWriter err = new StringWriter();
      int exit =
          new CommandLine(new LeaverCli())
              .setErr(new PrintWriter(err, true))
              .execute(command, "--leavers", "20");

      assertThat(exit).as(command).isEqualTo(2);
      assertThat(err.toString())
          .as(command)
          .contains("is in the devtools distribution", "lib-devtools/");
    }
  }

  @Test
  void theSandboxFlagWithoutTheDevtoolsSaysWhereTheSandboxIsAndStartsNothing() {
    assertThat(DevSandbox.installed()).as("no devtools on the worker's own classpath").isEmpty();
    for (String[] args :
        new String[][] {
          {"worker", "--sandbox"}, {"check", "--sandbox"}, {"starter", "--sandbox"}
        }) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream before = System.err;
      int exit;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        exit = LeaverCli.commandLine().execute(args);
      } finally {
        System.setErr(before);
      }

      assertThat(exit).as(args[0]).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).as(args[0]).contains(DevSandbox.MISSING);
    }
  }
}
