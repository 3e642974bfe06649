package dev.leaver.starter;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.workflows.api.OffboardingRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A termination event as a JSON file, for the CLI:
 *
 * <pre>{@code
 * {"employeeId":"E1001","upn":"ada@contoso.example","manager":"grace@contoso.example",
 *  "effectiveDate":"2026-11-30","timeZone":"Europe/London","eventId":"evt-42",
 *  "eventTime":"2026-11-20T09:00:00Z","source":"bamboohr","involuntary":false,
 *  "population":"contractor","legalHold":false}
 * }</pre>
 *
 * <p>{@code effectiveDate} is the last day worked: access ends at the end of that day in {@code
 * timeZone}. {@code effectiveAt} (an ISO instant) may be given instead. {@code population} picks
 * the policy's population (default {@code employee}); {@code legalHold} true keeps every account
 * from deletion until an operator lifts the hold.
 */
public final class TerminationEventFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private TerminationEventFile() {}

  public static OffboardingRequest read(Path file, Clock clock) throws IOException {
    return parse(JSON.readTree(Files.readString(file)), clock, false);
  }

  /** Validates every field and reports all problems at once. */
  public static OffboardingRequest parse(JsonNode n, Clock clock, boolean dryRun) {
    List<String> problems = new ArrayList<>();
    String employeeId = text(n, "employeeId");
    String upn = text(n, "upn") != null ? text(n, "upn") : text(n, "email");
    if (employeeId == null) {
      problems.add("employeeId is required");
    }
    if (upn == null) {
      problems.add("upn (or email) is required");
    }
    String zone = text(n, "timeZone") == null ? "UTC" : text(n, "timeZone");
    ZoneId zoneId = null;
    try {
      zoneId = ZoneId.of(zone);
    } catch (RuntimeException e) {
      problems.add("timeZone is not a known zone: " + zone);
    }
    Instant effective = null;
    try {
      effective = effectiveAt(n, zoneId, clock);
    } catch (DateTimeParseException e) {
      problems.add("effective time is not a date or ISO instant: " + e.getParsedString());
    }
    Instant eventTime = null;
    try {
      eventTime =
          text(n, "eventTime") == null ? clock.instant() : Instant.parse(text(n, "eventTime"));
    } catch (DateTimeParseException e) {
      problems.add("eventTime is not an ISO instant: " + e.getParsedString());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new OffboardingRequest(
            employeeId,
            upn,
            text(n, "manager"),
            effective,
            zone,
            text(n, "eventId"),
            eventTime,
            text(n, "source") == null ? "file" : text(n, "source"),
            n.path("involuntary").asBoolean(false),
            dryRun || n.path("dryRun").asBoolean(false))
        .withPopulation(text(n, "population"))
        .withLegalHold(n.path("legalHold").asBoolean(false));
  }

  private static Instant effectiveAt(JsonNode n, ZoneId zone, Clock clock) {
    if (text(n, "effectiveAt") != null) {
      return Instant.parse(text(n, "effectiveAt"));
    }
    if (text(n, "effectiveDate") != null && zone != null) {
      return TerminationEvent.accessEnds(LocalDate.parse(text(n, "effectiveDate")), zone);
    }
    return clock.instant();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }
}
