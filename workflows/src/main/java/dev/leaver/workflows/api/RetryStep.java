package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code retryStep}: runs a parked step again, e.g. after a missing permission was granted.
 *
 * @param step {@code system.Action}, as the status shows it
 * @param reason what changed, e.g. "granted User.EnableDisableAccount.All"; optional
 * @param operator who retries; required
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record RetryStep(String step, String reason, String operator, @JsonIgnore String problem)
    implements OperatorUpdate {
  /** The JSON to send, as the runbook shows it. */
  public static final String EXAMPLE =
      "{\"step\": \"entra.DisableAccount\", \"reason\": \"permission granted\", \"operator\": \"ana@corp\"}";

  public RetryStep(String step, String reason, String operator) {
    this(step, reason, operator, null);
  }

  /** Decodes any payload; the old form ({@code "entra.X"}) fills {@code step}. */
  @JsonCreator
  public static RetryStep from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "step", "reason", "operator");
    return new RetryStep(
        in.text("step", true), in.text("reason"), in.text("operator"), in.problem());
  }
}
