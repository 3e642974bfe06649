package dev.leaver.workflows.api;

import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.time.Instant;
import java.util.List;

/**
 * One step's state and evidence.
 *
 * @param stepId {@code system.Action}, or {@code system.Action.Revoke} for a delayed revocation
 * @param system target system
 * @param action action name
 * @param stage kill switch, clean-up or handover
 * @param reversible whether it can be undone
 * @param state current state
 * @param dueAt for a delayed step, when it is due
 * @param startedAt first start
 * @param completedAt when it reached a final state
 * @param verifiedAt when a re-read confirmed the access is gone
 * @param attempts activity attempts so far, operator retries included
 * @param lastError the last failure's message
 * @param note an operator's skip reason, or what compensation did
 * @param receipt the apply's receipt, when there is one
 * @param operatorActions the operators' retries and skips of this step, oldest first: who, why,
 *     when
 */
public record StepStatus(
    String stepId,
    String system,
    String action,
    Stage stage,
    boolean reversible,
    StepState state,
    Instant dueAt,
    Instant startedAt,
    Instant completedAt,
    Instant verifiedAt,
    int attempts,
    String lastError,
    String note,
    Receipt receipt,
    List<OperatorAction> operatorActions) {
  public StepStatus {
    operatorActions = operatorActions == null ? List.of() : List.copyOf(operatorActions);
  }

  /** A step no operator has acted on (as before steps kept who acted). */
  public StepStatus(
      String stepId,
      String system,
      String action,
      Stage stage,
      boolean reversible,
      StepState state,
      Instant dueAt,
      Instant startedAt,
      Instant completedAt,
      Instant verifiedAt,
      int attempts,
      String lastError,
      String note,
      Receipt receipt) {
    this(
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
        List.of());
  }

  /** The last operator who acted on this step, or null. */
  public OperatorAction lastOperatorAction() {
    return operatorActions.isEmpty() ? null : operatorActions.get(operatorActions.size() - 1);
  }
}
