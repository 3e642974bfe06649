package dev.leaver.starter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The generic endpoint, for a customer's own system, following Standard Webhooks
 * (standardwebhooks.com).
 *
 * <p>Signature: headers {@code webhook-id}, {@code webhook-timestamp} (unix seconds) and {@code
 * webhook-signature}, a space-separated list of {@code v1,<base64>} entries, each an HMAC-SHA256
 * over {@code {id}.{timestamp}.{body}} keyed with the base64-decoded part of the {@code
 * whsec_<base64>} secret. Any one matching v1 entry passes (several exist while a secret is
 * rotated); the timestamp must be within the tolerance, either way. {@code webhook-id} is the event
 * id.
 *
 * <p>Body, in the Standard Webhooks envelope: {@code {"type": "employee.terminated" |
 * "employee.termination_cancelled" | "employee.rehired", "timestamp", "data": {"employeeId",
 * "email", "managerEmail", "effectiveDate" (YYYY-MM-DD, last day worked) or "effectiveAt" (ISO
 * instant), "timeZone", "involuntary"}}}. A termination needs {@code email} and one of the two
 * dates; the others need only {@code employeeId}.
 */
final class StandardWebhookSource implements WebhookSource {
  static final String NAME = "standard";
  static final String ID = "webhook-id";
  static final String TIMESTAMP = "webhook-timestamp";
  static final String SIGNATURE = "webhook-signature";
  private static final String SECRET_PREFIX = "whsec_";

  private final SourceConfig config;
  private final byte[] key;

  StandardWebhookSource(SourceConfig config) {
    this.config = config;
    this.key = key(config.secret());
  }

  /** The HMAC key: the secret without its {@code whsec_} prefix, base64-decoded. */
  static byte[] key(String secret) {
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the standard webhooks secret is not whsec_<base64>");
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void verify(Delivery d) throws Refusal {
    String signatures = d.header(SIGNATURE);
    if (signatures == null) {
      throw Refusal.unauthorized("missing " + SIGNATURE);
    }
    String id = d.header(ID);
    String timestamp = d.header(TIMESTAMP);
    if (id == null || timestamp == null) {
      throw Refusal.unauthorized("missing " + (id == null ? ID : TIMESTAMP));
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw Refusal.unauthorized(TIMESTAMP + " is not unix seconds");
    }
    if (!Timestamps.within(Instant.ofEpochSecond(seconds), d.receivedAt(), config.tolerance())) {
      throw Refusal.unauthorized("timestamp outside tolerance");
    }
    byte[] expected = StandardWebhookSignature.mac(key, id, timestamp, d.body());
    for (String entry : signatures.trim().split(" +")) {
      // Other versions (v1a: asymmetric) are not ours to check; skip them.
      if (entry.startsWith("v1,") && SignatureCheck.base64Matches(expected, entry.substring(3))) {
        return;
      }
    }
    throw Refusal.unauthorized("wrong signature");
  }

  @Override
  public Parsed parse(Delivery d) throws Refusal {
    String eventId = d.header(ID);
    JsonNode root = JsonFields.object(d.body());
    String type = JsonFields.requireText(root, "type");
    Kind kind = kind(type);
    if (kind == null) {
      return Parsed.ignored(eventId, "type is not a termination, cancellation or rehire");
    }
    if (JsonFields.at(root, "data") == null || !root.get("data").isObject()) {
      throw Refusal.badRequest("data is required");
    }
    String employeeId = JsonFields.requireText(root, "data.employeeId");
    Instant at = Timestamps.parse(JsonFields.text(root, "timestamp"));
    if (at == null) {
      at = Instant.ofEpochSecond(Long.parseLong(d.header(TIMESTAMP).trim()));
    }
    ZoneId zone = JsonFields.zone(root, "data.timeZone", config.defaultZone());
    String email = JsonFields.text(root, "data.email");
    LocalDate lastDay = JsonFields.date(root, "data.effectiveDate");
    Instant effectiveAt = instant(root, "data.effectiveAt");
    if (kind == Kind.TERMINATION) {
      if (email == null) {
        throw Refusal.badRequest("data.email is required");
      }
      if ((lastDay == null) == (effectiveAt == null)) {
        throw Refusal.badRequest("data.effectiveDate or data.effectiveAt is required, not both");
      }
    }
    return Parsed.one(
        eventId,
        Pending.ready(
            new TerminationEvent(
                kind,
                NAME,
                eventId,
                at,
                employeeId,
                email,
                JsonFields.text(root, "data.managerEmail"),
                lastDay,
                effectiveAt,
                zone.getId(),
                JsonFields.flag(root, "data.involuntary"))));
  }

  private static Kind kind(String type) {
    switch (type) {
      case "employee.terminated":
        return Kind.TERMINATION;
      case "employee.termination_cancelled":
        return Kind.CANCELLATION;
      case "employee.rehired":
        return Kind.REHIRE;
      default:
        return null;
    }
  }

  /** An instant with an explicit offset: a bare local time would be guessed as UTC, hours off. */
  private static Instant instant(JsonNode root, String path) throws Refusal {
    String s = JsonFields.text(root, path);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw Refusal.badRequest(path + " is not an ISO-8601 instant with an offset");
    }
  }
}
