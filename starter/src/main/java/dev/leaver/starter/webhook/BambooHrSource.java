package dev.leaver.starter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.starter.hris.EmployeeLookup;
import dev.leaver.starter.webhook.EmployeeDecisions.Notice;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * BambooHR webhooks (documentation.bamboohr.com/docs/webhooks, /docs/event-based-webhooks,
 * /docs/field-based-webhooks).
 *
 * <p>Signature: {@code X-BambooHR-Signature} is the hex HMAC-SHA256, keyed with the webhook's
 * private key, of the raw body followed by the value of {@code X-BambooHR-Timestamp}. BambooHR does
 * not document the timestamp's format; it is signed as sent and read as unix seconds or ISO-8601
 * for the tolerance check.
 *
 * <p>Payloads carry ids only, so every notification is followed by a lookup: event-based {@code
 * {"type":"employee.updated","timestamp":...,"data":{"companyId","employeeId","changedFields"}}}
 * (one employee) or the older field-based {@code {"employees":[{"id","changedFields","fields"}]}}
 * (possibly several). Field values in the latter are not trusted: their names are configurable
 * aliases, and the API is the source of truth. BambooHR sends no delivery id, so the delivery's id
 * is a hash of the body; but a body says only "this employee changed", and a termination withdrawn
 * within the same second is byte for byte the termination. So every delivery, redeliveries too,
 * reads the record and is decided from it: the event is the record as read, its id the body hash
 * with the moment of the read, and its HR time that moment. The intake decides it against the run
 * (the same date again is a duplicate).
 *
 * <p>Both documented encodings are read: JSON, and the form post ({@code
 * application/x-www-form-urlencoded}, {@code data[employeeId]=67890&data[changedFields][0]=status}
 * or {@code employees[0][id]=...}), read into the same tree by {@link FormFields}. The signature
 * covers the raw body either way.
 */
final class BambooHrSource implements WebhookSource {
  static final String NAME = "bamboohr";
  static final String SIGNATURE = "X-BambooHR-Signature";
  static final String TIMESTAMP = "X-BambooHR-Timestamp";

  private final SourceConfig config;
  private final EmployeeLookup lookup;
  private final Clock clock;

  BambooHrSource(SourceConfig config, EmployeeLookup lookup, Clock clock) {
    this.config = config;
    this.lookup = lookup;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  static final String FORM = "application/x-www-form-urlencoded";

  @Override
  public boolean accepts(String mediaType) {
    return WebhookSource.super.accepts(mediaType) || FORM.equals(mediaType);
  }

  @Override
  public boolean decidesFromRecord() {
    return true;
  }

  @Override
  public void verify(Delivery d) throws Refusal {
    String signature = d.header(SIGNATURE);
    String timestamp = d.header(TIMESTAMP);
    if (signature == null) {
      throw Refusal.unauthorized("missing " + SIGNATURE);
    }
    if (timestamp == null) {
      throw Refusal.unauthorized("missing " + TIMESTAMP);
    }
    Instant signedAt = Timestamps.parse(timestamp);
    if (signedAt == null) {
      throw Refusal.unauthorized(TIMESTAMP + " is not a timestamp");
    }
    if (!Timestamps.within(signedAt, d.receivedAt(), config.tolerance())) {
      throw Refusal.unauthorized("timestamp outside tolerance");
    }
    byte[] expected =
        SignatureCheck.hmac(
            SignatureCheck.SHA256,
            SignatureCheck.utf8(config.secret()),
            d.body(),
            SignatureCheck.utf8(timestamp));
    if (!SignatureCheck.hexMatches(expected, signature.trim())) {
      throw Refusal.unauthorized("wrong signature");
    }
  }

  @Override
  public Parsed parse(Delivery d) throws Refusal {
    JsonNode root = isForm(d) ? FormFields.object(d.body()) : JsonFields.object(d.body());
    String deliveryId = d.bodyId();
    JsonNode employees = root.get("employees");
    if (employees == null) {
      String employeeId = JsonFields.requireText(root, "data.employeeId");
      return Parsed.one(deliveryId, pending(deliveryId, employeeId));
    }
    if (!employees.isArray()) {
      throw Refusal.badRequest("employees must be an array");
    }
    if (employees.isEmpty()) {
      return Parsed.ignored(deliveryId, "no employees in payload");
    }
    List<Pending> items = new ArrayList<>();
    for (int i = 0; i < employees.size(); i++) {
      JsonNode e = employees.get(i);
      String employeeId = JsonFields.requireText(e, "id");
      // Each employee gets its own event id, so each can be told apart downstream.
      String eventId = employees.size() == 1 ? deliveryId : deliveryId + "/" + employeeId;
      items.add(pending(eventId, employeeId));
    }
    return Parsed.of(deliveryId, items);
  }

  private static boolean isForm(Delivery d) {
    String type = d.header("Content-Type");
    return type != null && type.toLowerCase(java.util.Locale.ROOT).trim().startsWith(FORM);
  }

  /**
   * Reads the record when decided. The event is what the record says at the read: its HR time is
   * the read (not the body's timestamp: a withdrawal within the same second shares it) and its id
   * the body's hash with the read, so that a later record is never taken for an earlier one.
   */
  private Pending pending(String eventId, String employeeId) {
    return new Pending(
        employeeId,
        () -> {
          // The record is at least as new as the moment the read began.
          Instant readAt = clock.instant();
          var record = lookup.employee(employeeId);
          Notice notice =
              new Notice(NAME, eventId + "@" + readAt, readAt, employeeId, config.defaultZone());
          return EmployeeDecisions.fromRecord(notice, record, true, readAt);
        });
  }
}
