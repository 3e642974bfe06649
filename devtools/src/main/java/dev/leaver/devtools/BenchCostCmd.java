package dev.leaver.devtools;

import dev.leaver.devtools.bench.MassTerminationBenchmark;
import dev.leaver.devtools.bench.OffboardingCost;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code leaver bench cost}: history events and Temporal Cloud actions per offboarding, printed.
 */
@Command(
    name = "cost",
    description =
        "Offboard the demo leaver and a typical leaver on the dev server and print each run's history"
            + " events and Temporal Cloud billable actions per part (kill switch, clean-up, handover, revocation, close).")
final class BenchCostCmd implements Callable<Integer> {
  @Mixin OffboardingCost.Options options;

  @Override
  public Integer call() throws Exception {
    MassTerminationBenchmark.quietLogs();
    new OffboardingCost(options, System.out).run();
    return 0;
  }
}
