package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code revokeDelegationNow}: ends the manager's handover now.
 *
 * @param reason why, e.g. "the manager has what they need"; optional
 * @param operator who ends it; required
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record RevokeDelegation(String reason, String operator, @JsonIgnore String problem)
    implements OperatorUpdate {
  /** The JSON to send, as the runbook shows it. */
  public static final String EXAMPLE =
      "{\"reason\": \"the manager has copied what they need\", \"operator\": \"ana@corp\"}";

  public RevokeDelegation(String reason, String operator) {
    this(reason, operator, null);
  }

  /** Decodes any payload (the old form took none). */
  @JsonCreator
  public static RevokeDelegation from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "reason", "operator");
    return new RevokeDelegation(in.text("reason"), in.text("operator"), in.problem());
  }
}
