package dev.leaver.worker;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Temporal answers, asked every {@code every} with a cheap {@code GetSystemInfo} that fails
 * fast (no retries, a short deadline). Readiness ({@code /health/ready}) is false while it does
 * not; the outage is logged once when it starts and once when it ends, with how long it lasted.
 */
public final class TemporalReachability implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TemporalReachability.class);

  /** The last answer: reachable or not, since when, and why not. */
  public record State(boolean reachable, Instant since, String reason) {}

  private final WorkflowServiceStubs stubs;
  private final String address;
  private final Duration every;
  private final Clock clock;
  private volatile State state;
  private ScheduledExecutorService pings;

  public TemporalReachability(
      WorkflowServiceStubs stubs, String address, Duration every, Clock clock) {
    this.stubs = stubs;
    this.address = address;
    this.every = every;
    this.clock = clock;
    this.state = new State(true, clock.instant(), null); // the worker has just connected to start
  }

  /** Starts asking in the background. */
  public synchronized TemporalReachability start() {
    pings =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "leaver-temporal-reachability");
              t.setDaemon(true);
              return t;
            });
    // stopped by shutting the executor down; check() records its own failures
    var unused =
        pings.scheduleWithFixedDelay(this::check, 0, every.toMillis(), TimeUnit.MILLISECONDS);

    return this;
  }

  public State state() {
    return state;
  }

  /** Asks once and records the answer; logs only a change. */
  void check() {
    String failure = null;
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(Math.max(500, every.toMillis() * 2), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (io.grpc.StatusRuntimeException e) {
      failure =
          e.getStatus().getCode()
              + (e.getStatus().getDescription() == null
                  ? ""
                  : ": " + e.getStatus().getDescription());
    } catch (RuntimeException e) {
      failure = e.toString();
    }
    State before = state;
    Instant now = clock.instant();
    if (failure == null && !before.reachable()) {
      state = new State(true, now, null);
      PollerErrorLogFilter.recovered();
      log.info(
          "Temporal at {} answers again after {} s unreachable; polling resumes ({} repeated poller errors not logged)",
          address,
          Duration.between(before.since(), now).toSeconds(),
          PollerErrorLogFilter.suppressed());
    } else if (failure != null && before.reachable()) {
      state = new State(false, now, failure);
      log.warn(
          "Temporal at {} is unreachable ({}); not ready until it answers, asked every {} ms;"
              + " repeated poller errors are not logged",
          address,
          failure,
          every.toMillis());
    } else if (failure != null) {
      state = new State(false, before.since(), failure);
    }
  }

  @Override
  public synchronized void close() {
    if (pings != null) {
      pings.shutdownNow();
    }
  }
}
