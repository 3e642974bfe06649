package dev.leaver.devtools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.devtools.SandboxHris;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SyntheticTenant;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.starter.webhook.StandardWebhookSignature;
import dev.leaver.worker.LeaverWorker;
import dev.leaver.worker.LeaverWorker.RateLimit;
import dev.leaver.worker.Secrets;
import dev.leaver.worker.SystemGate;
import dev.leaver.worker.TargetWiring;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.worker.WorkerParts;
import dev.leaver.worker.intake.HrisStarter;
import dev.leaver.worker.intake.StarterConfig;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.Release;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.Stage;
import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * A mass termination, measured: N synthetic leavers in the sandbox tenant, N signed Standard
 * Webhooks terminations sent at once to the real starter, the real worker with its per-system
 * kill-switch and clean-up queues and their rate limits, and figures printed at the end — webhook
 * answers, HR event to kill switch, when the last kill switch and the last clean-up finished, each
 * queue's throughput and wait, and whether the kill switch waited behind clean-up.
 *
 * <p>Temporal: {@code --address} (a running server), else the real dev server started through the
 * {@code temporal} CLI when it is on the PATH, else (or with {@code --in-process}) the Java test
 * server on a port, in real time. The Java test server does not enforce task-queue rate limits, so
 * its queue figures show no throttling; the report says so.
 *
 * <p>Prints employee ids only, never names or addresses (they are synthetic anyway).
 */
public final class MassTerminationBenchmark {
  static final ObjectMapper JSON = new ObjectMapper();

  /** As {@code leaver starter}: a webhook answers 503 within seconds while Temporal is down. */
  static final Duration STARTER_GIVE_UP_AFTER = Duration.ofSeconds(5);

  private static final Set<Phase> CLEANED_UP =
      EnumSet.of(Phase.HANDOVER, Phase.COMPLETED, Phase.RESCINDED, Phase.DRY_RUN_COMPLETED);
  private static final Set<Phase> KILLED =
      EnumSet.of(Phase.CLEANUP, Phase.VERIFYING, Phase.HANDOVER, Phase.COMPLETED);

  /** The benchmark's options; {@code leaver bench} mixes them in. */
  public static final class Options {
    @Option(
        names = "--leavers",
        defaultValue = "200",
        description = "how many people are terminated at once (default ${DEFAULT-VALUE})")
    public int leavers = 200;

    @Option(
        names = "--address",
        description =
            "host:port of a running Temporal (e.g. `temporal server start-dev`);"
                + " default: start the dev server through the temporal CLI if it is on the PATH, else the in-process test server")
    public String address;

    @Option(names = "--namespace", defaultValue = "default")
    public String namespace = "default";

    @Option(
        names = "--in-process",
        description =
            "use the in-process Java test server even if the temporal CLI is"
                + " on the PATH (it does not enforce task-queue rate limits)")
    public boolean inProcess;

    @Option(
        names = "--config",
        description =
            "take the systems' rate limits from this worker YAML"
                + " (killSwitchPerSecond, cleanupPerSecond); default: the built-in defaults")
    public Path config;

    @Option(
        names = "--killswitch-rate",
        description = "activities/s on every leaver-<system>-killswitch queue (overrides)")
    public Double killSwitchRate;

    @Option(
        names = "--cleanup-rate",
        description = "activities/s on every leaver-<system>-cleanup queue (overrides)")
    public Double cleanupRate;

    @Option(
        names = "--brake-threshold",
        description =
            "the mass-termination brake's threshold; terminations beyond it"
                + " start held and the benchmark releases them as an operator would. Default: far above --leavers, nothing held")
    public Integer brakeThreshold;

    @Option(
        names = "--sequential",
        description =
            "instead of a burst: send this many terminations one after another,"
                + " each once the last one's kill switch completed, to a warm worker, and print where each one's time went")
    public Integer sequential;

    @Option(
        names = "--timeout",
        defaultValue = "PT30M",
        description = "give up waiting after this long (ISO-8601, default ${DEFAULT-VALUE})")
    public Duration timeout = Duration.ofMinutes(30);
  }

  /**
   * What a run measured.
   *
   * @param leavers how many terminations were sent
   * @param accepted how many webhooks were finally answered 2xx
   * @param killSwitchDone how many runs completed their kill switch
   * @param cleanedUp how many runs finished clean-up and verification
   * @param text the printed report
   */
  public record Report(int leavers, int accepted, int killSwitchDone, int cleanedUp, String text) {}

  private final Options o;
  private final PrintStream out;
  private final List<AutoCloseable> closers = new ArrayList<>();

  public MassTerminationBenchmark(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options();
    CommandLine cl = new CommandLine(options);
    cl.parseArgs(args);
    quietLogs();
    Report r = new MassTerminationBenchmark(options, System.out).run();
    System.exit(r.killSwitchDone() == r.leavers() ? 0 : 1);
  }

  /** Routine logs out of the figures, as in the demo. */
  public static void quietLogs() {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.temporal"))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
  }

  public Report run() throws Exception {
    if (o.leavers < 1) {
      throw new IllegalArgumentException("--leavers must be positive");
    }
    Thread hook = new Thread(this::closeAll, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return measure();
    } finally {
      closeAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }

  private synchronized void closeAll() {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).close();
      } catch (Exception e) {
        System.err.println("bench: cleaning up: " + e);
      }
    }
    closers.clear();
  }

  private synchronized <T extends AutoCloseable> T closeLater(T c) {
    closers.add(c);
    return c;
  }

  private Report measure() throws Exception {
    long wallStart = System.nanoTime();
    String tag =
        "B"
            + HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextInt())
                .substring(0, 5)
                .toUpperCase(Locale.ROOT);
    // Sequential: a few more people, sent first and left out of the figures, so the worker is warm.
    SyntheticTenant tenant =
        SyntheticTenant.of(tag, o.sequential != null ? o.sequential + WARM_UP : o.leavers);

    // --- Temporal ---
    String target;
    String temporalKind;
    boolean enforcesRateLimits = true;
    boolean external = o.address != null;
    var devCli = TemporalDevServer.cli();
    if (external) {
      target = o.address;
      temporalKind = "running server at " + o.address;
    } else if (!o.inProcess && devCli.isPresent()) {
      Path dir = Files.createTempDirectory("leaver-bench");
      closeLater(() -> deleteTree(dir));
      TemporalDevServer server = closeLater(TemporalDevServer.start(devCli.get(), dir));
      target = "127.0.0.1:" + server.port();
      temporalKind = "Temporal dev server (temporal CLI, SQLite) started for this run";
    } else {
      int port = freePort();
      // Time skipping locked: the figures are real time, as on a real server.
      TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
      closeLater(server);
      target = "127.0.0.1:" + port;
      enforcesRateLimits = false;
      temporalKind =
          "in-process Java test server, real time (no time skipping)"
              + (devCli.isEmpty() ? "; the temporal CLI is not on the PATH" : "");
    }
    var temporal = new WorkerConfig.Temporal(target, o.namespace, null, null, null, null);
    Secrets secrets = new Secrets(Map.of());
    WorkflowServiceStubs workerStubs = TemporalConnection.stubs(temporal, secrets, null);
    closeLater(
        () -> {
          workerStubs.shutdownNow();
          workerStubs.awaitTermination(5, TimeUnit.SECONDS);
        });
    TemporalConnection.ensureSearchAttributes(workerStubs, o.namespace);
    WorkflowClient client = TemporalConnection.client(workerStubs, o.namespace);

    // --- sandbox, worker, starter ---
    Sandbox sandbox = closeLater(Sandbox.start(0, tenant.json()));
    Connectors connectors = closeLater(seeded(TargetWiring.sandbox(sandbox.baseUrl())));
    Map<String, RateLimit> limits = limits(connectors);
    WorkerFactory factory = WorkerFactory.newInstance(client, LeaverWorker.factoryOptions());
    closeLater(
        () -> {
          factory.shutdownNow();
          factory.awaitTermination(10, TimeUnit.SECONDS);
        });
    // As a worker keeps it: each run's evidence appended at its milestones (here to a scratch
    // directory).
    var evidence =
        EvidenceStores.directory(java.nio.file.Files.createTempDirectory("leaver-bench-evidence-"));
    LeaverWorker.register(
        factory,
        WorkerParts.withDefaultPolicy(connectors, evidence, limits),
        Clock.systemUTC(),
        SystemGate.OPEN);
    factory.start();

    int threshold = o.brakeThreshold != null ? o.brakeThreshold : Math.max(1000, 10 * o.leavers);
    WorkflowServiceStubs starterStubs =
        TemporalConnection.stubs(temporal, secrets, null, STARTER_GIVE_UP_AFTER);
    closeLater(
        () -> {
          starterStubs.shutdownNow();
          starterStubs.awaitTermination(5, TimeUnit.SECONDS);
        });
    StarterConfig sandboxCfg =
        SandboxHris.config(
            sandbox.baseUrl(),
            temporal,
            "127.0.0.1",
            0,
            new StarterConfig.Brake(threshold, Duration.ofHours(1)));
    StarterConfig cfg =
        new StarterConfig(
            temporal,
            "127.0.0.1",
            0,
            null,
            sandboxCfg.brake(),
            null,
            null,
            null,
            sandboxCfg.standard(),
            null);
    HrisStarter starter =
        closeLater(
            HrisStarter.start(
                cfg, starterStubs, starterStubs, (field, value) -> value, Clock.systemUTC()));

    out.printf(
        "Leaver mass-termination benchmark: %d leavers (employee ids %s-0001…), %d cores%n",
        tenant.leavers().size(), tag, Runtime.getRuntime().availableProcessors());
    out.println("  Temporal:  " + temporalKind);
    out.println(
        "  starter:   Standard Webhooks at "
            + starter.uri()
            + "/webhooks/standard; brake: more than "
            + threshold
            + " in 1 h start held"
            + (o.brakeThreshold == null ? " (above --leavers: nothing held)" : "")
            + (enforcesRateLimits
                ? ""
                : "; counts this process's starts only (no visibility count in the test server)"));
    StringBuilder lim = new StringBuilder();
    limits.forEach(
        (sys, l) ->
            lim.append(
                String.format(
                    Locale.ROOT,
                    "%s kill switch %s/s, reads %s/s, clean-up %s/s; ",
                    sys,
                    num(l.killSwitchPerSecond()),
                    num(l.readsPerSecond()),
                    num(l.cleanupPerSecond()))));
    out.println(
        "  limits:    "
            + lim.substring(0, lim.length() - 2)
            + (enforcesRateLimits ? "" : "  — NOT ENFORCED by the Java test server"));
    out.println(
        "  sandbox:   synthetic tenant for "
            + connectors.all().stream().map(TargetSystem::id).toList()
            + "; each leaver: 4 groups, 1 direct + 1 group licence and a OneDrive in Graph, a member in Slack");
    out.println();

    if (o.sequential != null) {
      return sequentially(client, starter.uri().resolve("/webhooks/standard"), tenant, wallStart);
    }

    // --- the mass termination ---
    Webhooks webhooks =
        new Webhooks(starter.uri().resolve("/webhooks/standard"), SandboxHris.STANDARD_SECRET);
    Instant t0 = Instant.now();
    List<Webhooks.Delivery> deliveries = webhooks.sendAll(tenant.leavers(), t0);
    Instant allAnswered = Instant.now();
    out.printf(
        "Sent %d signed terminations at once; all answered after %s s.%n",
        deliveries.size(), Stats.s(secondsBetween(t0, allAnswered)));

    Map<String, Instant> releasedAt = releaseHeld(client, deliveries);

    // --- wait ---
    List<String> ids =
        deliveries.stream()
            .filter(Webhooks.Delivery::accepted)
            .map(d -> d.person().employeeId())
            .toList();
    Map<String, OffboardingStatus> finals = await(client, ids, t0);
    long waitedNanos = System.nanoTime() - wallStart;

    // --- figures ---
    Map<String, QueueFigures> queues = queueFigures(client, ids, limits);
    String text =
        report(deliveries, finals, releasedAt, queues, t0, enforcesRateLimits)
            + "\n== Writes ==\n  "
            + DuplicateWrites.of(sandbox.server().requests()).line()
            + "\n";
    out.print(text);
    out.printf("Wall time, set-up to last run: %s s.%n", Stats.s(waitedNanos / 1e9));

    if (external) {
      terminate(client, ids);
    }
    int killed =
        (int) finals.values().stream().filter(s -> s.killSwitchCompletedAt() != null).count();
    int cleaned =
        (int) finals.values().stream().filter(s -> CLEANED_UP.contains(s.phase())).count();
    return new Report(o.leavers, ids.size(), killed, cleaned, text);
  }

  /**
   * Leavers sent before a sequential run's figures start, to warm the worker, the starter and the
   * JIT.
   */
  static final int WARM_UP = 10;

  private Report sequentially(
      WorkflowClient client, URI endpoint, SyntheticTenant tenant, long wallStart)
      throws Exception {
    SequentialLatency seq = new SequentialLatency(client, endpoint, SandboxHris.STANDARD_SECRET);
    List<SyntheticTenant.Person> people = tenant.leavers();
    seq.run(people.subList(0, WARM_UP), Duration.ofSeconds(60), out);
    out.printf("Warm-up: %d leavers sent and left out of the figures.%n", WARM_UP);
    List<SequentialLatency.Timeline> timelines =
        seq.run(people.subList(WARM_UP, people.size()), Duration.ofSeconds(60), out);
    String text = SequentialLatency.report(timelines, 0.5, 2.0);
    out.print(text);
    out.printf(
        "Wall time, set-up to last run: %s s.%n", Stats.s((System.nanoTime() - wallStart) / 1e9));
    if (o.address != null) {
      terminate(client, people.stream().map(SyntheticTenant.Person::employeeId).toList());
    }
    int accepted = (int) timelines.stream().filter(t -> t.status() / 100 == 2).count();
    int killed = (int) timelines.stream().filter(t -> t.done() != null).count();
    return new Report(timelines.size(), accepted, killed, 0, text);
  }

  /** Only the systems the synthetic tenant seeds: the others' emulators have no tenant here. */
  private static Connectors seeded(Connectors all) {
    List<TargetSystem> kept = new java.util.ArrayList<>();
    for (TargetSystem system : all.all()) {
      if (SyntheticTenant.SYSTEMS.contains(system.id())) {
        kept.add(system);
      } else {
        system.close();
      }
    }
    return new Connectors(kept);
  }

  private Map<String, RateLimit> limits(Connectors connectors) throws IOException {
    WorkerConfig cfg = o.config == null ? WorkerConfig.defaults() : WorkerConfig.read(o.config);
    Map<String, RateLimit> fromConfig = TargetWiring.limits(cfg);
    Map<String, RateLimit> limits = new LinkedHashMap<>();
    for (TargetSystem system : connectors.all()) {
      RateLimit l = fromConfig.getOrDefault(system.id(), RateLimit.DEFAULT);
      limits.put(
          system.id(),
          new RateLimit(
              o.killSwitchRate != null ? o.killSwitchRate : l.killSwitchPerSecond(),
              o.cleanupRate != null ? o.cleanupRate : l.cleanupPerSecond(),
              l.readsPerSecond()));
    }
    return limits;
  }

  /** The operator's part when the brake held some: release each once it has reached HELD. */
  private Map<String, Instant> releaseHeld(
      WorkflowClient client, List<Webhooks.Delivery> deliveries) throws InterruptedException {
    Map<String, Instant> released = new LinkedHashMap<>();
    List<String> held =
        deliveries.stream()
            .filter(d -> "held".equals(d.outcome()))
            .map(d -> d.person().employeeId())
            .toList();
    if (held.isEmpty()) {
      return released;
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (String id : held) {
      OffboardingWorkflow wf =
          client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee(id));
      while (true) {
        try {
          wf.release(
              new Release(
                  "benchmark: the operator releases the held terminations", "benchmark-operator"));
          released.put(id, Instant.now());
          break;
        } catch (WorkflowUpdateException e) {
          if (System.nanoTime() > deadline) {
            out.println("could not release " + id + ": " + e.getMessage());
            break;
          }
          Thread.sleep(200); // still resolving: not HELD yet
        }
      }
    }
    out.printf("The brake held %d; released them as an operator would.%n", released.size());
    return released;
  }

  /**
   * Polls each run's phase (from its search attributes: no worker involved) until it is cleaned up.
   */
  private Map<String, OffboardingStatus> await(WorkflowClient client, List<String> ids, Instant t0)
      throws Exception {
    Map<String, OffboardingStatus> finals = new ConcurrentHashMap<>();
    Map<String, Phase> phases = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long deadline = System.nanoTime() + o.timeout.toNanos();
    long nextProgress = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    try {
      while (finals.size() < ids.size() && System.nanoTime() < deadline) {
        List<CompletableFuture<Void>> round = new ArrayList<>();
        for (String id : ids) {
          if (finals.containsKey(id)) {
            continue;
          }
          round.add(
              CompletableFuture.runAsync(
                  () -> {
                    String wfId = WorkflowIds.forEmployee(id);
                    try {
                      var d = client.newUntypedWorkflowStub(wfId).describe();
                      String phase = d.getTypedSearchAttributes().get(SearchAttributes.PHASE);
                      Boolean attention =
                          d.getTypedSearchAttributes().get(SearchAttributes.NEEDS_ATTENTION);
                      Phase p = phase == null ? null : Phase.valueOf(phase);
                      if (p != null) {
                        phases.put(id, p);
                      }
                      boolean stuck = Boolean.TRUE.equals(attention);
                      if ((p != null && CLEANED_UP.contains(p))
                          || stuck
                          || d.getStatus()
                              != io.temporal.api.enums.v1.WorkflowExecutionStatus
                                  .WORKFLOW_EXECUTION_STATUS_RUNNING) {
                        finals.put(
                            id, client.newWorkflowStub(OffboardingWorkflow.class, wfId).status());
                      }
                    } catch (RuntimeException e) {
                      // not visible yet, or a transient error: next round
                    }
                  },
                  pool));
        }
        CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).join();
        if (System.nanoTime() > nextProgress) {
          nextProgress += Duration.ofSeconds(15).toNanos();
          long killed = phases.values().stream().filter(KILLED::contains).count();
          out.printf(
              "  t=%5.0f s  kill switch done %d/%d · clean-up done %d/%d%n",
              secondsBetween(t0, Instant.now()),
              killed,
              ids.size(),
              phases.values().stream().filter(CLEANED_UP::contains).count(),
              ids.size());
        }
        if (finals.size() < ids.size()) {
          Thread.sleep(1000);
        }
      }
      // Whatever did not finish: its status as it stands, for the figures.
      for (String id : ids) {
        if (!finals.containsKey(id)) {
          try {
            finals.put(
                id,
                client
                    .newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee(id))
                    .status());
          } catch (RuntimeException e) {
            // no run
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return finals;
  }

  /** Activity timings per task queue, from each run's history. */
  record QueueFigures(
      String queue,
      double limit,
      int activities,
      int retried,
      List<Double> waits,
      Instant firstScheduled,
      Instant lastClosed,
      List<Instant[]> scheduledStarted) {}

  private Map<String, QueueFigures> queueFigures(
      WorkflowClient client, List<String> ids, Map<String, RateLimit> limits) {
    Map<String, List<Double>> waits = new TreeMap<>();
    Map<String, Integer> retried = new HashMap<>();
    Map<String, Instant> first = new HashMap<>();
    Map<String, Instant> last = new HashMap<>();
    Map<String, List<Instant[]>> pairs = new HashMap<>();
    for (String id : ids) {
      List<HistoryEvent> events;
      try {
        events = client.fetchHistory(WorkflowIds.forEmployee(id)).getEvents();
      } catch (RuntimeException e) {
        continue;
      }
      Map<Long, String> queueOf = new HashMap<>();
      Map<Long, Instant> scheduled = new HashMap<>();
      for (HistoryEvent e : events) {
        com.google.protobuf.Timestamp t = e.getEventTime();
        Instant at = Instant.ofEpochSecond(t.getSeconds(), t.getNanos());

        if (e.hasActivityTaskScheduledEventAttributes()) {
          String q = e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName();
          queueOf.put(e.getEventId(), q);
          scheduled.put(e.getEventId(), at);
          first.merge(q, at, (a, b) -> a.isBefore(b) ? a : b);
        } else if (e.hasActivityTaskStartedEventAttributes()) {
          var a = e.getActivityTaskStartedEventAttributes();
          String q = queueOf.get(a.getScheduledEventId());
          if (q != null) {
            Instant sched = scheduled.get(a.getScheduledEventId());
            waits.computeIfAbsent(q, k -> new ArrayList<>()).add(secondsBetween(sched, at));
            pairs.computeIfAbsent(q, k -> new ArrayList<>()).add(new Instant[] {sched, at});
            if (a.getAttempt() > 1) {
              retried.merge(q, 1, Integer::sum);
            }
          }
        } else {
          long sched =
              e.hasActivityTaskCompletedEventAttributes()
                  ? e.getActivityTaskCompletedEventAttributes().getScheduledEventId()
                  : e.hasActivityTaskFailedEventAttributes()
                      ? e.getActivityTaskFailedEventAttributes().getScheduledEventId()
                      : e.hasActivityTaskTimedOutEventAttributes()
                          ? e.getActivityTaskTimedOutEventAttributes().getScheduledEventId()
                          : -1;
          String q = queueOf.get(sched);
          if (q != null) {
            last.merge(q, at, (a, b) -> a.isAfter(b) ? a : b);
          }
        }
      }
    }
    Map<String, QueueFigures> figures = new LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    order.add(TaskQueues.CONTROL);
    limits
        .keySet()
        .forEach(
            sys -> {
              order.add(TaskQueues.reads(sys));
              order.add(TaskQueues.killSwitch(sys));
              order.add(TaskQueues.cleanup(sys));
            });
    waits.keySet().stream().filter(q -> !order.contains(q)).forEach(order::add);
    for (String q : order) {
      List<Double> w = waits.getOrDefault(q, List.of());
      double limit = Double.NaN;
      for (var l : limits.entrySet()) {
        if (q.equals(TaskQueues.killSwitch(l.getKey()))) {
          limit = l.getValue().killSwitchPerSecond();
        } else if (q.equals(TaskQueues.cleanup(l.getKey()))) {
          limit = l.getValue().cleanupPerSecond();
        } else if (q.equals(TaskQueues.reads(l.getKey()))) {
          limit = l.getValue().readsPerSecond();
        }
      }
      figures.put(
          q,
          new QueueFigures(
              q,
              limit,
              w.size(),
              retried.getOrDefault(q, 0),
              w,
              first.get(q),
              last.get(q),
              pairs.getOrDefault(q, List.of())));
    }
    return figures;
  }

  private String report(
      List<Webhooks.Delivery> deliveries,
      Map<String, OffboardingStatus> finals,
      Map<String, Instant> releasedAt,
      Map<String, QueueFigures> queues,
      Instant t0,
      boolean enforced) {
    StringBuilder r = new StringBuilder();
    java.util.function.Consumer<String> line = s -> r.append(s).append('\n');
    line.accept("");
    line.accept("== Webhooks (Standard Webhooks, signed, all sent at once) ==");
    Map<String, Long> first = new TreeMap<>();
    Map<String, Long> outcomes = new TreeMap<>();
    int retries = 0;
    List<Double> firstLatency = new ArrayList<>();
    List<Double> allLatency = new ArrayList<>();
    for (Webhooks.Delivery d : deliveries) {
      first.merge(String.valueOf(d.attempts().get(0).status()), 1L, Long::sum);
      outcomes.merge(d.finalStatus() + " " + d.outcome(), 1L, Long::sum);
      retries += d.attempts().size() - 1;
      firstLatency.add(d.attempts().get(0).seconds());
      d.attempts().forEach(a -> allLatency.add(a.seconds()));
    }
    line.accept("  first answers by status: " + first);
    line.accept(
        "  final answers:           "
            + outcomes
            + (retries > 0 ? "  (" + retries + " redeliveries after 503, as the HRIS would)" : ""));
    line.accept("  answer latency (first delivery): " + Stats.of(firstLatency).millis());
    if (retries > 0) {
      line.accept("  answer latency (every delivery): " + Stats.of(allLatency).millis());
    }

    List<OffboardingStatus> normal =
        finals.entrySet().stream()
            .filter(e -> !releasedAt.containsKey(e.getKey()))
            .map(Map.Entry::getValue)
            .toList();
    List<Double> hrToKs =
        normal.stream()
            .filter(s -> s.hrEventToKillSwitch() != null)
            .map(s -> s.hrEventToKillSwitch().toMillis() / 1000.0)
            .toList();
    List<Double> hrToCleanup = new ArrayList<>();
    Instant lastKs = null;
    Instant lastCleanup = null;
    Instant lastVerified = null;
    for (OffboardingStatus s : finals.values()) {
      lastKs = max(lastKs, s.killSwitchCompletedAt());
      Instant cleanup =
          s.steps().stream()
              .filter(x -> x.stage() != Stage.KILL_SWITCH && !x.stepId().endsWith(".Revoke"))
              .map(StepStatus::completedAt)
              .filter(t -> t != null)
              .max(Comparator.naturalOrder())
              .orElse(null);
      lastCleanup = max(lastCleanup, cleanup);
      lastVerified =
          max(
              lastVerified,
              s.steps().stream()
                  .map(StepStatus::verifiedAt)
                  .filter(t -> t != null)
                  .max(Comparator.naturalOrder())
                  .orElse(null));
      if (cleanup != null && !releasedAt.containsKey(s.employeeId()) && s.hrEventAt() != null) {
        hrToCleanup.add(secondsBetween(later(s.hrEventAt(), s.effectiveAt()), cleanup));
      }
    }
    Stats ks = Stats.of(hrToKs);
    long killed = finals.values().stream().filter(s -> s.killSwitchCompletedAt() != null).count();
    long cleaned = finals.values().stream().filter(s -> CLEANED_UP.contains(s.phase())).count();
    long attention = finals.values().stream().filter(OffboardingStatus::needsAttention).count();
    line.accept("");
    line.accept("== Runs ==");
    line.accept(
        String.format(
            "  kill switch complete: %d/%d · clean-up and verification complete: %d/%d%s",
            killed,
            deliveries.size(),
            cleaned,
            deliveries.size(),
            attention > 0 ? " · needs attention: " + attention : ""));
    List<String> unfinished =
        finals.values().stream()
            .filter(s -> !CLEANED_UP.contains(s.phase()))
            .map(s -> s.employeeId() + " (" + s.phase() + ")")
            .sorted()
            .limit(10)
            .toList();
    if (!unfinished.isEmpty()) {
      line.accept(
          "  not finished: "
              + unfinished
              + (cleaned + unfinished.size() < finals.size() ? " …" : ""));
    }
    line.accept("  HR event → kill switch complete: " + ks.seconds());
    line.accept("  HR event → last clean-up step:   " + Stats.of(hrToCleanup).seconds());
    if (!releasedAt.isEmpty()) {
      List<Double> rel =
          releasedAt.entrySet().stream()
              .map(e -> finals.get(e.getKey()))
              .filter(s -> s != null && s.killSwitchCompletedAt() != null)
              .map(s -> secondsBetween(releasedAt.get(s.employeeId()), s.killSwitchCompletedAt()))
              .toList();
      line.accept(
          "  held by the brake, release → kill switch complete: " + Stats.of(rel).seconds());
    }
    line.accept("");
    line.accept("== Timeline (seconds after the first webhook was sent) ==");
    double tKs = lastKs == null ? Double.NaN : secondsBetween(t0, lastKs);
    double tCu = lastCleanup == null ? Double.NaN : secondsBetween(t0, lastCleanup);
    double tVer = lastVerified == null ? Double.NaN : secondsBetween(t0, lastVerified);
    line.accept("  last kill switch complete:   " + Stats.s(tKs) + " s");
    line.accept("  last clean-up step complete: " + Stats.s(tCu) + " s");
    line.accept("  last verification:           " + Stats.s(tVer) + " s");

    line.accept("");
    line.accept("== Task queues (from the runs' histories; wait = scheduled → started) ==");
    line.accept(
        String.format(
            "  %-26s %8s %10s %9s %10s   %s",
            "queue", "limit/s", "activities", "span s", "done/s", "wait"));
    List<Double> ksWaits = new ArrayList<>();
    List<Double> cuWaits = new ArrayList<>();
    for (QueueFigures q : queues.values()) {
      if (q.activities() == 0) {
        continue;
      }
      double span =
          q.firstScheduled() == null || q.lastClosed() == null
              ? Double.NaN
              : secondsBetween(q.firstScheduled(), q.lastClosed());
      line.accept(
          String.format(
              Locale.ROOT,
              "  %-26s %8s %10d %9s %10s   %s%s",
              q.queue(),
              Double.isNaN(q.limit()) ? "-" : num(q.limit()),
              q.activities(),
              Stats.s(span),
              Double.isNaN(span) || span <= 0
                  ? "-"
                  : String.format(Locale.ROOT, "%.1f", q.activities() / span),
              Stats.of(q.waits()).seconds(),
              q.retried() > 0 ? " · " + q.retried() + " retried" : ""));
      if (q.queue().endsWith("-killswitch")) {
        ksWaits.addAll(q.waits());
      } else if (q.queue().endsWith("-cleanup")) {
        cuWaits.addAll(q.waits());
      }
    }
    if (!enforced) {
      line.accept(
          "  (the Java test server ignores task-queue rate limits: no queue is throttled here;"
              + " run with the temporal CLI on the PATH or --address for real figures)");
    }

    Stats ksWait = Stats.of(ksWaits);
    Stats cuWait = Stats.of(cuWaits);
    line.accept("");
    line.accept("== Claim: the kill switch does not wait behind clean-up ==");
    String figures =
        String.format(
            Locale.ROOT,
            "kill switch p95 %s s (last at %s s) while clean-up took until %s s; queue wait p95: kill switch %s s, clean-up %s s",
            Stats.s(ks.p95()),
            Stats.s(tKs),
            Stats.s(tCu),
            Stats.s(ksWait.p95()),
            Stats.s(cuWait.p95()));
    // Clean-up work the kill switch overtook: scheduled before the last kill switch completed and
    // still queued then. On one shared queue the kill switch would have waited behind all of it.
    final Instant lastKsAt = lastKs;
    long overtaken =
        lastKsAt == null
            ? 0
            : queues.values().stream()
                .filter(q -> q.queue().endsWith("-cleanup"))
                .flatMap(q -> q.scheduledStarted().stream())
                .filter(p -> p[0].isBefore(lastKsAt) && p[1].isAfter(lastKsAt))
                .count();
    // What bounds the kill switch: the slowest kill-switch queue's own budget.
    QueueFigures slowest =
        queues.values().stream()
            .filter(
                q ->
                    q.queue().endsWith("-killswitch")
                        && q.activities() > 0
                        && !Double.isNaN(q.limit()))
            .max(Comparator.comparingDouble(q -> q.activities() / q.limit()))
            .orElse(null);
    String verdict;
    if (killed < deliveries.size()) {
      verdict =
          "NOT SHOWN: only "
              + killed
              + " of "
              + deliveries.size()
              + " runs completed their kill switch";
    } else if (overtaken > 0) {
      verdict =
          "kill switch did not wait behind clean-up: when the last kill switch completed, "
              + overtaken
              + " clean-up tasks scheduled before it were still queued";
    } else {
      verdict =
          "NOT SHOWN: no clean-up task was queued while the kill switch ran, so there was nothing to wait"
              + " behind; raise --leavers or lower --cleanup-rate";
    }
    line.accept("  " + figures + ":");
    line.accept("  " + verdict);
    if (slowest != null && enforced) {
      // Reads have their own queue: what is left on the kill-switch queue is its writes.
      double bound = slowest.activities() / slowest.limit();
      line.accept(
          String.format(
              Locale.ROOT,
              "  the kill switch's writes alone: %s had %d writes at %s/s, at least %s s;"
                  + " last kill switch at %s s = %.2f× that bound (goal ≤ 1.2×)",
              slowest.queue(),
              slowest.activities(),
              num(slowest.limit()),
              Stats.s(bound),
              Stats.s(tKs),
              tKs / bound));
    }
    QueueFigures slowestCleanup =
        queues.values().stream()
            .filter(
                q ->
                    q.queue().endsWith("-cleanup")
                        && q.activities() > 0
                        && !Double.isNaN(q.limit()))
            .max(Comparator.comparingDouble(q -> q.activities() / q.limit()))
            .orElse(null);
    if (slowestCleanup != null && enforced) {
      double bound = slowestCleanup.activities() / slowestCleanup.limit();
      line.accept(
          String.format(
              Locale.ROOT,
              "  clean-up's own budget: %s had %d activities at %s/s, at least %s s;"
                  + " last clean-up step at %s s = %.2f× that bound (goal ≤ 1.2×)",
              slowestCleanup.queue(),
              slowestCleanup.activities(),
              num(slowestCleanup.limit()),
              Stats.s(bound),
              Stats.s(tCu),
              tCu / bound));
    }
    return r.toString();
  }

  private void terminate(WorkflowClient client, List<String> ids) {
    int n = 0;
    for (String id : ids) {
      try {
        client.newUntypedWorkflowStub(WorkflowIds.forEmployee(id)).terminate("benchmark finished");
        n++;
      } catch (RuntimeException e) {
        // already closed
      }
    }
    out.println(
        "Terminated the benchmark's "
            + n
            + " runs on "
            + o.address
            + " (they would wait out the handover).");
  }

  static double secondsBetween(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e9;
  }

  private static Instant max(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static Instant later(Instant a, Instant b) {
    return b == null ? a : max(a, b);
  }

  static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Signs and sends the terminations, Standard Webhooks style, all at once. */
  static final class Webhooks {
    record Attempt(int status, double seconds) {}

    record Delivery(
        SyntheticTenant.Person person, List<Attempt> attempts, int finalStatus, String outcome) {
      boolean accepted() {
        return finalStatus / 100 == 2 && !"ignored".equals(outcome);
      }
    }

    private static final int MAX_ATTEMPTS = 10;
    private final URI endpoint;
    private final String secret;
    private final HttpClient http;
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    Webhooks(URI endpoint, String secret) {
      this.endpoint = endpoint;
      this.secret = secret;
      this.http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .executor(pool)
              .build();
    }

    List<Delivery> sendAll(List<SyntheticTenant.Person> people, Instant now) {
      try {
        List<CompletableFuture<Delivery>> all = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
          SyntheticTenant.Person p = people.get(i);
          String id = "msg_bench_" + p.employeeId() + "_" + now.toEpochMilli();
          byte[] body = body(p, now);
          all.add(send(p, id, body, new ArrayList<>()));
        }
        return all.stream().map(CompletableFuture::join).toList();
      } finally {
        pool.shutdown();
      }
    }

    private CompletableFuture<Delivery> send(
        SyntheticTenant.Person p, String id, byte[] body, List<Attempt> attempts) {
      String timestamp = Long.toString(Instant.now().getEpochSecond());
      HttpRequest req =
          HttpRequest.newBuilder(endpoint)
              .header("Content-Type", "application/json")
              .header("webhook-id", id)
              .header("webhook-timestamp", timestamp)
              .header("webhook-signature", StandardWebhookSignature.v1(secret, id, timestamp, body))
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      long start = System.nanoTime();
      return http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
          .handle(
              (resp, err) -> {
                double s = (System.nanoTime() - start) / 1e9;
                int status = err != null ? 0 : resp.statusCode();
                attempts.add(new Attempt(status, s));
                return resp;
              })
          .thenCompose(
              resp -> {
                int status = attempts.get(attempts.size() - 1).status();
                if ((status == 503 || status == 0) && attempts.size() < MAX_ATTEMPTS) {
                  long after =
                      resp == null
                          ? 1
                          : resp.headers()
                              .firstValue("Retry-After")
                              .map(Long::parseLong)
                              .orElse(1L);
                  // An HRIS waits the Retry-After; capped so the benchmark does not idle.
                  return CompletableFuture.supplyAsync(
                          () -> null,
                          CompletableFuture.delayedExecutor(Math.min(after, 2), TimeUnit.SECONDS))
                      .thenCompose(x -> send(p, id, body, attempts));
                }
                return CompletableFuture.completedFuture(
                    new Delivery(
                        p,
                        List.copyOf(attempts),
                        status,
                        resp == null ? "no answer" : outcome(resp.body())));
              });
    }

    private static String outcome(String body) {
      try {
        return JSON.readTree(body).path("outcome").asText("-");
      } catch (IOException e) {
        return "-";
      }
    }

    /** Effective now: HR recorded it now and access ends now. */
    static byte[] body(SyntheticTenant.Person p, Instant now) {
      ObjectNode root = JSON.createObjectNode();
      root.put("type", "employee.terminated");
      root.put("timestamp", now.toString());
      root.putObject("data")
          .put("employeeId", p.employeeId())
          .put("email", p.email())
          .put("managerEmail", p.managerEmail())
          .put("effectiveAt", now.toString())
          .put("timeZone", "UTC")
          .put("involuntary", true);
      try {
        return JSON.writeValueAsBytes(root);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
