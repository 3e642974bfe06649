package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * {@code reschedule}: moves the effective time while the run still waits for it.
 *
 * @param effectiveAt the new effective time (ISO-8601, e.g. {@code 2026-12-01T09:00:00Z}); a time
 *     in the past runs at once; required
 * @param reason why; optional
 * @param operator who moves it; required
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record Reschedule(
    Instant effectiveAt, String reason, String operator, @JsonIgnore String problem)
    implements OperatorUpdate {
  /** The JSON to send, as the runbook shows it. */
  public static final String EXAMPLE =
      "{\"effectiveAt\": \"2026-12-01T09:00:00Z\", \"reason\": \"HR moved the last day\","
          + " \"operator\": \"ana@corp\"}";

  public Reschedule(Instant effectiveAt, String reason, String operator) {
    this(effectiveAt, reason, operator, null);
  }

  /** Decodes any payload; the old form (the time as a string) fills {@code effectiveAt}. */
  @JsonCreator
  public static Reschedule from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "effectiveAt", "reason", "operator");
    return new Reschedule(
        in.instant("effectiveAt", true), in.text("reason"), in.text("operator"), in.problem());
  }
}
