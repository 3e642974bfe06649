package dev.leaver.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.leaver.activities.evidence.EvidenceStore;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.WorkflowIds;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowTargetOptions;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code leaver evidence}: one run's evidence, whatever state it is in. A completed run's comes
 * from the result in its history; a run that found nobody from its failure; a run still going from
 * its status query, labelled as in progress; a terminated run, or one whose history retention has
 * deleted, from the evidence store, saying so.
 */
@Command(
    name = "evidence",
    description =
        "Print one run's evidence: from its history, its live status while it runs, or the evidence store once the history is gone.",
    subcommands = EvidenceVerifyCmd.class)
final class EvidenceCmd implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  @Mixin LeaverCli.Connection connection;

  // Optional only so that `leaver evidence verify` reaches its subcommand.
  @Parameters(paramLabel = "EMPLOYEE_ID", arity = "0..1")
  String employeeId;

  @Option(
      names = "--run-id",
      paramLabel = "RUN_ID",
      description = "one run of the employee's (default: the latest)")
  String runId;

  @Option(
      names = "--json",
      description = "the evidence as JSON: the header's fields and the whole status")
  boolean json;

  @Option(
      names = "--evidence",
      paramLabel = "LOCATION",
      description =
          "the evidence store, for runs whose history is gone (default: the config's evidence:, else ./evidence)")
  String evidence;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "worker YAML, for its evidence: key")
  Path config;

  /**
   * What is printed: where the run stands and where its status came from.
   *
   * @param workflowId {@code offboarding-<employeeId>}
   * @param runId the Temporal run id
   * @param temporalStatus how Temporal sees the run (RUNNING, COMPLETED, FAILED, TERMINATED, …), or
   *     {@code UNKNOWN} when Temporal no longer has it
   * @param inProgress true while the run has not ended: the status is its current one
   * @param source where the status was read
   * @param closing how the run closed, when its last event says more than its status
   * @param status the run's status; null when nothing kept one
   */
  record View(
      String workflowId,
      String runId,
      String temporalStatus,
      boolean inProgress,
      String source,
      String closing,
      OffboardingStatus status) {}

  @Override
  public Integer call() throws Exception {
    if (employeeId == null) {
      System.err.println(
          "give an employee id (leaver evidence EMPLOYEE_ID), or: leaver evidence verify");
      return 2;
    }
    String workflowId = WorkflowIds.forEmployee(employeeId);
    WorkflowClient client = connection.client();
    View view;
    try {
      view = fromTemporal(client, workflowId);
    } catch (WorkflowNotFoundException e) {
      view = null;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
      view = null;
    }
    if (view == null || view.status() == null) {
      View stored = fromStore(workflowId, view);
      if (stored != null) {
        view = stored;
      }
    }
    if (view != null && view.status() == null) {
      view = queried(client, view);
    }
    if (view == null) {
      System.err.println(
          "no such run: "
              + workflowId
              + (runId == null ? "" : " run " + runId)
              + " (not in Temporal, and not in the evidence store "
              + location()
              + ")");
      return 1;
    }
    print(view, System.out);
    return 0;
  }

  private View fromTemporal(WorkflowClient client, String workflowId) {
    WorkflowExecutionDescription d =
        client.newUntypedWorkflowStub(target(workflowId, runId)).describe();
    String run = d.getExecution().getRunId();
    WorkflowExecutionStatus status = d.getStatus();
    String temporalStatus = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      OffboardingWorkflow wf =
          client.newWorkflowStub(OffboardingWorkflow.class, target(workflowId, run));
      return new View(
          workflowId,
          run,
          temporalStatus,
          true,
          "the run's status query (the run is in progress)",
          null,
          wf.status());
    }
    WorkflowExecutionHistory history = client.fetchHistory(workflowId, run);
    String closing = Evidence.closing(history).orElse(null);
    return Evidence.closedStatus(history, client.getOptions().getDataConverter())
        .map(
            s ->
                new View(
                    workflowId,
                    run,
                    temporalStatus,
                    false,
                    "the run's Temporal history",
                    closing,
                    s))
        .orElse(
            new View(
                workflowId,
                run,
                temporalStatus,
                false,
                "the run's Temporal history (it kept no status)",
                closing,
                null));
  }

  /**
   * A closed run's status by query, which a worker answers by replaying the history (cancelled and
   * terminated runs keep no result); without a worker the query fails and the view stays as it is.
   */
  private static View queried(WorkflowClient client, View v) {
    try {
      OffboardingStatus s =
          client
              .newWorkflowStub(OffboardingWorkflow.class, target(v.workflowId(), v.runId()))
              .status();
      return new View(
          v.workflowId(),
          v.runId(),
          v.temporalStatus(),
          false,
          "the run's status query, answered by a worker replaying its history (it kept no result)",
          v.closing(),
          s);
    } catch (RuntimeException noWorkerOrNoAnswer) {
      return v;
    }
  }

  /** The latest record of the run (CLOSED over KILL_SWITCH_DONE) in the evidence store, if any. */
  private View fromStore(String workflowId, View seen) {
    String location = location();
    if (!location.startsWith("s3://")
        && !Files.isDirectory(Path.of(location.replaceFirst("^file:", "")))) {
      return null;
    }
    EvidenceStore store = EvidenceStores.open(location);
    String wanted = seen != null ? seen.runId() : runId;
    List<EvidenceRecord> mine =
        store.records().stream()
            .filter(
                r ->
                    r.workflowId().equals(workflowId)
                        && (wanted == null || r.runId().equals(wanted)))
            .toList();
    if (mine.isEmpty()) {
      return null;
    }
    // The latest run is the one with the newest record; of its records, CLOSED beats
    // KILL_SWITCH_DONE.
    String run = mine.get(mine.size() - 1).runId();
    EvidenceRecord r =
        mine.stream()
            .filter(x -> x.runId().equals(run))
            .max(
                Comparator.comparing(EvidenceRecord::milestone)
                    .thenComparing(EvidenceRecord::sequence))
            .orElseThrow();
    String why =
        seen == null
            ? "its Temporal history is gone (deleted after the namespace's retention)"
            : "its Temporal history kept no status";
    return new View(
        workflowId,
        run,
        seen == null ? "UNKNOWN" : seen.temporalStatus(),
        false,
        "the evidence store "
            + location
            + ", record "
            + r.sequence()
            + " ("
            + r.milestone()
            + ", recorded "
            + Evidence.time(r.recordedAt())
            + " UTC): "
            + why,
        seen == null ? null : seen.closing(),
        r.status());
  }

  private String location() {
    if (evidence != null) {
      return evidence;
    }
    try {
      return (config == null ? WorkerConfig.defaults() : WorkerConfig.read(config)).evidence();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read " + config + ": " + e.getMessage());
    }
  }

  private void print(View v, PrintStream out) throws java.io.IOException {
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("workflowId", v.workflowId());
      doc.put("runId", v.runId());
      doc.put("temporalStatus", v.temporalStatus());
      doc.put("inProgress", v.inProgress());
      doc.put("source", v.source());
      doc.put("closing", v.closing());
      doc.put("status", v.status());
      out.println(JSON.writeValueAsString(doc));
      return;
    }
    OffboardingStatus s = v.status();
    out.println("workflow:        " + v.workflowId());
    out.println("run:             " + v.runId());
    out.println("state:           " + state(v));
    if (s != null) {
      out.println(
          "phase:           " + s.phase() + (s.needsAttention() ? " · NEEDS ATTENTION" : ""));
      out.println("HR event:        " + utcOrDash(s.hrEventAt()));
      out.println("effective:       " + utcOrDash(s.effectiveAt()));
      if (s.rescindReason() != null) {
        out.println("rescind reason:  " + s.rescindReason());
      }
    }
    out.println("from:            " + v.source());
    out.println();
    if (s == null) {
      out.println(
          "no status was kept for this run: the history has no result, and the evidence store"
              + " holds no record of it");
      return;
    }
    Evidence.print(s, out);
  }

  private static String state(View v) {
    if (v.inProgress()) {
      return "IN PROGRESS (the run has not ended; this is its current status)";
    }
    if (v.temporalStatus().equals("UNKNOWN")) {
      return v.status() != null && v.status().phase().isFinal()
          ? "closed (Temporal no longer has the run)"
          : "unknown: Temporal no longer has the run, and the store's last record of it is from before it closed";
    }
    return "closed, " + v.temporalStatus() + (v.closing() == null ? "" : " (" + v.closing() + ")");
  }

  /** One run of the workflow id, or its latest when {@code runId} is null. */
  static WorkflowTargetOptions target(String workflowId, String runId) {
    WorkflowTargetOptions.Builder b = WorkflowTargetOptions.newBuilder().setWorkflowId(workflowId);
    return (runId == null ? b : b.setRunId(runId)).build();
  }

  private static String utcOrDash(java.time.Instant t) {
    return t == null ? "-" : Evidence.time(t) + " UTC";
  }
}
