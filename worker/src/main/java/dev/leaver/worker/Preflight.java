package dev.leaver.worker;

import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.PermissionCheck.Status;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors' read-only permission checks, run as the worker starts. A missing permission is
 * logged (one line each) and reported: the steps that need it park for an operator. A system that
 * refuses the worker's credentials or cannot be reached is blocked: its two task queues are not
 * polled ({@link Worker#suspendPolling()}), {@code /health} answers 503 naming it and the reason,
 * and it is checked again every {@link #recheckEvery()} until a check passes and polling resumes.
 */
public final class Preflight implements SystemGate, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Preflight.class);

  /**
   * The last check of one system.
   *
   * @param system the system id
   * @param rows one per permission, as the connector reported them
   * @param checkedAt when
   */
  public record SystemState(String system, List<PermissionCheck> rows, Instant checkedAt) {
    public SystemState {
      rows = List.copyOf(rows);
    }

    /** The row that blocks the system, if the check could not reach it or was refused. */
    public Optional<PermissionCheck> blocking() {
      return rows.stream().filter(r -> r.status() == Status.BLOCKED).findFirst();
    }

    public List<PermissionCheck> notGranted() {
      return rows.stream().filter(r -> r.status() != Status.GRANTED).toList();
    }
  }

  private final Connectors connectors;
  private final Duration recheckEvery;
  private final Clock clock;
  private final Map<String, SystemState> states = new LinkedHashMap<>();
  private ScheduledExecutorService rechecks;
  private WorkerFactory factory;

  /**
   * Checks every system now, all at once, and logs what is missing or blocked.
   *
   * @param recheckEvery how often a blocked system is checked again once {@link #watch} runs
   */
  public Preflight(Connectors connectors, Duration recheckEvery, Clock clock) {
    this.connectors = connectors;
    this.recheckEvery = recheckEvery;
    this.clock = clock;
    List<CompletableFuture<SystemState>> running =
        connectors.all().stream()
            .map(s -> CompletableFuture.supplyAsync(() -> check(s, clock)))
            .toList();
    running.forEach(
        f -> {
          SystemState state = f.join();
          synchronized (this) {
            states.put(state.system(), state);
          }
          report(state);
        });
  }

  /**
   * Checks one system, read-only. A connector whose check throws, or that has none, gets an UNKNOWN
   * row rather than blocking its system.
   */
  public static SystemState check(TargetSystem system, Clock clock) {
    List<PermissionCheck> rows;
    try {
      rows = system.check();
      if (rows.isEmpty()) {
        rows = List.of(PermissionCheck.unknown("(all)", "the connector has no preflight", null));
      }
    } catch (RuntimeException e) {
      rows = List.of(PermissionCheck.unknown("(all)", "the check failed: " + e, null));
    }
    return new SystemState(system.id(), rows, clock.instant());
  }

  /**
   * Stops polling the blocked systems' queues and checks them again every {@link #recheckEvery()}.
   * Call right after {@code factory.start()}: a worker suspended before it starts polls anyway.
   */
  public synchronized void watch(WorkerFactory factory) {
    this.factory = factory;
    states.values().stream()
        .filter(s -> s.blocking().isPresent())
        .forEach(s -> workers(s.system()).forEach(Worker::suspendPolling));
    rechecks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "leaver-preflight");
              t.setDaemon(true);
              return t;
            });
    long ms = recheckEvery.toMillis();
    var unused =
        rechecks.scheduleWithFixedDelay(
            this::recheckBlocked, ms, ms, TimeUnit.MILLISECONDS); // stopped by shutdown
  }

  private void recheckBlocked() {
    for (TargetSystem system : connectors.all()) {
      if (blockedBecause(system.id()).isEmpty()) {
        continue;
      }
      SystemState state = check(system, clock);
      synchronized (this) {
        states.put(system.id(), state);
      }
      if (state.blocking().isEmpty()) {
        workers(system.id()).forEach(Worker::resumePolling);
        log.info(
            "{}: check passed; polling {}, {} and {} again",
            system.id(),
            TaskQueues.reads(system.id()),
            TaskQueues.killSwitch(system.id()),
            TaskQueues.cleanup(system.id()));
        report(state);
      }
    }
  }

  private List<Worker> workers(String system) {
    List<Worker> found = new ArrayList<>();
    for (String queue :
        List.of(
            TaskQueues.reads(system), TaskQueues.killSwitch(system), TaskQueues.cleanup(system))) {
      try {
        found.add(factory.getWorker(queue));
      } catch (IllegalArgumentException noWorker) {
        // Not registered on this factory (a test registers only some systems): nothing to pause.
      }
    }
    return found;
  }

  @Override
  public synchronized Optional<String> blockedBecause(String systemId) {
    SystemState s = states.get(systemId);
    return s == null ? Optional.empty() : s.blocking().map(PermissionCheck::detail);
  }

  @Override
  public Duration recheckEvery() {
    return recheckEvery;
  }

  /** Every system's last check, in the connectors' order. */
  public synchronized List<SystemState> states() {
    return List.copyOf(states.values());
  }

  /** What {@code /health} answers: 503 while the worker is not running or any system is blocked. */
  public Metrics.Health health(boolean running) {
    StringBuilder body =
        new StringBuilder("worker: " + (running ? "running" : "not running") + "\n");
    boolean ok = running;
    for (SystemState s : states()) {
      Optional<PermissionCheck> blocking = s.blocking();
      if (blocking.isPresent()) {
        ok = false;
        body.append(s.system())
            .append(": BLOCKED: ")
            .append(blocking.get().detail())
            .append("; queues ")
            .append(TaskQueues.reads(s.system()))
            .append(", ")
            .append(TaskQueues.killSwitch(s.system()))
            .append(" and ")
            .append(TaskQueues.cleanup(s.system()))
            .append(" not polled; checked again every ")
            .append(
                recheckEvery.toSeconds() > 0
                    ? recheckEvery.toSeconds() + " s"
                    : recheckEvery.toMillis() + " ms")
            .append(", last at ")
            .append(s.checkedAt())
            .append('\n');
      } else {
        List<String> missing = s.notGranted().stream().map(PermissionCheck::permission).toList();
        body.append(s.system())
            .append(": ok")
            .append(missing.isEmpty() ? "" : ", not granted: " + String.join(", ", missing))
            .append('\n');
      }
    }
    return new Metrics.Health(ok, body.toString());
  }

  private static void report(SystemState s) {
    Optional<PermissionCheck> blocking = s.blocking();
    if (blocking.isPresent()) {
      log.error(
          "{}: blocked, its queues are not polled until a check passes: {}; {}",
          s.system(),
          blocking.get().detail(),
          blocking.get().howToGrant());
      return;
    }
    List<PermissionCheck> notGranted = s.notGranted();
    if (notGranted.isEmpty()) {
      log.info("{}: all {} permissions granted", s.system(), s.rows().size());
    }
    for (PermissionCheck r : notGranted) {
      log.warn(
          "{}: permission {} {}: {}{}",
          s.system(),
          r.permission(),
          r.status(),
          r.detail(),
          r.howToGrant() == null ? "" : "; to grant: " + r.howToGrant());
    }
  }

  @Override
  public synchronized void close() {
    if (rechecks != null) {
      rechecks.shutdownNow();
    }
  }
}
