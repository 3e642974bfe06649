package dev.leaver.workflows.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * {@code rescheduleForHr}: a reschedule for an HR event (a changed date), sent by the intake.
 *
 * @param effectiveAt the new effective time; required
 * @param event the HR event, whose HR time the run keeps; required
 * @param problem what is wrong with the payload as sent, or null (never sent)
 */
public record HrReschedule(Instant effectiveAt, HrEvent event, @JsonIgnore String problem) {
  public HrReschedule(Instant effectiveAt, HrEvent event) {
    this(effectiveAt, event, null);
  }

  /** Decodes any payload; the old form (the time, then the event) fills {@code effectiveAt}. */
  @JsonCreator
  public static HrReschedule from(JsonNode json) {
    UpdateJson in = UpdateJson.read(json, "effectiveAt", "event");
    return new HrReschedule(in.instant("effectiveAt", true), in.hrEvent("event"), in.problem());
  }
}
