package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code rescind}: cancels the offboarding and undoes what it changed.
 *
 * @param reason why, for the evidence; required
 * @param operator who rescinds; required
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record Rescind(String reason, String operator, @JsonIgnore String problem)
    implements OperatorUpdate {
  /** The JSON to send, as the runbook shows it. */
  public static final String EXAMPLE =
      "{\"reason\": \"termination withdrawn by HR (ticket HR-311)\", \"operator\": \"ana@corp\"}";

  public Rescind(String reason, String operator) {
    this(reason, operator, null);
  }

  /** Decodes any payload; the old form (the reason as a string) fills {@code reason}. */
  @JsonCreator
  public static Rescind from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "reason", "operator");
    return new Rescind(in.text("reason", true), in.text("operator"), in.problem());
  }
}
