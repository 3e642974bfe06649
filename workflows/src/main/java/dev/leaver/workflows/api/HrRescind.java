package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code rescindForHr}: a rescind for an HR event (a cancellation or rehire), sent by the intake.
 *
 * @param reason why, e.g. "termination cancelled in gusto (event 42)"; required
 * @param event the HR event, whose HR time the run keeps; required
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record HrRescind(String reason, HrEvent event, @JsonIgnore String problem) {
  public HrRescind(String reason, HrEvent event) {
    this(reason, event, null);
  }

  /** Decodes any payload; the old form (the reason, then the event) fills {@code reason}. */
  @JsonCreator
  public static HrRescind from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "reason", "event");
    return new HrRescind(in.text("reason", true), in.hrEvent("event"), in.problem());
  }
}
