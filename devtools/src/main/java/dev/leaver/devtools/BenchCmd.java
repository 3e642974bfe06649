package dev.leaver.devtools;

import dev.leaver.devtools.bench.MassTerminationBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code leaver bench}: the mass-termination benchmark; prints figures, asserts nothing. */
@Command(name = "bench", subcommands = BenchCostCmd.class,
    description = "Terminate N synthetic people at once through signed webhooks against the sandbox and print"
        + " figures: webhook answers, HR event to kill switch, clean-up, per-queue throughput.")
final class BenchCmd implements Callable<Integer> {
  @Mixin MassTerminationBenchmark.Options options;

  @Override
  public Integer call() throws Exception {
    MassTerminationBenchmark.quietLogs();
    var report = new MassTerminationBenchmark(options, System.out).run();
    return report.killSwitchDone() == report.leavers() ? 0 : 1;
  }
}
