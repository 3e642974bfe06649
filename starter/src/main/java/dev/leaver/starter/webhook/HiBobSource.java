package dev.leaver.starter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.starter.hris.EmployeeLookup;
import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import dev.leaver.starter.webhook.EmployeeDecisions.Notice;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * HiBob (Bob) webhooks (apidocs.hibob.com/docs/working-with-webhooks,
 * /reference/post_webhook_employee-left, /reference/post_webhook_employee-inactivated).
 *
 * <p>Signature, as documented: {@code Bob-Signature} is the base64 of HMAC-SHA512 over the request
 * payload, keyed with the secret shown in Bob's webhook settings. No timestamp is signed.
 *
 * <p>{@code employee.left} fires at midnight, site time, on the effective date of a "terminated"
 * (or garden leave) lifecycle entry: the leave is effective when it arrives, so without a date in
 * the payload it takes effect at {@code triggeredAt}. {@code employee.inactivated} also fires for a
 * plain leave of absence, so without a lookup it counts only when the payload says the status is
 * terminated (with one, the record decides: a leave of absence shows no termination).
 *
 * <p>Payload: v2 is {@code {companyId, type, triggeredBy, triggeredAt, version, data}}; which keys
 * {@code data} holds for lifecycle events is not in the text of the docs we could read, so {@code
 * data.employeeId} (or {@code data.id}), {@code data.email}, {@code data.terminationDate} and
 * {@code data.status} are assumptions. Legacy v1 {@code {type, creationDate, employee:{id, email}}}
 * is read too. v2 carries ids only (since April 2025 only v2 webhooks can be created): with a HiBob
 * lookup ({@code HiBobClient}) configured, every {@code employee.left}, {@code
 * employee.inactivated} and {@code employee.updated} delivery is decided from the employee record
 * Bob's API answers, as for BambooHR, and the payload's dates, e-mails and statuses decide nothing.
 * Without a lookup the payload must carry the work e-mail, else 422.
 *
 * <p>Set-up handshake: Bob checks a new webhook with a POST of {@code Ping test} (then {@code
 * {"text":"Ping test"}}) and needs a 2xx; that exact body is answered 200 without a signature
 * check.
 */
final class HiBobSource implements WebhookSource {
  static final String NAME = "hibob";
  static final String SIGNATURE = "Bob-Signature";
  private static final String PING = "Ping test";

  private final SourceConfig config;
  private final EmployeeLookup lookup; // null: none configured
  private final Clock clock;

  HiBobSource(SourceConfig config, EmployeeLookup lookup, Clock clock) {
    this.config = config;
    this.lookup = lookup;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(String mediaType) {
    // The ping may come as a plain string, or with the type an HTTP client puts on a string body
    // when nobody set one (curl -d: a form; others: octet-stream). Anything but the ping must
    // still be signed JSON (else 401 or 400).
    return WebhookSource.super.accepts(mediaType)
        || "text/plain".equals(mediaType)
        || "application/x-www-form-urlencoded".equals(mediaType)
        || "application/octet-stream".equals(mediaType);
  }

  @Override
  public void verify(Delivery d) throws Refusal {
    if (isPing(d)) {
      return;
    }
    String signature = d.header(SIGNATURE);
    if (signature == null) {
      throw Refusal.unauthorized("missing " + SIGNATURE);
    }
    byte[] expected =
        SignatureCheck.hmac(SignatureCheck.SHA512, SignatureCheck.utf8(config.secret()), d.body());
    if (!SignatureCheck.base64Matches(expected, signature)) {
      throw Refusal.unauthorized("wrong signature");
    }
  }

  /** With a lookup, every delivery is decided from the record Bob's API answers now. */
  @Override
  public boolean decidesFromRecord() {
    return lookup != null;
  }

  @Override
  public Parsed parse(Delivery d) throws Refusal {
    if (isPing(d)) {
      return Parsed.ignored(d.bodyId(), "ping");
    }
    JsonNode root = JsonFields.object(d.body());
    String type = JsonFields.requireText(root, "type");
    String eventId = d.bodyId();
    boolean left = type.equals("employee.left");
    boolean inactivated = type.equals("employee.inactivated");
    // v2 payloads say only "this employee changed": with a lookup, a date edited in Bob
    // (employee.updated) is read like a leave.
    boolean updated = lookup != null && type.equals("employee.updated");
    if (!left && !inactivated && !updated) {
      return Parsed.ignored(
          eventId,
          lookup != null
              ? "type is not employee.left, employee.inactivated or employee.updated"
              : "type is not employee.left or employee.inactivated");
    }
    boolean v1 = root.has("employee");
    String employeeId =
        v1
            ? JsonFields.requireText(root, "employee.id")
            : requireEither(root, "data.employeeId", "data.id");
    if (lookup != null) {
      return Parsed.one(eventId, fromRecord(eventId, employeeId));
    }
    if (!left && !terminatedStatus(root)) {
      return Parsed.one(
          eventId, Pending.skip(employeeId, "employee.inactivated without a termination status"));
    }
    String email =
        v1
            ? JsonFields.text(root, "employee.email")
            : JsonFields.firstText(root, "data.email", "data.workEmail");
    if (email == null) {
      throw Refusal.unprocessable(
          "payload has no work e-mail (data.email) and no HiBob lookup is configured");
    }
    LocalDate lastDay =
        JsonFields.date(root, v1 ? "employee.terminationDate" : "data.terminationDate");
    Instant at = Timestamps.parse(JsonFields.firstText(root, "triggeredAt", "creationDate"));
    Notice notice =
        new Notice(
            NAME, eventId, at != null ? at : d.receivedAt(), employeeId, config.defaultZone());
    return Parsed.one(
        eventId, Pending.ready(termination(notice, email, null, lastDay, config.defaultZone())));
  }

  /**
   * Reads the record when decided, as for BambooHR: v2 payloads carry ids only, and the same body
   * can mean another change by the time it is redelivered. The event is what the record says at the
   * read: its HR time is the read, its id the body's hash with the read. Terminated, or a
   * termination date still to come: a termination on that date; employed with no date: a withdrawn
   * termination (the open run is rescinded; none: ignored); employed although the date has passed:
   * a rehire.
   */
  private Pending fromRecord(String eventId, String employeeId) {
    return new Pending(
        employeeId,
        () -> {
          Instant readAt = clock.instant();
          EmployeeRecord r = lookup.employee(employeeId);
          Notice notice =
              new Notice(NAME, eventId + "@" + readAt, readAt, employeeId, config.defaultZone());
          return EmployeeDecisions.fromRecord(notice, r, true, readAt);
        });
  }

  private static TerminationEvent termination(
      Notice n, String email, String manager, LocalDate lastDay, ZoneId zone) {
    return new TerminationEvent(
        Kind.TERMINATION,
        NAME,
        n.eventId(),
        n.eventAt(),
        n.employeeId(),
        email,
        manager,
        lastDay,
        // No date: Bob sends employee.left when the leave is already effective.
        lastDay == null ? n.eventAt() : null,
        zone.getId(),
        false);
  }

  private static boolean terminatedStatus(JsonNode root) {
    String status =
        JsonFields.firstText(
            root, "data.status", "data.lifecycleStatus", "employee.lifecycleStatus");
    return status != null && status.equalsIgnoreCase("terminated");
  }

  private static String requireEither(JsonNode root, String path, String other) throws Refusal {
    String s = JsonFields.firstText(root, path, other);
    if (s == null) {
      throw Refusal.badRequest(path + " is required");
    }
    return s;
  }

  private static boolean isPing(Delivery d) {
    if (d.body().length > 64) {
      return false;
    }
    if (new String(d.body(), StandardCharsets.UTF_8).trim().equals(PING)) {
      return true;
    }
    try {
      JsonNode root = JsonFields.object(d.body());
      return root.size() == 1 && PING.equals(JsonFields.text(root, "text"));
    } catch (Refusal notJson) {
      return false;
    }
  }
}
