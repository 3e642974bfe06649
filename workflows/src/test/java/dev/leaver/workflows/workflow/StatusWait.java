package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import java.time.Duration;
import java.util.function.Predicate;

/** Polls a run's status query until it matches, for tests that watch a run move. */
public final class StatusWait {
  private StatusWait() {}

  /** The first status that matches {@code p}; fails with the last one seen after {@code within}. */
  public static OffboardingStatus until(
      OffboardingWorkflow wf, Predicate<OffboardingStatus> p, Duration within) {
    long deadline = System.currentTimeMillis() + within.toMillis();
    OffboardingStatus last = null;
    while (System.currentTimeMillis() < deadline) {
      last = wf.status();
      if (last != null && p.test(last)) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("status never matched; last: " + last);
  }
}
