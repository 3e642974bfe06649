package dev.leaver.worker.report;

import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.contract.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One leaver run, as the auditor reads it.
 *
 * @param employeeId the leaver
 * @param workflowId {@code offboarding-<employeeId>}
 * @param runId the Temporal run id
 * @param phase the run's phase in the record
 * @param outcome what the run came to
 * @param rescindReason why it was rescinded (or cancelled), if it was
 * @param evidence which record the row comes from: its milestone and sequence in the store
 * @param hrEventAt when HR recorded the termination
 * @param effectiveAt when access had to end
 * @param killSwitch per system, when its kill switch finished, in plan order
 * @param killSwitchCompletedAt when the last kill-switch step finished
 * @param latency from the later of the HR event and the effective time to the end of the kill
 *     switch (waiting for a future effective time is not latency); null when no kill switch ran
 * @param sla the latency against the policy's maximum
 * @param exceptions steps skipped by an operator, parked, or failed
 * @param handoverStart when the manager was given the leaver's data; null if never
 * @param handoverEnd when the manager's access was taken back, or is due to be
 * @param handoverEnded false while {@code handoverEnd} is only the due time
 */
public record ReportRow(
    String employeeId,
    String workflowId,
    String runId,
    Phase phase,
    Outcome outcome,
    String rescindReason,
    String evidence,
    Instant hrEventAt,
    Instant effectiveAt,
    List<SystemKillSwitch> killSwitch,
    Instant killSwitchCompletedAt,
    Duration latency,
    Sla sla,
    List<ReportException> exceptions,
    Instant handoverStart,
    Instant handoverEnd,
    boolean handoverEnded) {

  private static final Set<StepState> FINAL =
      Set.of(
          StepState.DONE,
          StepState.NO_CHANGE,
          StepState.SKIPPED,
          StepState.COMPENSATED,
          StepState.FAILED);

  public ReportRow {
    killSwitch = List.copyOf(killSwitch);
    exceptions = List.copyOf(exceptions);
  }

  /** The row of one record, with the SLA judged against {@code maxLatency}. */
  public static ReportRow of(EvidenceRecord record, Duration maxLatency) {
    return of(
        record.status(),
        record.workflowId(),
        record.runId(),
        record.milestone() + " #" + record.sequence(),
        maxLatency,
        null);
  }

  /**
   * The row of a run still open that the store has no record of yet (its kill switch has not
   * finished), from its live status: the SLA is breached once {@code maxLatency} has passed at
   * {@code now} since the later of the HR event and the effective time, pending before.
   */
  public static ReportRow live(
      String workflowId, String runId, OffboardingStatus status, Duration maxLatency, Instant now) {
    return of(status, workflowId, runId, "live status (no record yet)", maxLatency, now);
  }

  private static ReportRow of(
      OffboardingStatus s,
      String workflowId,
      String runId,
      String evidence,
      Duration maxLatency,
      Instant now) {
    Outcome outcome = Outcome.of(s.phase());
    Duration latency = outcome == Outcome.DRY_RUN ? null : s.hrEventToKillSwitch();
    Sla sla =
        latency == null
            ? Sla.NOT_APPLICABLE
            : latency.compareTo(maxLatency) <= 0 ? Sla.MET : Sla.BREACHED;
    if (latency == null
        && now != null
        && outcome == Outcome.IN_PROGRESS
        && s.effectiveAt() != null) {
      Instant from =
          s.hrEventAt() != null && s.hrEventAt().isAfter(s.effectiveAt())
              ? s.hrEventAt()
              : s.effectiveAt();
      sla = Duration.between(from, now).compareTo(maxLatency) > 0 ? Sla.BREACHED : Sla.PENDING;
    }
    List<StepStatus> grants =
        s.steps().stream()
            .filter(st -> st.stage() == Stage.HANDOVER && !st.stepId().endsWith(".Revoke"))
            // Only a grant that changed something hands over (NO_CHANGE: no account, nothing to
            // give).
            .filter(st -> st.state() == StepState.DONE || st.state() == StepState.COMPENSATED)
            .toList();
    List<StepStatus> revokes =
        s.steps().stream().filter(st -> st.stepId().endsWith(".Revoke")).toList();
    Instant handoverStart =
        grants.stream()
            .map(ReportRow::appliedAt)
            .filter(Objects::nonNull)
            .min(Instant::compareTo)
            .orElse(null);
    boolean ended =
        handoverStart != null
            && !revokes.isEmpty()
            && revokes.stream().allMatch(r -> FINAL.contains(r.state()));
    Instant handoverEnd =
        handoverStart == null
            ? null
            : revokes.stream()
                .map(r -> ended ? r.completedAt() : r.dueAt())
                .filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(null);
    return new ReportRow(
        s.employeeId(),
        workflowId,
        runId,
        s.phase(),
        outcome,
        s.rescindReason(),
        evidence,
        s.hrEventAt(),
        s.effectiveAt(),
        outcome == Outcome.DRY_RUN ? List.of() : killSwitch(s.steps()),
        outcome == Outcome.DRY_RUN ? null : s.killSwitchCompletedAt(),
        latency,
        sla,
        exceptions(s.steps()),
        handoverStart,
        handoverEnd,
        ended);
  }

  /** The outcome with what qualifies it: the rescind reason, or the phase of a run still open. */
  public String outcomeText() {
    return switch (outcome) {
      case RESCINDED ->
          rescindReason == null ? outcome.label() : outcome.label() + ": " + rescindReason;
      case IN_PROGRESS -> outcome.label() + " (" + phase + ")";
      default -> outcome.label();
    };
  }

  private static List<SystemKillSwitch> killSwitch(List<StepStatus> steps) {
    Map<String, List<StepStatus>> bySystem = new LinkedHashMap<>();
    for (StepStatus st : steps) {
      if (st.stage() == Stage.KILL_SWITCH && !st.action().equals("Resolve")) {
        bySystem.computeIfAbsent(st.system(), k -> new ArrayList<>()).add(st);
      }
    }
    List<SystemKillSwitch> out = new ArrayList<>();
    bySystem.forEach(
        (system, ks) -> {
          StepStatus resolve =
              steps.stream()
                  .filter(st -> st.stepId().equals(system + ".Resolve"))
                  .findFirst()
                  .orElse(null);
          if (resolve != null
              && resolve.state() == StepState.NO_CHANGE
              && resolve.note() != null
              && resolve.note().startsWith("no account")) {
            out.add(new SystemKillSwitch(system, null, "no account"));
            return;
          }
          out.add(
              new SystemKillSwitch(
                  system,
                  ks.stream().allMatch(st -> FINAL.contains(st.state()))
                      ? ks.stream()
                          .map(ReportRow::appliedAt)
                          .filter(Objects::nonNull)
                          .max(Instant::compareTo)
                          .orElse(null)
                      : null,
                  null));
        });
    return out;
  }

  /**
   * When the step's own change landed: a rescind's undo moves completedAt, the receipt keeps it.
   */
  private static Instant appliedAt(StepStatus st) {
    if (st.state() == StepState.COMPENSATED && st.receipt() != null) {
      return st.receipt().completedAt();
    }
    return st.completedAt();
  }

  private static List<ReportException> exceptions(List<StepStatus> steps) {
    List<ReportException> out = new ArrayList<>();
    for (StepStatus st : steps) {
      String note = st.note() == null ? "" : st.note();
      Operators.Skip skip = Operators.skip(st);
      if (st.state() == StepState.SKIPPED && skip != null) {
        out.add(
            new ReportException(
                st.stepId(), "skipped", skip.reason(), skip.operator(), st.completedAt()));
      } else if (st.state() == StepState.NEEDS_ATTENTION) {
        out.add(
            new ReportException(
                st.stepId(),
                "needs attention",
                st.lastError() != null ? st.lastError() : note,
                null,
                null));
      } else if (st.state() == StepState.FAILED) {
        out.add(
            new ReportException(
                st.stepId(),
                "failed",
                st.lastError() != null ? st.lastError() : note,
                null,
                st.completedAt()));
      }
    }
    return out;
  }
}
