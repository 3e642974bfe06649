package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.contract.Receipt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every step of the run in plan order, and the receipts of what was changed in the order it was
 * changed, which is the order compensation reverses.
 */
final class Ledger {
  private final Map<String, StepRecord> steps = new LinkedHashMap<>();
  private final List<Applied> applied = new ArrayList<>();

  /** A change made by a step, with the receipt its undo needs. */
  record Applied(StepRecord step, Receipt receipt) {}

  StepRecord add(StepRecord step) {
    steps.put(step.stepId, step);
    return step;
  }

  StepRecord get(String stepId) {
    return steps.get(stepId);
  }

  List<StepRecord> all() {
    return List.copyOf(steps.values());
  }

  List<StepRecord> where(Predicate<StepRecord> p) {
    return steps.values().stream().filter(p).toList();
  }

  void recordChange(StepRecord step, Receipt receipt) {
    if (receipt.changed()) {
      applied.add(new Applied(step, receipt));
    }
  }

  /** Changes in reverse order: last applied first. */
  List<Applied> changesNewestFirst() {
    List<Applied> reversed = new ArrayList<>(applied);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  boolean anyNeedsAttention() {
    return steps.values().stream().anyMatch(s -> s.state == StepState.NEEDS_ATTENTION);
  }

  boolean anyRunning() {
    return steps.values().stream().anyMatch(s -> s.state == StepState.RUNNING);
  }

  List<StepStatus> status() {
    return steps.values().stream().map(StepRecord::toStatus).toList();
  }

  /** A Markdown table for the Web UI's "current details". */
  String markdown() {
    StringBuilder md = new StringBuilder("| step | state | attempts | note |\n|---|---|---|---|\n");
    for (StepRecord s : steps.values()) {
      String note = s.lastError != null && s.state == StepState.NEEDS_ATTENTION ? s.lastError : s.note;
      md.append("| ").append(s.stepId).append(" | ").append(s.state).append(" | ")
          .append(s.attempts).append(" | ").append(note == null ? "" : note.replace('|', '/'))
          .append(" |\n");
    }
    return md.length() > 18_000 ? md.substring(0, 18_000) : md.toString();
  }
}
