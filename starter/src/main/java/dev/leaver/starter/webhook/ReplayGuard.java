package dev.leaver.starter.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, for a while, the event ids whose deliveries the sink accepted, so a redelivery is
 * answered "duplicate" without calling the sink (or the vendor's API) again.
 *
 * <p>This is the cheap first line only: it forgets on restart and after {@code ttl}, and keeps at
 * most {@code capacity} ids. The durable guard is the workflow id {@code offboarding-<employeeId>}
 * in Temporal, which the sink relies on.
 */
final class ReplayGuard {
  private final Duration ttl;
  private final int capacity;
  private final Clock clock;
  // Insertion order = age order, so the oldest ids are evicted first.
  private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

  ReplayGuard(Duration ttl, int capacity, Clock clock) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.ttl = ttl;
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Whether the id was accepted within the ttl. */
  synchronized boolean seen(String id) {
    evict();
    return seen.containsKey(id);
  }

  /** Records an id the sink accepted; call only after the sink returned. */
  synchronized void remember(String id) {
    seen.remove(id);
    seen.put(id, clock.instant());
    evict();
  }

  synchronized int size() {
    return seen.size();
  }

  private void evict() {
    Instant oldest = clock.instant().minus(ttl);
    Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Instant> e = it.next();
      if (seen.size() > capacity || !e.getValue().isAfter(oldest)) {
        it.remove();
      } else {
        break;
      }
    }
  }
}
