package dev.leaver.worker.cli;

import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The evidence an auditor asks for, read back from a run's Temporal history: per step the system,
 * action, target, state before → after, start and completion times and outcome, and the latency
 * from the HR event to the kill switch.
 */
public final class Evidence {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private Evidence() {}

  /** The final status the workflow returned, from a history written without the payload codec. */
  public static Optional<OffboardingStatus> finalStatus(WorkflowExecutionHistory history) {
    return finalStatus(history, GlobalDataConverter.get());
  }

  /**
   * The final status the workflow returned, as recorded in its completion event.
   *
   * @param converter the client's (with the payload codec's keys: the result is encrypted)
   */
  public static Optional<OffboardingStatus> finalStatus(
      WorkflowExecutionHistory history, DataConverter converter) {
    for (HistoryEvent e : history.getEvents()) {
      if (e.hasWorkflowExecutionCompletedEventAttributes()) {
        var payloads = e.getWorkflowExecutionCompletedEventAttributes().getResult();
        return Optional.ofNullable(
            converter.fromPayloads(
                0, Optional.of(payloads), OffboardingStatus.class, OffboardingStatus.class));
      }
    }
    return Optional.empty();
  }

  /**
   * The status a closed run left in its history: the result of a completed run, or the status a run
   * that found nobody to offboard carries in its failure; empty for a terminated or timed-out run,
   * which left none.
   */
  public static Optional<OffboardingStatus> closedStatus(WorkflowExecutionHistory history) {
    return closedStatus(history, GlobalDataConverter.get());
  }

  /**
   * {@link #closedStatus(WorkflowExecutionHistory)}, decoding with the client's converter (codec).
   */
  public static Optional<OffboardingStatus> closedStatus(
      WorkflowExecutionHistory history, DataConverter converter) {
    Optional<OffboardingStatus> completed = finalStatus(history, converter);
    if (completed.isPresent()) {
      return completed;
    }
    for (HistoryEvent e : history.getEvents()) {
      if (e.hasWorkflowExecutionFailedEventAttributes()) {
        var failure = e.getWorkflowExecutionFailedEventAttributes().getFailure();
        if (failure.hasApplicationFailureInfo()
            && failure.getApplicationFailureInfo().hasDetails()) {
          return Optional.ofNullable(
              converter.fromPayloads(
                  0,
                  Optional.of(failure.getApplicationFailureInfo().getDetails()),
                  OffboardingStatus.class,
                  OffboardingStatus.class));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * How the run closed, in a sentence from its last event: the failure or the termination's reason.
   */
  public static Optional<String> closing(WorkflowExecutionHistory history) {
    HistoryEvent last = history.getLastEvent();
    if (last.hasWorkflowExecutionFailedEventAttributes()) {
      return Optional.of(
          "failed: " + last.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage());
    }
    if (last.hasWorkflowExecutionTerminatedEventAttributes()) {
      var t = last.getWorkflowExecutionTerminatedEventAttributes();
      return Optional.of(
          (t.getReason().isEmpty() ? "" : "reason: " + t.getReason() + "; ")
              + "terminate skips compensation: nothing was undone");
    }
    if (last.hasWorkflowExecutionTimedOutEventAttributes()) {
      return Optional.of("timed out");
    }
    return Optional.empty();
  }

  public static long activityExecutions(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskCompletedEventAttributes)
        .count();
  }

  /**
   * The step table, then the latency, the deletion and (for a dry run) the planned changes. Columns
   * grow with their content and wrap past a limit: nothing is cut.
   */
  public static void print(OffboardingStatus s, PrintStream out) {
    TextTable table =
        new TextTable(
            List.of(
                "SYSTEM",
                "ACTION",
                "TARGET",
                "BEFORE → AFTER",
                "STARTED (UTC)",
                "COMPLETED (UTC)",
                "OUTCOME"),
            0,
            0,
            48,
            60,
            0,
            0,
            70);
    for (StepStatus step : s.steps()) {
      Receipt r = step.receipt();
      String target =
          r != null
              ? r.target()
              : step.note() != null && step.action().equals("Resolve") ? step.note() : "";
      table.row(
          step.system(),
          step.action(),
          target,
          diff(step),
          time(step.startedAt()),
          time(step.completedAt()),
          outcome(step));
    }
    table.print(out);
    if (s.hrEventToKillSwitch() != null) {
      out.printf(
          "%nHR event → kill switch: %s (HR event %s, effective %s, kill switch complete %s)%n",
          seconds(s.hrEventToKillSwitch()),
          time(s.hrEventAt()),
          time(s.effectiveAt()),
          time(s.killSwitchCompletedAt()));
    }
    if (s.deletion() != null) {
      var d = s.deletion();
      out.printf(
          "Deletion: due %s · %s · %s%n",
          time(d.dueAt()),
          d.approvedBy() == null
              ? "not approved"
              : "approved by "
                  + d.approvedBy()
                  + " at "
                  + time(d.approvedAt())
                  + " ("
                  + d.approval()
                  + ")",
          d.legalHold()
              ? "LEGAL HOLD (" + d.legalHoldReason() + ")"
              : d.legalHoldReason() == null
                  ? "no legal hold"
                  : "legal hold lifted (" + d.legalHoldReason() + ")");
    }
    if (!s.operatorActions().isEmpty()) {
      out.printf("%nWho acted:%n");
      for (var a : s.operatorActions()) {
        // The update id finds its update-accepted event (with the caller's identity) in the
        // history.
        out.printf(
            "  %s  %s%s by %s%s%s%n",
            time(a.at()),
            a.update(),
            a.stepId() == null ? "" : " " + a.stepId(),
            a.operator(),
            a.reason() == null ? "" : ": " + a.reason(),
            a.updateId() == null ? "" : " (update " + a.updateId() + ")");
      }
    }
    if (!s.plannedChanges().isEmpty()) {
      out.printf("%nPlanned changes (dry run: nothing was written)%n");
      TextTable planned =
          new TextTable(List.of("STEP", "TARGET", "WOULD CHANGE", "PLAN"), 0, 48, 0, 80);
      for (PlannedChange pc : s.plannedChanges()) {
        planned.row(
            pc.stepId(), pc.target(), pc.wouldChange() ? "yes" : "no (already so)", pc.plan());
      }
      planned.print(out);
    }
  }

  static String outcome(StepStatus step) {
    String o = step.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    if (step.verifiedAt() != null) {
      o += ", verified";
    }
    if (step.receipt() != null && !step.receipt().reversible()) {
      o += ", irreversible";
    }
    if (step.note() != null
        && (step.state().name().equals("SKIPPED") || step.state().name().equals("COMPENSATED"))) {
      o += " — " + step.note();
    }
    if (step.lastError() != null && step.state().name().equals("NEEDS_ATTENTION")) {
      o += " — " + step.lastError();
    }
    return o;
  }

  public static String diffOf(StepStatus step) {
    return diff(step);
  }

  static String diff(StepStatus step) {
    Receipt r = step.receipt();
    if (r == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String key : new TreeSet<>(union(r.before(), r.after()))) {
      String b = r.before().getOrDefault(key, "∅");
      String a = r.after().getOrDefault(key, "∅");
      // Keys only in the before-image are context for the undo, not a change; id lists are kept
      // in the receipt for the undo but would drown the table.
      if (r.after().containsKey(key)
          && !key.endsWith("Ids")
          && (!b.equals(a) || r.before().size() + r.after().size() <= 2)) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(key)
            .append(": ")
            .append(b.isEmpty() ? "∅" : b)
            .append(" → ")
            .append(a.isEmpty() ? "∅" : a);
      }
    }
    if (sb.length() > 0) {
      return sb.toString();
    }
    // Why nothing was written (already so, or done elsewhere: "disabled in AD at …") is the
    // evidence.
    return r.notes().isEmpty() ? "no change" : "no change: " + r.notes().get(0);
  }

  private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
    var keys = new java.util.HashSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.3f s", d.toMillis() / 1000.0);
  }

  static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }

  public static String cut(String s, int n) {
    return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
