package dev.leaver.devtools;

import dev.leaver.worker.cli.LeaverCli;
import picocli.CommandLine;

/**
 * {@code leaver} of the devtools distribution: the production CLI with the developer's commands
 * ({@code demo}, {@code bench}, {@code sandbox}) in place of the notes that say where they are.
 */
public final class DevCli {
  private DevCli() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The production CLI, its devtools placeholders replaced by the real commands. */
  public static CommandLine commandLine() {
    CommandLine cli = LeaverCli.commandLine();
    for (Object command : new Object[] {new DemoCmd(), new BenchCmd(), new SandboxCmd()}) {
      String name = command.getClass().getAnnotation(CommandLine.Command.class).name();
      cli.getCommandSpec().removeSubcommand(name);
      cli.addSubcommand(name, command);
    }
    return cli;
  }
}
