package dev.leaver.sandbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The faults armed on a sandbox server, matched in the order they were armed: the first live {@link
 * Fault} that matches a request's method and path applies to it, and uses up one of its {@code
 * times}. A fault ends when its {@code times} are used up or its {@code lasting} window has passed,
 * or when {@link #clear} is called. Safe to arm and clear while requests are served.
 */
public final class Faults {
  private final List<Armed> armed = new CopyOnWriteArrayList<>();
  private final LongSupplier nanoTime;

  /** A fault with what is left of its budget; {@code remaining} is null for no limit. */
  private record Armed(Fault fault, AtomicInteger remaining, long untilNanos, boolean forever) {
    boolean expired(long now) {
      return (remaining != null && remaining.get() <= 0) || (!forever && now - untilNanos >= 0);
    }

    /** Takes one use if any is left; false when another request took the last one first. */
    boolean take() {
      return remaining == null || remaining.getAndDecrement() > 0;
    }
  }

  public Faults() {
    this(System::nanoTime);
  }

  Faults(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Arms {@code fault}; its {@code lasting} window starts now. */
  public void add(Fault fault) {
    long now = nanoTime.getAsLong();
    armed.add(
        new Armed(
            fault,
            fault.times() == null ? null : new AtomicInteger(fault.times()),
            fault.lasting() == null ? 0 : now + fault.lasting().toNanos(),
            fault.lasting() == null));
  }

  /** Answers the next {@code times} matching requests with 429 and {@code Retry-After: seconds}. */
  public void throttle(String method, String pathPrefix, int times, int retryAfterSeconds) {
    add(Fault.throttle(method, pathPrefix, retryAfterSeconds).times(times));
  }

  /** Answers the next {@code times} matching requests with {@code response}. */
  public void inject(String method, String pathPrefix, int times, HttpResponse response) {
    add(Fault.answer(method, pathPrefix, response).times(times));
  }

  /** Disarms every fault. */
  public void clear() {
    armed.clear();
  }

  /** The faults still armed, in matching order. */
  public List<Fault> armed() {
    long now = nanoTime.getAsLong();
    return armed.stream().filter(a -> !a.expired(now)).map(Armed::fault).toList();
  }

  /** The fault that applies to {@code request}, using up one of its times; null when none does. */
  Fault match(HttpRequest request) {
    long now = nanoTime.getAsLong();
    armed.removeIf(
        a -> a.expired(now)); // spent faults would otherwise pile up over a long benchmark
    for (Armed a : armed) {
      if (a.fault().matches(request) && a.take()) {
        return a.fault();
      }
    }
    return null;
  }
}
