package dev.leaver.worker;

import dev.leaver.workflows.api.SearchAttributes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code leaver_needs_attention_runs}: how many offboardings are parked now — running, with at
 * least one step waiting for an operator — counted by Temporal's visibility store ({@code
 * CountWorkflowExecutions} on the {@code LeaverNeedsAttention} search attribute the workflow
 * keeps), not by the worker. A worker's own tally would start at zero after every restart, would
 * miss runs parked before it started, and would be split across worker replicas; the count is the
 * same from every replica (aggregate with {@code max}, not {@code sum}) and matches the Web UI's
 * {@code LeaverNeedsAttention = true} view. It lags the runs by visibility's delay (about a second
 * on the dev server) plus the refresh interval; it is NaN (no sample) until the first count, while
 * Temporal is unreachable, and on a server without visibility queries (the Java test server).
 *
 * <p>The same refresh counts the handover, which only the visibility store knows across runs:
 * {@code leaver_handover_runs} (running, in the handover period now) and {@code
 * leaver_handover_overdue_runs} (still in the handover more than {@link #OVERDUE_AFTER} after its
 * {@code LeaverHandoverEndsAt}: the manager's access should have been taken back), for the
 * dashboard and the "revocation overdue" alert.
 */
public final class ParkedRuns implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ParkedRuns.class);
  public static final String GAUGE = "leaver_needs_attention_runs";
  static final String QUERY =
      SearchAttributes.NEEDS_ATTENTION.getName() + " = true AND ExecutionStatus = 'Running'";

  public static final String HANDOVER_GAUGE = "leaver_handover_runs";
  public static final String HANDOVER_OVERDUE_GAUGE = "leaver_handover_overdue_runs";
  static final String HANDOVER_QUERY =
      SearchAttributes.PHASE.getName() + " = 'HANDOVER' AND ExecutionStatus = 'Running'";

  /** The revocation runs on the handover's timer; an hour past it is overdue, not merely slow. */
  static final Duration OVERDUE_AFTER = Duration.ofHours(1);

  private final WorkflowClient client;
  private final java.util.function.BooleanSupplier reachable;
  private volatile double count = Double.NaN;
  private volatile double handover = Double.NaN;
  private volatile double handoverOverdue = Double.NaN;
  private volatile String lastFailure;
  private final ScheduledExecutorService refresh;

  /**
   * @param reachable whether Temporal answers now ({@link TemporalReachability}): while it does
   *     not, the gauge has no sample rather than a stale count (a count call would retry for a
   *     minute)
   */
  public ParkedRuns(
      WorkflowClient client,
      MeterRegistry registry,
      Duration every,
      java.util.function.BooleanSupplier reachable) {
    this.client = client;
    this.reachable = reachable;
    Gauge.builder(GAUGE, this, p -> p.count)
        .description(
            "Offboarding runs parked now (running, a step waiting for an operator's retry or skip):"
                + " a Temporal visibility count of "
                + QUERY
                + ", refreshed every "
                + every.toSeconds()
                + " s; every worker reports the same figure, aggregate with max")
        .register(registry);
    Gauge.builder(HANDOVER_GAUGE, this, p -> p.handover)
        .description(
            "Offboarding runs in the handover period now (the manager holds delegated access): a Temporal"
                + " visibility count of "
                + HANDOVER_QUERY
                + "; every worker reports the same figure, aggregate with max")
        .register(registry);
    Gauge.builder(HANDOVER_OVERDUE_GAUGE, this, p -> p.handoverOverdue)
        .description(
            "Offboarding runs still in the handover more than "
                + OVERDUE_AFTER.toMinutes()
                + " min after LeaverHandoverEndsAt: the manager's access is overdue for revocation; aggregate with max")
        .register(registry);
    refresh =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "leaver-parked-runs");
              t.setDaemon(true);
              return t;
            });
    // stopped by shutting the executor down; refresh() turns its own failures into NaN
    var unused =
        refresh.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  void refresh() {
    if (!reachable.getAsBoolean()) {
      count = Double.NaN;
      handover = Double.NaN;
      handoverOverdue = Double.NaN;
      return;
    }
    try {
      count = client.countWorkflows(QUERY).getCount();
      handover = client.countWorkflows(HANDOVER_QUERY).getCount();
      handoverOverdue = client.countWorkflows(overdueQuery(java.time.Instant.now())).getCount();
      if (lastFailure != null) {
        log.info("{} counted again", GAUGE);
        lastFailure = null;
      }
    } catch (RuntimeException e) {
      count = Double.NaN;
      handover = Double.NaN;
      handoverOverdue = Double.NaN;
      String failure =
          e instanceof io.grpc.StatusRuntimeException s
              ? s.getStatus().getCode().name()
              : e.toString();
      if (!failure.equals(lastFailure)) { // once per kind of failure, not every refresh
        log.warn("{} cannot be counted ({}); no sample until it can", GAUGE, failure);
        lastFailure = failure;
      }
    }
  }

  static String overdueQuery(java.time.Instant now) {
    return HANDOVER_QUERY
        + " AND "
        + SearchAttributes.HANDOVER_ENDS_AT.getName()
        + " < '"
        + now.minus(OVERDUE_AFTER).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        + "'";
  }

  public double count() {
    return count;
  }

  @Override
  public void close() {
    refresh.shutdownNow();
  }
}
