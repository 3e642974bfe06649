package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code setLegalHold}: sets or lifts a legal hold; while set, no account is deleted.
 *
 * @param hold true to set, false to lift; required
 * @param reason who asked for it and why; required
 * @param operator who sets it; required
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record LegalHold(Boolean hold, String reason, String operator, @JsonIgnore String problem)
    implements OperatorUpdate {
  /** The JSON to send, as the runbook shows it. */
  public static final String EXAMPLE =
      "{\"hold\": true, \"reason\": \"litigation hold LH-9, asked by counsel\", \"operator\": \"ana@corp\"}";

  public LegalHold(boolean hold, String reason, String operator) {
    this(hold, reason, operator, null);
  }

  /** Decodes any payload; the old form ({@code true}, then the reason) fills {@code hold}. */
  @JsonCreator
  public static LegalHold from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "hold", "reason", "operator");
    return new LegalHold(
        in.bool("hold", true), in.text("reason"), in.text("operator"), in.problem());
  }
}
