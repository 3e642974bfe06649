package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code skipStep}: gives up on a parked step, with a reason kept in the evidence.
 *
 * @param step {@code system.Action}, as the status shows it
 * @param reason why, e.g. "removed by hand in the on-prem AD"; required
 * @param operator who decides; required
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record SkipStep(String step, String reason, String operator, @JsonIgnore String problem)
    implements OperatorUpdate {
  /** The JSON to send, as the runbook shows it. */
  public static final String EXAMPLE =
      "{\"step\": \"entra.RemoveGroupMemberships\", \"reason\": \"removed by hand in the on-prem AD\","
          + " \"operator\": \"ana@corp\"}";

  public SkipStep(String step, String reason, String operator) {
    this(step, reason, operator, null);
  }

  /** Decodes any payload; the old form ({@code "entra.X"}, then the reason) fills {@code step}. */
  @JsonCreator
  public static SkipStep from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "step", "reason", "operator");
    return new SkipStep(
        in.text("step", true), in.text("reason"), in.text("operator"), in.problem());
  }
}
