package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.contract.Receipt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every step of the run in plan order, and what compensation must undo, in the order the writes
 * were attempted. A step's compensation is registered before its write (as the saga samples do),
 * from its before-image, so a write whose answer is lost, or that is in flight when the run is
 * cancelled, is still undone; the apply's receipt replaces it when it arrives, and a receipt that
 * says nothing changed removes it.
 */
final class Ledger {
  private final Map<String, StepRecord> steps = new LinkedHashMap<>();
  private final List<Applied> applied = new ArrayList<>();

  /** A change made, or possibly made, by a step, with the receipt its undo needs. */
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

  /** Registers the undo before the write; a second call for the same step keeps the first. */
  void intend(StepRecord step, Receipt fromBeforeImage) {
    if (receiptOf(step) == null) {
      applied.add(new Applied(step, fromBeforeImage));
    }
  }

  /** The apply answered: its receipt is what the undo uses, or nothing is left to undo. */
  void settle(StepRecord step, Receipt receipt) {
    int i = indexOf(step);
    if (!receipt.changed()) {
      if (i >= 0) {
        applied.remove(i);
      }
      return;
    }
    if (i >= 0) {
      applied.set(i, new Applied(step, receipt));
    } else {
      applied.add(new Applied(step, receipt));
    }
  }

  /** The apply was refused before it wrote anything: there is nothing to undo. */
  void forget(StepRecord step) {
    int i = indexOf(step);
    if (i >= 0) {
      applied.remove(i);
    }
  }

  /** An apply that failed reported the items it had changed: the undo restores exactly those. */
  void progress(StepRecord step, List<String> items) {
    int i = indexOf(step);
    if (i < 0 || items == null) {
      return;
    }
    Receipt r = applied.get(i).receipt();
    Map<String, String> after = new LinkedHashMap<>(r.after());
    after.put(Receipt.CHANGED_ITEMS, String.join(",", items));
    applied.set(
        i,
        new Applied(
            step,
            new Receipt(
                r.system(),
                r.action(),
                r.target(),
                r.before(),
                after,
                r.changed(),
                r.reversible(),
                r.requestId(),
                r.apiRequestId(),
                r.startedAt(),
                r.completedAt(),
                r.attempt(),
                r.remaining(),
                r.notes())));
  }

  /** What the step's undo works from, or null when it changed nothing. */
  Receipt receiptOf(StepRecord step) {
    int i = indexOf(step);
    return i < 0 ? null : applied.get(i).receipt();
  }

  private int indexOf(StepRecord step) {
    for (int i = 0; i < applied.size(); i++) {
      if (applied.get(i).step() == step) {
        return i;
      }
    }
    return -1;
  }

  /** Changes in reverse order: last attempted first. */
  List<Applied> changesNewestFirst() {
    List<Applied> reversed = new ArrayList<>(applied);
    Collections.reverse(reversed);
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
}
