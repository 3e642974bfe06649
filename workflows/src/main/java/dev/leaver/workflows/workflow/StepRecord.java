package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.OperatorAction;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The mutable record of one step, touched only from workflow threads. */
final class StepRecord {
  private static final Set<StepState> FINAL =
      EnumSet.of(
          StepState.DONE,
          StepState.NO_CHANGE,
          StepState.SKIPPED,
          StepState.COMPENSATED,
          StepState.FAILED);

  final String stepId;
  final String system;
  final String action;
  final Stage stage;
  final boolean reversible;
  final String requestId;

  /** Steps of other systems that must be final before this one starts. */
  final List<String> after;

  StepState state = StepState.PLANNED;
  Instant dueAt;
  Instant startedAt;
  Instant completedAt;
  Instant verifiedAt;
  int attempts;
  String lastError;
  String note;
  Receipt receipt;

  /**
   * Taken once, before the first apply attempt; kept across retries, crashes and operator retries.
   */
  Map<String, String> before;

  /** Operators' retries and skips of this step, oldest first. */
  final List<OperatorAction> operatorActions = new ArrayList<>();

  StepRecord(
      String stepId,
      String system,
      String action,
      Stage stage,
      boolean reversible,
      String requestId) {
    this(stepId, system, action, stage, reversible, requestId, List.of());
  }

  StepRecord(
      String stepId,
      String system,
      String action,
      Stage stage,
      boolean reversible,
      String requestId,
      List<String> after) {
    this.stepId = stepId;
    this.system = system;
    this.action = action;
    this.stage = stage;
    this.reversible = reversible;
    this.requestId = requestId;
    this.after = List.copyOf(after);
  }

  boolean isFinal() {
    return FINAL.contains(state);
  }

  /** Final, or parked for an operator: a stage can move on past it. */
  boolean isSettled() {
    return isFinal() || state == StepState.NEEDS_ATTENTION;
  }

  void running(Instant now) {
    state = StepState.RUNNING;
    if (startedAt == null) {
      startedAt = now;
    }
  }

  void finish(StepState finalState, Instant now) {
    state = finalState;
    completedAt = now;
  }

  void park(String error) {
    state = StepState.NEEDS_ATTENTION;
    lastError = error;
  }

  StepStatus toStatus() {
    return new StepStatus(
        stepId,
        system,
        action,
        stage,
        reversible,
        state,
        dueAt,
        startedAt,
        completedAt,
        verifiedAt,
        attempts,
        lastError,
        note,
        receipt,
        operatorActions);
  }
}
