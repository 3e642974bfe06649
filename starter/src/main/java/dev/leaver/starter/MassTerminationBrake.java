package dev.leaver.starter;

import dev.leaver.workflows.api.WorkflowIds;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.ToLongFunction;

/**
 * Holds offboardings beyond a threshold: more than {@code threshold} terminations started within
 * {@code window} are started held, awaiting an operator's {@code release}. A wrongly filtered HR
 * report, a compromised HRIS key or a bad CSV should cost a page to the on-call engineer, not the
 * company's access.
 *
 * <p>It counts starts this process made, and, when given one, what Temporal's visibility store says
 * was started in the window (so a CSV import and the webhook server count together); the larger
 * count wins. Dry runs are not counted.
 */
public final class MassTerminationBrake {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(MassTerminationBrake.class);
  private final int threshold;
  private final Duration window;
  private final Clock clock;
  private final ToLongFunction<Instant> startedSince;
  private final Deque<Instant> recent = new ArrayDeque<>();
  private long visible = -1;
  private Instant visibleAt;
  private boolean refreshing;

  /**
   * How long a count from the visibility store is reused, adding this process's starts since: a
   * burst of deliveries must not queue up behind one count query each.
   */
  static final Duration VISIBILITY_REUSE = Duration.ofSeconds(1);

  /**
   * @param threshold how many starts in the window run normally; later ones are held
   * @param window the sliding window
   * @param startedSince how many offboardings Temporal started since an instant, or -1 when it
   *     cannot say; null to count only this process
   */
  public MassTerminationBrake(
      int threshold, Duration window, Clock clock, ToLongFunction<Instant> startedSince) {
    if (threshold < 0) {
      throw new IllegalArgumentException("threshold must not be negative: " + threshold);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    this.threshold = threshold;
    this.window = window;
    this.clock = clock;
    this.startedSince = startedSince;
  }

  /**
   * Counts offboardings (not dry runs) Temporal's visibility store shows started since an instant;
   * -1 when the store cannot answer (the brake then counts this process only).
   */
  public static ToLongFunction<Instant> visibility(WorkflowClient client) {
    java.util.concurrent.atomic.AtomicBoolean countFailureSaid =
        new java.util.concurrent.atomic.AtomicBoolean();
    return since -> {
      try {
        return client
            .countWorkflows(
                "WorkflowType = 'Offboarding' AND WorkflowId STARTS_WITH '"
                    + WorkflowIds.PREFIX
                    + "' AND StartTime >= '"
                    + since
                    + "'")
            .getCount();
      } catch (RuntimeException e) {
        // Once, not per delivery: a store that cannot count (the Java test server) stays so.
        if (!countFailureSaid.getAndSet(true)) {
          LOG.warn(
              "the mass-termination brake cannot count runs in Temporal's visibility store"
                  + " ({}); counting this process's starts only",
              e.getMessage());
        }
        return -1;
      }
    };
  }

  /** A brake that never holds. */
  public static MassTerminationBrake off() {
    return new MassTerminationBrake(Integer.MAX_VALUE, Duration.ofDays(1), Clock.systemUTC(), null);
  }

  public int threshold() {
    return threshold;
  }

  public Duration window() {
    return window;
  }

  /** Whether the next start would be held: the window already holds {@code threshold} starts. */
  public boolean wouldHold() {
    if (threshold == Integer.MAX_VALUE) {
      return false;
    }
    refreshVisibleCount();
    synchronized (this) {
      return counted() >= threshold;
    }
  }

  /**
   * Admits one start, counting it: whether it must be held. Counted and recorded in one step, so
   * that concurrent deliveries cannot all slip in under the threshold.
   */
  public boolean admit() {
    if (threshold != Integer.MAX_VALUE) {
      refreshVisibleCount();
    }
    synchronized (this) {
      boolean held = threshold != Integer.MAX_VALUE && counted() >= threshold;
      recent.addLast(clock.instant());
      return held;
    }
  }

  /** This process's starts in the window, or the visibility store's count plus ours since it. */
  private long counted() {
    Instant since = clock.instant().minus(window);
    while (!recent.isEmpty() && recent.peekFirst().isBefore(since)) {
      recent.removeFirst();
    }
    long counted = recent.size();
    if (visible >= 0 && visibleAt != null) {
      Instant asked = visibleAt;
      counted =
          Math.max(counted, visible + recent.stream().filter(t -> !t.isBefore(asked)).count());
    }
    return counted;
  }

  /**
   * Asks the visibility store again when the last count is older than {@link #VISIBILITY_REUSE},
   * outside the lock: while one delivery asks, the others go on with the last count plus this
   * process's starts since it was asked (a start the store has seen too is counted twice, which
   * holds sooner, never later). Only with no count yet does a delivery wait for the first.
   */
  private void refreshVisibleCount() {
    if (startedSince == null) {
      return;
    }
    Instant now;
    synchronized (this) {
      now = clock.instant();
      while (refreshing && visibleAt == null) {
        try {
          wait(); // the first count: no delivery goes on without one
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        now = clock.instant();
      }
      boolean fresh =
          visibleAt != null && Duration.between(visibleAt, now).compareTo(VISIBILITY_REUSE) <= 0;
      if (refreshing || fresh || recentInWindow(now) >= threshold) {
        return;
      }
      refreshing = true;
    }
    long count = -1;
    try {
      count = startedSince.applyAsLong(now.minus(window));
    } finally {
      synchronized (this) {
        visible = count;
        visibleAt = now;
        refreshing = false;
        notifyAll();
      }
    }
  }

  private long recentInWindow(Instant now) {
    Instant since = now.minus(window);
    return recent.stream().filter(t -> !t.isBefore(since)).count();
  }

  /** Takes back the last {@link #admit}: the start did not happen. */
  public synchronized void forget() {
    recent.pollLast();
  }
}
