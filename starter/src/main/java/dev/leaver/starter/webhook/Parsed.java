package dev.leaver.starter.webhook;

import java.util.List;
import java.util.Objects;

/**
 * A verified delivery, read.
 *
 * @param eventId the vendor's event or delivery id, or a hash of the body when it sends none; the
 *     key for dropping redeliveries
 * @param items one per employee the delivery is about (usually one; BambooHR's field-based format
 *     can carry several); empty when there is nothing to do
 * @param ignoredReason why there is nothing to do, when {@code items} is empty
 */
record Parsed(String eventId, List<Pending> items, String ignoredReason) {

  Parsed {
    Objects.requireNonNull(eventId, "eventId == null");
    items = List.copyOf(items);
  }

  static Parsed of(String eventId, List<Pending> items) {
    return new Parsed(eventId, items, null);
  }

  static Parsed one(String eventId, Pending item) {
    return new Parsed(eventId, List.of(item), null);
  }

  /** Understood, and nothing to start: a ping, a handshake, an event that is not a termination. */
  static Parsed ignored(String eventId, String reason) {
    return new Parsed(eventId, List.of(), reason);
  }
}
