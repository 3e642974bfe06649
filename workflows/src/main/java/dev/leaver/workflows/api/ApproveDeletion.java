package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code approveDeletion}: approves deleting the leaver's accounts after the grace period.
 *
 * @param approver who approves; when left out, the operator is the approver
 * @param reason why, e.g. the ticket; required
 * @param operator who sends the approval; when left out, the approver
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record ApproveDeletion(
    String approver, String reason, String operator, @JsonIgnore String problem)
    implements OperatorUpdate {
  /** The JSON to send, as the runbook shows it. */
  public static final String EXAMPLE =
      "{\"approver\": \"dana.ops\", \"reason\": \"ticket IT-4711\", \"operator\": \"ana@corp\"}";

  public ApproveDeletion(String approver, String reason, String operator) {
    this(approver, reason, operator, null);
  }

  /** Decodes any payload; the old form (the approver, then the reason) fills {@code approver}. */
  @JsonCreator
  public static ApproveDeletion from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "approver", "reason", "operator");
    return new ApproveDeletion(
        in.text("approver", true), in.text("reason"), in.text("operator"), in.problem());
  }

  /** Who approves: the approver, else the operator. */
  public String approvedBy() {
    return approver != null && !approver.isBlank() ? approver : operator;
  }

  /** Who acts: the operator, else the approver. */
  public String actedBy() {
    return operator != null && !operator.isBlank() ? operator : approver;
  }
}
