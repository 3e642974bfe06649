package dev.leaver.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Logs the Temporal SDK's poller failures once per state change, not once per attempt: every poller
 * thread of every task queue logs "Failure in poller thread" with a stack trace on each failed
 * poll, thousands a minute while the server is down. The first failure of a kind (its gRPC status
 * code, or the exception's class) is logged; repeats are dropped and counted until the kind changes
 * or {@link #recovered} says Temporal answers again, when the next failure is news again. {@link
 * TemporalReachability} logs the outage itself, once, when it starts and when it ends.
 */
public final class PollerErrorLogFilter extends TurboFilter {
  /**
   * The SDK 1.38 logger and message of a failed poll ({@code
   * BasePoller.PollerUncaughtExceptionHandler}).
   */
  static final String POLLER_LOGGER = "io.temporal.internal.worker.BasePoller";

  static final String POLLER_MESSAGE = "Failure in poller thread";

  /**
   * The repeated failures collapsed, by logger and message start: a failed poll, and a worker
   * stopped while Temporal is down (one "failed to call shutdown worker" per task queue).
   */
  static final java.util.Map<String, String> COLLAPSED =
      java.util.Map.of(
          POLLER_LOGGER,
          POLLER_MESSAGE,
          "io.temporal.internal.worker.ShutdownManager",
          "failed to call shutdown worker");

  private static final PollerErrorLogFilter INSTANCE = new PollerErrorLogFilter();

  /** Per collapsed message, the kind of failure last logged. */
  private final java.util.concurrent.ConcurrentHashMap<String, String> lastKind =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final AtomicLong suppressed = new AtomicLong();

  /** Adds the filter to logback's context once; later calls do nothing. */
  public static synchronized PollerErrorLogFilter install() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx
        && !ctx.getTurboFilterList().contains(INSTANCE)) {
      INSTANCE.setName("leaver-poller-errors");
      INSTANCE.start();
      ctx.addTurboFilter(INSTANCE);
    }
    return INSTANCE;
  }

  /** Temporal answers again: the next poller failure is logged. */
  public static void recovered() {
    INSTANCE.lastKind.clear();
  }

  /** Poller failures not logged because they repeated the last one. */
  public static long suppressed() {
    return INSTANCE.suppressed.get();
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    String message = COLLAPSED.get(logger.getName());
    if (format == null || message == null || !format.startsWith(message)) {
      return FilterReply.NEUTRAL;
    }
    Throwable error = t;
    if (error == null
        && params != null
        && params.length > 0
        && params[params.length - 1] instanceof Throwable e) {
      error = e;
    }
    String kind = kind(error);
    if (kind.equals(lastKind.put(message, kind))) {
      suppressed.incrementAndGet();
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  private static String kind(Throwable error) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s) {
        return s.getStatus().getCode().name();
      }
    }
    return error == null ? "unknown" : error.getClass().getName();
  }
}
