package dev.leaver.worker.cli;

import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStore.ChainCheck;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.planning.Policies;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.worker.report.AuditReport;
import dev.leaver.worker.report.ReportFormat;
import dev.leaver.worker.report.ReportWindow;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.contract.OffboardingPolicy;
import io.temporal.client.WorkflowClient;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leaver report}: the auditor's report over a period, from the evidence store alone (no
 * Temporal), so it answers for runs whose histories retention has deleted.
 */
@Command(
    name = "report",
    description =
        "The auditor's report: one row per leaver run in a period, from the evidence store (works after Temporal's retention).")
final class ReportCmd implements Callable<Integer> {
  @Option(
      names = "--from",
      required = true,
      paramLabel = "DATE",
      description = "first day (UTC) or instant of the effective times covered, e.g. 2026-11-01")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DATE",
      description = "last day covered, whole (UTC), or an instant (excluded), e.g. 2026-11-30")
  String to;

  @Option(
      names = "--format",
      defaultValue = "csv",
      paramLabel = "csv|json|html|pdf",
      description = "default ${DEFAULT-VALUE}")
  String format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "write here instead of standard output")
  Path out;

  @Option(
      names = "--evidence",
      paramLabel = "LOCATION",
      description =
          "the evidence store: a directory or s3://bucket/prefix?region=… (default: the config's evidence:, else ./evidence)")
  String evidence;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "worker YAML: its evidence: and its policy's killSwitchSlaMinutes")
  Path config;

  @Option(
      names = "--sla-minutes",
      paramLabel = "N",
      description =
          "the kill-switch SLA (default: the policy's killSwitchSlaMinutes, else "
              + OffboardingPolicy.DEFAULT_KILL_SWITCH_SLA_MINUTES
              + ")")
  Integer slaMinutes;

  @Option(
      names = "--open-runs",
      description =
          "also ask Temporal for runs still open in the period that the store has no record of yet"
              + " (a kill switch parked for an operator): listed from their live status, the SLA breached once the"
              + " maximum has passed, else pending")
  boolean openRuns;

  // Where Temporal is, for --open-runs: as every client command finds it (and with its payload
  // keys).
  @picocli.CommandLine.Mixin LeaverCli.Connection connection;

  private final PrintStream stdout;
  private final PrintStream stderr;
  private final Clock clock;

  ReportCmd() {
    this(System.out, System.err, Clock.systemUTC());
  }

  ReportCmd(PrintStream stdout, PrintStream stderr, Clock clock) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.clock = clock;
  }

  @Override
  public Integer call() throws Exception {
    ReportWindow window;
    ReportFormat chosen;
    Duration sla;
    String location;
    WorkerConfig cfg;
    try {
      window = ReportWindow.parse(from, to);
      chosen = ReportFormat.named(format);
      cfg = config == null ? WorkerConfig.defaults() : WorkerConfig.read(config);
      location = evidence != null ? evidence : cfg.evidence();
      sla =
          Duration.ofMinutes(slaMinutes != null ? slaMinutes : policy(cfg).killSwitchSlaMinutes());
      if (sla.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("--sla-minutes must be at least 1");
      }
    } catch (IllegalArgumentException e) {
      stderr.println("leaver report: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      stderr.println("leaver report: cannot read " + config + ": " + e.getMessage());
      return 2;
    }
    if (!location.startsWith("s3://")
        && !Files.isDirectory(Path.of(location.replaceFirst("^file:", "")))) {
      stderr.println(
          "leaver report: no evidence store at "
              + location
              + " (give --evidence, or --config with the worker's evidence:)");
      return 2;
    }
    EvidenceStore store;
    try {
      store = EvidenceStores.open(location);
    } catch (IllegalArgumentException e) {
      stderr.println("leaver report: " + e.getMessage());
      return 2;
    }
    ChainCheck check = store.verify();
    String chain =
        check instanceof ChainCheck.Broken broken
            ? "HASH CHAIN BROKEN at record "
                + broken.sequence()
                + " ("
                + broken.where()
                + "): "
                + broken.why()
            : "hash chain intact, " + ((ChainCheck.Intact) check).records() + " records";
    List<AuditReport.OpenRun> open = openRuns ? openRuns(window) : List.of();
    AuditReport report =
        AuditReport.of(
            store.records(),
            open,
            window,
            sla,
            clock.instant(),
            location + (openRuns ? " and Temporal's open runs" : ""),
            chain);
    try (OutputStream sink =
        out == null
            ? new NonClosing(stdout)
            : new BufferedOutputStream(Files.newOutputStream(out))) {
      chosen.write(report, sink);
    }
    // Standard output may be the report itself: the summary goes to standard error.
    stderr.println((out == null ? "" : "wrote " + out + ": ") + totals(report));
    if (check instanceof ChainCheck.Broken) {
      stderr.println(
          "WARNING: "
              + chain
              + " — run `leaver evidence verify`; the rows may not be what was recorded");
      return 1;
    }
    return 0;
  }

  /**
   * Open offboardings whose effective time is in the window, each with its status query's answer.
   */
  private List<AuditReport.OpenRun> openRuns(ReportWindow window) throws Exception {
    WorkflowClient client = connection.client();
    try {
      String query =
          "WorkflowType = 'Offboarding' AND ExecutionStatus = 'Running' AND "
              + SearchAttributes.EFFECTIVE_AT.getName()
              + " >= '"
              + window.from()
              + "' AND "
              + SearchAttributes.EFFECTIVE_AT.getName()
              + " < '"
              + window.to()
              + "'";
      List<AuditReport.OpenRun> out = new ArrayList<>();
      for (var run : client.listExecutions(query).toList()) {
        var execution = run.getExecution();
        OffboardingStatus status =
            client
                .newWorkflowStub(
                    OffboardingWorkflow.class,
                    EvidenceCmd.target(execution.getWorkflowId(), execution.getRunId()))
                .status();
        out.add(new AuditReport.OpenRun(execution.getWorkflowId(), execution.getRunId(), status));
      }
      return out;
    } finally {
      client.getWorkflowServiceStubs().shutdown();
    }
  }

  static String totals(AuditReport report) {
    var t = report.totals();
    return t.runs()
        + " runs, SLA met "
        + t.slaMet()
        + ", breached "
        + t.slaBreached()
        + (t.slaPending() > 0 ? ", pending " + t.slaPending() : "")
        + ", n/a "
        + t.slaNotApplicable()
        + ", exceptions "
        + t.exceptions()
        + "; latency p50 "
        + secs(t.latencyP50())
        + ", p95 "
        + secs(t.latencyP95())
        + ", max "
        + secs(t.latencyMax());
  }

  private static String secs(Duration d) {
    return d == null ? "-" : Evidence.seconds(d);
  }

  private static OffboardingPolicy policy(WorkerConfig cfg) {
    if (cfg.policyFile() == null) {
      return Policies.defaults();
    }
    try {
      return Policies.read(Path.of(cfg.policyFile()));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the policy " + cfg.policyFile() + ": " + e.getMessage());
    }
  }

  /**
   * Standard output stays open after the report: the command prints more, and so may the caller.
   */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
