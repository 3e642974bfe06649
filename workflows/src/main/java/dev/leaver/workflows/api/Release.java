package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code release}: lets a run that the mass-termination brake held go on.
 *
 * @param reason who approved it and why; required
 * @param operator who releases; required
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record Release(String reason, String operator, @JsonIgnore String problem)
    implements OperatorUpdate {
  /** The JSON to send, as the runbook shows it. */
  public static final String EXAMPLE =
      "{\"reason\": \"approved by the CISO (ticket SEC-7)\", \"operator\": \"ana@corp\"}";

  public Release(String reason, String operator) {
    this(reason, operator, null);
  }

  /** Decodes any payload; the old form (the reason as a string) fills {@code reason}. */
  @JsonCreator
  public static Release from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "reason", "operator");
    return new Release(in.text("reason", true), in.text("operator"), in.problem());
  }
}
