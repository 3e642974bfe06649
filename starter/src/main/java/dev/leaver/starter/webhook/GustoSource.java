package dev.leaver.starter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.starter.hris.EmployeeLookup;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import dev.leaver.starter.webhook.EmployeeDecisions.Notice;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gusto webhooks (docs.gusto.com/app-integrations/docs/webhooks, /docs/employee-events).
 *
 * <p>Signature: "Verifying event integrity" says Gusto computes an HMAC of the event payload with
 * SHA256, keyed with the subscription's {@code verification_token}, and sends it in the {@code
 * X-Gusto-Signature} header; sent as lower-case hex. No timestamp is signed, so there is no
 * tolerance check: redeliveries are caught by the event {@code uuid}.
 *
 * <p>Payloads are thin, {@code {uuid, event_type, resource_type, resource_uuid, entity_type,
 * entity_uuid, timestamp}}, with the employee in {@code entity_uuid}. Every employee event ({@code
 * employee.terminated}, {@code employee.updated}, {@code employee.termination_cancelled}, {@code
 * employee.rehired}, ...) is followed by a read of the employee and decided from the record, not
 * from the event's name: Gusto does not document which event a termination date edited on its own
 * sends, and {@code employee.updated} is the likely one. Terminated, or a termination scheduled
 * ahead: a termination on its date (a changed date reschedules the run; the same date is a
 * duplicate); no termination: the open run is rescinded (a rehire event: as a rehire), or the event
 * is ignored when there is none. The event's id is Gusto's {@code uuid} (a redelivery is answered
 * from the replay guard without a read: a later change comes as a new event) and its HR time
 * Gusto's {@code timestamp}.
 *
 * <p>Set-up handshake: when a subscription is created Gusto POSTs {@code {"verification_token":
 * ...}}, which cannot be signed with a token the receiver does not have yet. That exact shape is
 * answered 200 without a signature check (it can start nothing) and the token handed to the
 * configured listener, never logged.
 */
final class GustoSource implements WebhookSource {
  static final String NAME = "gusto";
  static final String SIGNATURE = "X-Gusto-Signature";

  /** Rehire events: a record without a termination after one of these is a rehire. */
  private static final Set<String> REHIRES =
      Set.of("employee.rehired", "employee.rehire_effective");

  private final SourceConfig config;
  private final EmployeeLookup lookup;
  private final Clock clock;
  private final Consumer<String> verificationTokens;

  GustoSource(
      SourceConfig config,
      EmployeeLookup lookup,
      Clock clock,
      Consumer<String> verificationTokens) {
    this.config = config;
    this.lookup = lookup;
    this.clock = clock;
    this.verificationTokens = verificationTokens;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void verify(Delivery d) throws Refusal {
    if (verificationToken(d) != null) {
      return;
    }
    String signature = d.header(SIGNATURE);
    if (signature == null) {
      throw Refusal.unauthorized("missing " + SIGNATURE);
    }
    byte[] expected =
        SignatureCheck.hmac(SignatureCheck.SHA256, SignatureCheck.utf8(config.secret()), d.body());
    if (!SignatureCheck.hexMatches(expected, signature.trim())) {
      throw Refusal.unauthorized("wrong signature");
    }
  }

  @Override
  public Parsed parse(Delivery d) throws Refusal {
    String token = verificationToken(d);
    if (token != null) {
      verificationTokens.accept(token);
      return Parsed.ignored(d.bodyId(), "subscription verification token received");
    }
    JsonNode root = JsonFields.object(d.body());
    String type = JsonFields.requireText(root, "event_type");
    String uuid = JsonFields.text(root, "uuid");
    // Payloads from before Gusto added uuid (February 2024) fall back to the body hash.
    String eventId = uuid != null ? uuid : d.bodyId();
    if (!type.startsWith("employee.")) {
      return Parsed.ignored(eventId, "event_type is not an employee event");
    }
    String employeeId = JsonFields.requireText(root, "entity_uuid");
    Instant at = Timestamps.parse(JsonFields.text(root, "timestamp"));
    Notice notice =
        new Notice(
            NAME, eventId, at != null ? at : d.receivedAt(), employeeId, config.defaultZone());
    boolean rehire = REHIRES.contains(type);
    return Parsed.one(
        eventId,
        new Pending(
            employeeId,
            () -> {
              Decision decision =
                  EmployeeDecisions.fromRecord(
                      notice, lookup.employee(employeeId), true, clock.instant());
              return rehire ? asRehire(decision) : decision;
            }));
  }

  /** A record that shows no termination after a rehire event is that rehire. */
  private static Decision asRehire(Decision decision) {
    if (decision instanceof Decision.Emit emit && emit.event().kind() == Kind.CANCELLATION) {
      TerminationEvent e = emit.event();
      return new Decision.Emit(
          new TerminationEvent(
              Kind.REHIRE,
              e.source(),
              e.eventId(),
              e.eventAt(),
              e.employeeId(),
              e.upn(),
              e.managerUpn(),
              e.effectiveDate(),
              e.effectiveAt(),
              e.timeZone(),
              e.involuntary()));
    }
    return decision;
  }

  /** The token when the body is exactly Gusto's subscription handshake, else null. */
  private static String verificationToken(Delivery d) {
    // The handshake is tiny: anything larger is never parsed before its signature is checked.
    if (d.body().length > 256) {
      return null;
    }
    try {
      JsonNode root = JsonFields.object(d.body());
      JsonNode token = root.get("verification_token");
      return root.size() == 1 && token != null && token.isTextual() ? token.asText() : null;
    } catch (Refusal notJson) {
      return null;
    }
  }
}
