package dev.leaver.worker;

import io.temporal.worker.WorkerFactory;

/** What the worker's {@code /health/live} and {@code /health/ready} answer. */
public final class WorkerHealth {
  private WorkerHealth() {}

  /** Live: the worker's factory runs (a process that fails this should be restarted). */
  public static Metrics.Health live(WorkerFactory factory) {
    boolean running = factory.isStarted() && !factory.isShutdown();
    return new Metrics.Health(running, "worker: " + (running ? "running" : "not running") + "\n");
  }

  /**
   * Ready: running, Temporal answers, and no system is blocked (credentials refused or its API
   * unreachable); else 503 with a line naming each cause.
   */
  public static Metrics.Health ready(
      Preflight preflight, TemporalReachability reachability, WorkerFactory factory) {
    Metrics.Health systems = preflight.health(factory.isStarted() && !factory.isShutdown());
    TemporalReachability.State t = reachability.state();
    String temporalLine =
        t.reachable()
            ? "temporal: ok\n"
            : "temporal: UNREACHABLE since "
                + t.since()
                + " ("
                + t.reason()
                + "); tasks wait until it answers\n";
    return new Metrics.Health(systems.ok() && t.reachable(), temporalLine + systems.body());
  }
}
