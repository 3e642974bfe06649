package dev.leaver.worker.cli;

import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.PermissionCheck.Status;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.worker.Preflight;
import dev.leaver.worker.Secrets;
import dev.leaver.worker.TargetWiring;
import dev.leaver.worker.WorkerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leaver check}: connects to each configured system and shows, per permission its actions
 * need, whether the credentials hold it, and what to grant where they do not. Read-only.
 */
@Command(
    name = "check",
    description = "Show, read-only, which permissions each system's credentials hold.")
final class CheckCmd implements Callable<Integer> {
  @Option(names = "--config", description = "worker YAML (see deploy/worker.example.yaml)")
  Path config;

  @Option(
      names = "--sandbox",
      description = "check the connectors against the in-process sandbox tenant")
  boolean sandbox;

  @Override
  public Integer call() throws Exception {
    if ((config == null) == !sandbox) {
      System.err.println("give --config FILE or --sandbox");
      return 2;
    }
    if (sandbox) {
      var devSandbox = dev.leaver.worker.DevSandbox.installed();
      if (devSandbox.isEmpty()) {
        System.err.println(dev.leaver.worker.DevSandbox.MISSING);
        return 2;
      }
      try (var sb = devSandbox.get().startDemo(0);
          Connectors connectors = TargetWiring.sandbox(sb.baseUrl())) {
        return report(connectors, System.out);
      }
    }
    Connectors connectors;
    try {
      connectors = TargetWiring.fromConfig(WorkerConfig.read(config), new Secrets(System.getenv()));
    } catch (IllegalArgumentException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      return 2;
    }
    try (connectors) {
      if (connectors.all().isEmpty()) {
        System.err.println(config + " enables no target system");
        return 2;
      }
      return report(connectors, System.out);
    }
  }

  /**
   * Checks every system and prints one row per permission, with what to grant under each one not
   * granted.
   *
   * @return 0 when every permission is granted, 1 otherwise
   */
  static int report(Connectors connectors, PrintStream out) {
    List<String> notGranted = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    int total = 0;
    String format = "%-8s %-34s %-8s %s%n";
    out.printf(Locale.ROOT, format, "SYSTEM", "PERMISSION", "STATUS", "DETAIL");
    for (TargetSystem system : connectors.all()) {
      for (PermissionCheck row : Preflight.check(system, Clock.systemUTC()).rows()) {
        total++;
        out.printf(
            Locale.ROOT, format, system.id(), row.permission(), label(row.status()), row.detail());
        if (row.status() != Status.GRANTED) {
          (row.status() == Status.UNKNOWN ? unknown : notGranted)
              .add(system.id() + " " + row.permission());
          if (row.howToGrant() != null) {
            out.printf(Locale.ROOT, "%-8s → %s%n", "", row.howToGrant());
          }
        }
      }
    }
    out.println();
    String cannotTell =
        unknown.isEmpty()
            ? ""
            : "; "
                + unknown.size()
                + " the system cannot be asked about (check by hand): "
                + String.join(", ", unknown);
    if (notGranted.isEmpty()) {
      out.println(
          (unknown.isEmpty() ? "all " + total : (total - unknown.size()) + " of " + total)
              + " permissions granted"
              + cannotTell);
      return 0;
    }
    out.println(
        notGranted.size()
            + " of "
            + total
            + " permissions not granted: "
            + String.join(", ", notGranted)
            + cannotTell);
    return 1;
  }

  private static String label(Status status) {
    return switch (status) {
      case GRANTED -> "ok";
      case MISSING -> "MISSING";
      case UNKNOWN -> "unknown";
      case BLOCKED -> "BLOCKED";
    };
  }
}
