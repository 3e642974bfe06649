package dev.leaver.worker.cli;

import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.target.Connectors;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.starter.TerminationEventFile;
import dev.leaver.worker.CodecKeys;
import dev.leaver.worker.DevSandbox;
import dev.leaver.worker.LeaverWorker;
import dev.leaver.worker.Metrics;
import dev.leaver.worker.Preflight;
import dev.leaver.worker.Secrets;
import dev.leaver.worker.TargetWiring;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.worker.TemporalSettings;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.worker.WorkerParts;
import dev.leaver.workflows.api.ApproveDeletion;
import dev.leaver.workflows.api.LegalHold;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Release;
import dev.leaver.workflows.api.Reschedule;
import dev.leaver.workflows.api.Rescind;
import dev.leaver.workflows.api.RetryStep;
import dev.leaver.workflows.api.RevokeDelegation;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.SkipStep;
import dev.leaver.workflows.api.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code leaver}: the demo, the worker, and the operator's commands. */
@Command(
    name = "leaver",
    mixinStandardHelpOptions = true,
    // Inherited: every subcommand takes --help and --version too.
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = LeaverCli.Version.class,
    description = "Employee offboarding orchestrated by Temporal.",
    subcommands = {
      DevtoolsOnly.DemoCmd.class,
      LeaverCli.WorkerCmd.class,
      LeaverCli.StartCmd.class,
      LeaverCli.StatusCmd.class,
      EvidenceCmd.class,
      LeaverCli.RetryCmd.class,
      LeaverCli.SkipCmd.class,
      LeaverCli.RescindCmd.class,
      LeaverCli.RevokeDelegationCmd.class,
      LeaverCli.ReleaseCmd.class,
      LeaverCli.RescheduleCmd.class,
      CheckCmd.class,
      ReportCmd.class,
      StarterCmd.class,
      ImportCmd.class,
      DevtoolsOnly.BenchCmd.class,
      CodecServerCmd.class,
      DevtoolsOnly.SandboxCmd.class,
      LeaverCli.ApproveDeletionCmd.class,
      LeaverCli.LegalHoldCmd.class
    })
public final class LeaverCli implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The CLI as {@link #main} runs it: operator mistakes explained, not stack traces. */
  public static CommandLine commandLine() {
    return new CommandLine(new LeaverCli()).setExecutionExceptionHandler(LeaverCli::explain);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Operator mistakes get a sentence, not a stack trace. */
  static int explain(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    Throwable cause = e;
    if (e instanceof io.temporal.client.WorkflowUpdateException u
        && u.getCause() instanceof io.temporal.failure.ApplicationFailure af) {
      cmd.getErr().println("refused: " + af.getOriginalMessage());
      return 1;
    }
    while (cause != null) {
      if (cause instanceof IllegalArgumentException bad
          && bad.getMessage() != null
          && (bad.getMessage().startsWith("Temporal environment configuration")
              || bad.getMessage().startsWith(dev.leaver.worker.CodecKeys.ENV)
              || bad.getMessage().startsWith("codec.keys")
              || bad.getMessage().startsWith("--")
              || bad.getMessage()
                  .startsWith("temporal."))) { // a YAML's TLS file or API key (TemporalSettings)
        cmd.getErr().println("invalid configuration: " + bad.getMessage());
        return 2;
      }
      if (cause instanceof io.temporal.common.converter.DataConverterException dc
          && dc.getMessage() != null
          && dc.getMessage().contains(dev.leaver.workflows.codec.AesGcmCodec.ENCODING)) {
        cmd.getErr()
            .println(
                "the run's payloads are encrypted and this command has no key for them: set "
                    + dev.leaver.worker.CodecKeys.ENV
                    + " as for the worker (docs/runbook.md, Private payloads)");
        return 2;
      }
      if (cause instanceof io.temporal.payload.codec.PayloadCodecException pc) {
        cmd.getErr().println("cannot decrypt the run's payloads: " + pc.getMessage());
        return 2;
      }
      if (cause instanceof io.temporal.client.WorkflowNotFoundException) {
        var nf = (io.temporal.client.WorkflowNotFoundException) cause;
        cmd.getErr()
            .println(
                "no running offboarding "
                    + nf.getExecution().getWorkflowId()
                    + " (it may have ended: `leaver evidence` reads a finished one)");
        return 1;
      }
      if (cause instanceof io.grpc.StatusRuntimeException s
          && s.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE) {
        cmd.getErr().println("cannot reach Temporal: " + s.getStatus().getDescription());
        return 1;
      }
      if (cause instanceof io.grpc.StatusRuntimeException s
          && (s.getStatus().getCode() == io.grpc.Status.Code.UNAUTHENTICATED
              || s.getStatus().getCode() == io.grpc.Status.Code.PERMISSION_DENIED)) {
        // The description names what was refused (TransportFailures).
        cmd.getErr().println("cannot connect to Temporal: " + s.getStatus().getDescription());
        return 1;
      }
      cause = cause.getCause();
    }
    throw new CommandLine.ExecutionException(cmd, "leaver " + cmd.getCommandName() + " failed", e);
  }

  /**
   * {@code --version}: the jar manifest's version, else the one the build wrote into the classes.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws Exception {
      return new String[] {"leaver " + version()};
    }

    static String version() throws java.io.IOException {
      String fromJar = LeaverCli.class.getPackage().getImplementationVersion();
      if (fromJar != null) {
        return fromJar;
      }
      try (var in = LeaverCli.class.getResourceAsStream("/dev/leaver/worker/version.properties")) {
        var p = new java.util.Properties();
        if (in != null) {
          p.load(in);
        }
        return p.getProperty("version", "unknown");
      }
    }
  }

  /**
   * Where Temporal is: {@code --address}/{@code --namespace} over Temporal's environment
   * configuration.
   */
  public static final class TemporalFlags {
    @Option(
        names = "--address",
        paramLabel = "HOST:PORT",
        description =
            "Temporal frontend; wins over TEMPORAL_ADDRESS and temporal.toml (default 127.0.0.1:7233)")
    String address;

    @Option(
        names = "--namespace",
        description =
            "Temporal namespace; wins over TEMPORAL_NAMESPACE and temporal.toml (default: default)")
    String namespace;

    /** The settings over {@code yaml} (null: the built-in defaults). */
    TemporalSettings settings(WorkerConfig.Temporal yaml) {
      return TemporalSettings.load(yaml, System.getenv(), address, namespace);
    }
  }

  /** Where Temporal is, for the client commands. */
  static final class Connection {
    @Mixin TemporalFlags temporal;

    WorkflowClient client() throws Exception {
      TemporalSettings settings = temporal.settings(null);
      WorkflowServiceStubs stubs =
          TemporalConnection.stubs(settings, new Secrets(System.getenv()), null, null);
      // The same keys as the worker's, so an operator's command reads and writes what the worker
      // does.
      return TemporalConnection.client(
          stubs, settings.namespace(), CodecKeys.converter(CodecKeys.load(null, System.getenv())));
    }

    OffboardingWorkflow workflow(String employeeId) throws Exception {
      return client()
          .newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee(employeeId));
    }

    /**
     * Sends {@code update} with one JSON object, exactly as the Web UI's <em>Send an Update</em>
     * does (the typed stub would add the null second argument some updates keep for old histories);
     * a refusal comes out as the validator's sentence.
     */
    String send(String employeeId, String update, Object request) throws Exception {
      return send(client(), WorkflowIds.forEmployee(employeeId), update, request);
    }

    static String send(WorkflowClient client, String workflowId, String update, Object request) {
      return client.newUntypedWorkflowStub(workflowId).update(update, String.class, request);
    }
  }

  /** Who acts, for the updates: recorded with the reason in the run's ledger and evidence. */
  static final class OperatorFlag {
    @Option(
        names = "--operator",
        paramLabel = "WHO",
        description = "who you are, kept in the run's ledger and evidence (default: $USER@host)")
    String operator;

    String operator() {
      return operator != null && !operator.isBlank() ? operator : defaultOperator(System.getenv());
    }

    static String defaultOperator(Map<String, String> env) {
      String user = env.getOrDefault("USER", System.getProperty("user.name", "unknown"));
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = env.getOrDefault("HOSTNAME", "localhost");
      }
      return user + "@" + host;
    }
  }

  @Command(name = "worker", description = "Run the worker against a Temporal server.")
  static final class WorkerCmd implements Callable<Integer> {
    @Option(names = "--config", description = "worker YAML (see deploy/worker.example.yaml)")
    Path config;

    @Option(
        names = "--sandbox",
        description = "serve the sandbox tenant in-process and point every connector at it")
    boolean sandbox;

    @Option(names = "--sandbox-port", defaultValue = "0")
    int sandboxPort;

    @Option(
        names = "--sandbox-url",
        paramLabel = "URL",
        description =
            "point every connector at a sandbox already running (`leaver sandbox`), "
                + "e.g. http://127.0.0.1:8089; it keeps its tenant when this worker dies")
    String sandboxUrl;

    @Mixin TemporalFlags temporalFlags;

    @Option(
        names = "--metrics-port",
        paramLabel = "PORT",
        description =
            "port for /metrics and /health, 0 = off; overrides the config's metricsPort (default 9464)")
    Integer metricsPort;

    @Option(
        names = "--evidence",
        paramLabel = "LOCATION",
        description =
            "where each run's evidence is kept: a directory or s3://bucket/prefix?…;"
                + " overrides the config's evidence (default ./evidence)")
    String evidence;

    @Override
    public Integer call() throws Exception {
      if (sandbox && sandboxUrl != null) {
        System.err.println(
            "give --sandbox (one in-process) or --sandbox-url (one already running), not both");
        return 2;
      }
      if (sandbox && DevSandbox.installed().isEmpty()) {
        System.err.println(DevSandbox.MISSING);
        return 2;
      }
      Secrets secrets = new Secrets(System.getenv());
      WorkerConfig cfg;
      TemporalSettings temporal;
      Connectors connectors;
      java.util.Optional<dev.leaver.workflows.codec.AesGcmCodec> codec;
      EvidenceStore evidence;
      DevSandbox.Tenant sb = null;
      String sandboxBase;
      try {
        cfg = withOverrides(config == null ? WorkerConfig.defaults() : WorkerConfig.read(config));
        temporal = temporalFlags.settings(cfg.temporal());
        codec = CodecKeys.load(cfg.codec(), System.getenv());
        TargetWiring.limits(cfg); // an unknown id in rateLimits stops the worker here, not later
        evidence = EvidenceStores.open(cfg.evidence());
        sb = sandbox ? DevSandbox.installed().get().startDemo(sandboxPort) : null;
        sandboxBase = sb != null ? sb.baseUrl() : sandboxUrl;
        connectors =
            sandboxBase != null
                ? TargetWiring.sandbox(sandboxBase)
                : TargetWiring.fromConfig(cfg, secrets);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        System.err.println("invalid configuration: " + e.getMessage());
        if (sb != null) {
          sb.close();
        }
        return 2;
      }
      if (connectors.all().isEmpty()) {
        System.err.println(
            "no target systems configured: give --config with systems, --sandbox or --sandbox-url");
        return 2;
      }
      WorkerParts parts = WorkerParts.fromConfig(cfg, connectors, evidence, secrets);
      Metrics metrics = new Metrics();
      dev.leaver.worker.PollerErrorLogFilter.install();
      // LEAVER_SDK_POLLERS=default: the SDK's own poll back-off (for comparison, or if waiting
      // polls misbehave).
      boolean tuned = !"default".equals(System.getenv("LEAVER_SDK_POLLERS"));
      WorkflowServiceStubs stubs =
          TemporalConnection.stubs(temporal, secrets, metrics.scope(), null, tuned);
      TemporalConnection.ensureSearchAttributes(stubs, temporal.namespace());
      WorkflowClient workflowClient =
          TemporalConnection.client(stubs, temporal.namespace(), CodecKeys.converter(codec));
      WorkerFactory factory =
          WorkerFactory.newInstance(workflowClient, LeaverWorker.factoryOptions());
      var reachability =
          new dev.leaver.worker.TemporalReachability(
                  stubs, temporal.address(), Duration.ofSeconds(1), Clock.systemUTC())
              .start();
      var parkedRuns =
          new dev.leaver.worker.ParkedRuns(
              workflowClient,
              metrics.registry(),
              Duration.ofSeconds(15),
              () -> reachability.state().reachable());
      // Before polling starts: a system that refuses the worker is not polled at all.
      Preflight preflight = new Preflight(connectors, Duration.ofSeconds(30), Clock.systemUTC());
      LeaverWorker.register(factory, parts, Clock.systemUTC(), preflight);
      factory.start();
      preflight.watch(factory);
      if (cfg.metricsPort() > 0) {
        int port =
            metrics.serve(
                "0.0.0.0",
                cfg.metricsPort(),
                () -> dev.leaver.worker.WorkerHealth.live(factory),
                () -> dev.leaver.worker.WorkerHealth.ready(preflight, reachability, factory));
        System.out.println(
            "metrics and health on :" + port + " (/metrics, /health/live, /health/ready)");
      }
      System.out.println(
          "worker running: systems "
              + connectors.all().stream().map(s -> s.id()).toList()
              + (sandboxBase != null ? " (sandbox " + sandboxBase + ")" : "")
              + ", Temporal "
              + temporal.address()
              + " namespace "
              + temporal.namespace()
              + " (address from "
              + temporal.addressSource()
              + "), "
              + CodecKeys.describe(codec)
              + ", evidence kept in "
              + evidence);
      CountDownLatch stopped = new CountDownLatch(1);
      DevSandbox.Tenant started = sb;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    // Graceful: stop polling, let running activities finish, then close.
                    preflight.close();
                    reachability.close();
                    parkedRuns.close();
                    factory.shutdown();
                    factory.awaitTermination(30, TimeUnit.SECONDS);
                    connectors.close();
                    metrics.close();
                    stubs.shutdown();
                    if (started != null) {
                      started.close();
                    }
                    stopped.countDown();
                  }));
      stopped.await();
      return 0;
    }

    private WorkerConfig withOverrides(WorkerConfig cfg) {
      return new WorkerConfig(
          cfg.temporal(),
          metricsPort == null ? cfg.metricsPort() : metricsPort,
          cfg.policyFile(),
          cfg.systems(),
          cfg.rateLimits(),
          cfg.operatorChannel(),
          cfg.codec(),
          evidence == null ? cfg.evidence() : evidence,
          cfg.source());
    }
  }

  /**
   * Whether the run holding this id has closed having changed nothing (a notification-only dry
   * run).
   */
  static boolean changedNothing(io.temporal.client.WorkflowClient client, String workflowId) {
    try {
      OffboardingStatus s =
          client
              .newUntypedWorkflowStub(workflowId)
              .getResult(2, java.util.concurrent.TimeUnit.SECONDS, OffboardingStatus.class);
      return s != null && s.phase() == dev.leaver.workflows.api.Phase.DRY_RUN_COMPLETED;
    } catch (java.util.concurrent.TimeoutException | RuntimeException stillRunningOrFailed) {
      return false;
    }
  }

  @Command(name = "start", description = "Start an offboarding from an event file or flags.")
  static final class StartCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Option(names = "--event", description = "termination event JSON file")
    Path event;

    @Option(names = "--employee-id")
    String employeeId;

    @Option(names = "--upn")
    String upn;

    @Option(names = "--manager")
    String manager;

    @Option(names = "--effective", description = "ISO instant; default now")
    Instant effective;

    @Option(names = "--zone", defaultValue = "UTC")
    String zone;

    @Option(names = "--involuntary")
    boolean involuntary;

    @Option(names = "--dry-run", description = "resolve and snapshot only; write nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      Clock clock = Clock.systemUTC();
      OffboardingRequest request;
      try {
        request =
            event != null
                ? TerminationEventFile.read(event, clock)
                : new OffboardingRequest(
                    employeeId,
                    upn,
                    manager,
                    effective == null ? clock.instant() : effective,
                    zone,
                    "cli-" + clock.millis(),
                    clock.instant(),
                    "cli",
                    involuntary,
                    dryRun);
        if (dryRun && !request.dryRun()) {
          request =
              new OffboardingRequest(
                  request.employeeId(),
                  request.upn(),
                  request.managerUpn(),
                  request.effectiveAt(),
                  request.zone(),
                  request.hrEventId(),
                  request.hrEventAt(),
                  request.source(),
                  request.involuntary(),
                  true);
        }
      } catch (RuntimeException e) {
        System.err.println("invalid termination: " + e.getMessage());
        return 2;
      }
      OffboardingStarter starter = new OffboardingStarter(connection.client());
      var started = starter.start(request);
      if (started.duplicate()
          && !request.dryRun()
          && changedNothing(connection.client(), started.workflowId())) {
        // The run holding the id was a notification-only dry run: an operator's start is the real
        // one.
        started = starter.start(request, true);
      }
      System.out.println(
          started.duplicate()
              ? "already exists: "
                  + started.workflowId()
                  + " run "
                  + started.runId()
                  + " (nothing new started)"
              : "started " + started.workflowId() + " run " + started.runId());
      return 0;
    }
  }

  @Command(name = "status", description = "Show every step of an offboarding.")
  static final class StatusCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(paramLabel = "EMPLOYEE_ID")
    String employeeId;

    @Override
    public Integer call() throws Exception {
      OffboardingStatus s = connection.workflow(employeeId).status();
      System.out.println(
          WorkflowIds.forEmployee(employeeId)
              + " · phase "
              + s.phase()
              + (s.outcome() == null ? "" : " · outcome " + s.outcome())
              + (s.needsAttention() ? " · NEEDS ATTENTION" : ""));
      System.out.println("effective:     " + utc(s.effectiveAt()));
      System.out.println(
          "handover ends: "
              + handoverEnd(s)
                  .map(LeaverCli::utc)
                  .orElse("not scheduled yet (set once the manager's access is granted)"));
      System.out.println();
      Evidence.print(s, System.out);
      return 0;
    }
  }

  /** When the manager's access is taken back: the latest due time of a scheduled revocation. */
  static java.util.Optional<Instant> handoverEnd(OffboardingStatus s) {
    if (s.handoverEndsAt() != null) {
      return java.util.Optional.of(s.handoverEndsAt()); // the run's own, ended early or not
    }
    // From a worker before the status said it: as the workflow computes it (StepRunner#facts).
    return s.steps().stream()
        .filter(st -> st.stepId().endsWith(".Revoke") && st.dueAt() != null)
        .map(dev.leaver.workflows.api.StepStatus::dueAt)
        .max(Instant::compareTo);
  }

  static String utc(Instant t) {
    return t == null
        ? "-"
        : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(java.time.ZoneOffset.UTC)
            .format(t);
  }

  @Command(
      name = "reschedule",
      description =
          "Move an offboarding's effective time while it still waits for it (as an HRIS update does).")
  static final class RescheduleCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", paramLabel = "EMPLOYEE_ID")
    String employeeId;

    @Parameters(
        index = "1",
        paramLabel = "EFFECTIVE",
        description =
            "the new effective time: an ISO instant (2026-12-31T17:00:00Z), or a local date-time"
                + " (2026-12-31T17:00) or date (2026-12-31, midnight) in --zone")
    String effective;

    @Option(
        names = "--zone",
        defaultValue = "UTC",
        description = "zone for a time without one (default ${DEFAULT-VALUE})")
    String zone;

    @Option(names = "--reason", description = "why, kept in the evidence")
    String reason;

    @Mixin OperatorFlag operator;

    @Override
    public Integer call() throws Exception {
      Instant at;
      try {
        at = parseEffective(effective, java.time.ZoneId.of(zone));
      } catch (java.time.DateTimeException e) {
        System.err.println(
            "not a time: "
                + effective
                + " (give e.g. 2026-12-31T17:00:00Z, 2026-12-31T17:00 or 2026-12-31)");
        return 2;
      }
      System.out.println(
          connection.send(
              employeeId, "reschedule", new Reschedule(at, reason, operator.operator())));
      System.out.println("effective:     " + utc(at));
      return 0;
    }
  }

  static Instant parseEffective(String text, java.time.ZoneId zone) {
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException notOffset) {
      try {
        return java.time.LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (java.time.format.DateTimeParseException notLocal) {
        return java.time.LocalDate.parse(text).atStartOfDay(zone).toInstant();
      }
    }
  }

  @Command(name = "retry", description = "Run a parked step again.")
  static final class RetryCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", paramLabel = "EMPLOYEE_ID")
    String employeeId;

    @Parameters(index = "1", paramLabel = "STEP_ID")
    String stepId;

    @Option(names = "--reason", description = "what changed, e.g. the permission granted")
    String reason;

    @Mixin OperatorFlag operator;

    @Override
    public Integer call() throws Exception {
      System.out.println(
          connection.send(
              employeeId, "retryStep", new RetryStep(stepId, reason, operator.operator())));
      return 0;
    }
  }

  @Command(name = "skip", description = "Skip a parked step, with a reason kept in the evidence.")
  static final class SkipCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", paramLabel = "EMPLOYEE_ID")
    String employeeId;

    @Parameters(index = "1", paramLabel = "STEP_ID")
    String stepId;

    @Option(names = "--reason", required = true)
    String reason;

    @Mixin OperatorFlag operator;

    @Override
    public Integer call() throws Exception {
      System.out.println(
          connection.send(
              employeeId, "skipStep", new SkipStep(stepId, reason, operator.operator())));
      return 0;
    }
  }

  @Command(name = "rescind", description = "Cancel an offboarding and undo what it changed.")
  static final class RescindCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(paramLabel = "EMPLOYEE_ID")
    String employeeId;

    @Option(names = "--reason", required = true)
    String reason;

    @Mixin OperatorFlag operator;

    @Override
    public Integer call() throws Exception {
      System.out.println(
          connection.send(employeeId, "rescind", new Rescind(reason, operator.operator())));
      return 0;
    }
  }

  @Command(
      name = "release",
      description = "Let offboardings held by the mass-termination brake go on.")
  static final class ReleaseCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(arity = "0..1", paramLabel = "EMPLOYEE_ID")
    String employeeId;

    @Option(names = "--all-held", description = "release every run the brake holds")
    boolean allHeld;

    @Option(names = "--reason", required = true, description = "who approved it and why")
    String reason;

    @Mixin OperatorFlag operator;

    @Override
    public Integer call() throws Exception {
      if ((employeeId == null) == !allHeld) {
        System.err.println("give one EMPLOYEE_ID or --all-held");
        return 2;
      }
      WorkflowClient client = connection.client();
      if (employeeId != null) {
        System.out.println(
            connection.send(employeeId, "release", new Release(reason, operator.operator())));
        return 0;
      }
      // Only runs that have reached HELD can be released; the flag is set from the start.
      var held =
          client
              .listExecutions(
                  SearchAttributes.HELD.getName()
                      + " = true AND "
                      + SearchAttributes.PHASE.getName()
                      + " = 'HELD' AND ExecutionStatus = 'Running'")
              .toList();
      int refused = 0;
      for (var run : held) {
        String id = run.getExecution().getWorkflowId();
        try {
          System.out.println(
              id
                  + ": "
                  + Connection.send(
                      client, id, "release", new Release(reason, operator.operator())));
        } catch (io.temporal.client.WorkflowUpdateException e) {
          refused++;
          System.out.println(
              id
                  + ": refused: "
                  + (e.getCause() instanceof io.temporal.failure.ApplicationFailure af
                      ? af.getOriginalMessage()
                      : e.getMessage()));
        }
      }
      if (refused > 0) {
        System.out.println(
            "released "
                + (held.size() - refused)
                + " held offboarding(s); "
                + refused
                + " refused");
        return 1;
      }
      System.out.println("released " + held.size() + " held offboarding(s)");
      return 0;
    }
  }

  @Command(name = "revoke-delegation", description = "End the manager's handover access now.")
  static final class RevokeDelegationCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(paramLabel = "EMPLOYEE_ID")
    String employeeId;

    @Option(names = "--reason", description = "why, kept in the evidence")
    String reason;

    @Mixin OperatorFlag operator;

    @Override
    public Integer call() throws Exception {
      System.out.println(
          connection.send(
              employeeId,
              "revokeDelegationNow",
              new RevokeDelegation(reason, operator.operator())));
      return 0;
    }
  }

  @Command(
      name = "approve-deletion",
      description =
          "Approve deleting a leaver's accounts once the policy's grace period has passed.")
  static final class ApproveDeletionCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(paramLabel = "EMPLOYEE_ID")
    String employeeId;

    @Option(
        names = "--approver",
        required = true,
        description = "who approves, kept in the evidence")
    String approver;

    @Option(names = "--reason", required = true, description = "why, e.g. the ticket")
    String reason;

    @Mixin OperatorFlag operator;

    @Override
    public Integer call() throws Exception {
      System.out.println(
          connection.send(
              employeeId,
              "approveDeletion",
              new ApproveDeletion(approver, reason, operator.operator())));
      return 0;
    }
  }

  @Command(
      name = "legal-hold",
      description =
          "Set (on) or lift (off) a legal hold: nothing of the leaver's is deleted while it is set.")
  static final class LegalHoldCmd implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", paramLabel = "EMPLOYEE_ID")
    String employeeId;

    @Parameters(index = "1", paramLabel = "on|off")
    String onOff;

    @Option(names = "--reason", required = true, description = "who asked for it and why")
    String reason;

    @Mixin OperatorFlag operator;

    @Override
    public Integer call() throws Exception {
      if (!onOff.equals("on") && !onOff.equals("off")) {
        System.err.println("say on or off, not " + onOff);
        return 2;
      }
      System.out.println(
          connection.send(
              employeeId,
              "setLegalHold",
              new LegalHold(onOff.equals("on"), reason, operator.operator())));
      return 0;
    }
  }
}
