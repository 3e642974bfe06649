package dev.leaver.worker;

import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.function.Supplier;

/** Polls until a probe answers, for tests against servers that catch up in their own time. */
final class Eventually {
  private Eventually() {}

  /**
   * The probe's first non-null answer; a run not found yet counts as no answer.
   *
   * @throws AssertionError when none came within {@code limit}
   */
  static <T> T within(Duration limit, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      T value;
      try {
        value = probe.get();
      } catch (WorkflowNotFoundException e) {
        value = null;
      }
      if (value != null) {
        return value;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("condition not met within " + limit.toSeconds() + " s");
  }
}
