package dev.leaver.worker.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The developer's commands as a production install shows them: named in {@code leaver --help} so
 * nobody wonders where they went, and saying where they are. The devtools distribution's {@code
 * DevCli} puts the real ones in their place.
 */
abstract class DevtoolsOnly implements Callable<Integer> {
  /** Whatever was given: the answer is the same. */
  @Unmatched List<String> ignored;

  @Spec CommandSpec spec;

  private final String what;

  DevtoolsOnly(String what) {
    this.what = what;
  }

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            what
                + " is in the devtools distribution, not in this production install: run"
                + " ./leaver from a source checkout (it builds dist/target/leaver with lib-devtools/), or put"
                + " lib-devtools/ beside lib/");
    return 2;
  }

  @Command(
      name = "demo",
      description = "Offboard a sample employee against the sandbox, in-process (devtools).")
  static final class DemoCmd extends DevtoolsOnly {
    DemoCmd() {
      super("the demo");
    }
  }

  @Command(
      name = "bench",
      description = "The mass-termination benchmark against the sandbox (devtools).")
  static final class BenchCmd extends DevtoolsOnly {
    BenchCmd() {
      super("the benchmark");
    }
  }

  @Command(name = "sandbox", description = "Serve the sandbox tenant until killed (devtools).")
  static final class SandboxCmd extends DevtoolsOnly {
    SandboxCmd() {
      super("the sandbox");
    }
  }
}
