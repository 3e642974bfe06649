package dev.leaver.activities.scim;

import dev.leaver.activities.target.TargetException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One app's request budget, spread evenly: at most {@code perMinute} requests a minute, one every
 * {@code 60 s / perMinute}. A request waits for its turn when the wait is short; when it would have
 * to wait longer than {@link #MAX_WAIT} (well inside the activity's heartbeat timeout) it is not
 * sent, and the attempt ends as retryable after that delay, so Temporal, the one retry layer, tries
 * again when the budget allows.
 */
final class RequestBudget {
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private final String app;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long nextFree;

  RequestBudget(String app, int perMinute, LongSupplier nanoTime) {
    this.app = app;
    this.intervalNanos = perMinute <= 0 ? 0 : Duration.ofMinutes(1).toNanos() / perMinute;
    this.nanoTime = nanoTime;
    this.nextFree = nanoTime.getAsLong();
  }

  /** No budget: every request goes at once. */
  static RequestBudget none(String app) {
    return new RequestBudget(app, 0, System::nanoTime);
  }

  /**
   * Takes the next turn, waiting for it when it is near.
   *
   * @throws TargetException.Retryable when the turn is further away than {@link #MAX_WAIT}
   */
  void take() {
    if (intervalNanos == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      long slot = Math.max(now, nextFree);
      wait = slot - now;
      if (wait > MAX_WAIT.toNanos()) {
        Duration retryAfter =
            Duration.ofSeconds(
                Duration.ofNanos(wait).plusMillis(999).toSeconds()); // whole seconds, rounded up

        throw new TargetException.Retryable(
            "scim "
                + app
                + ": the app's request budget is used up"
                + " for now (systems.scim.apps."
                + app
                + ".requestsPerMinute)",
            retryAfter,
            null);
      }
      nextFree = slot + intervalNanos;
    }
    if (wait > 0) {
      try {
        Thread.sleep(Duration.ofNanos(wait).toMillis(), (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TargetException.Retryable(
            "scim " + app + ": interrupted waiting for the budget", null, e);
      }
    }
  }
}
