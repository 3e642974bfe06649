package dev.leaver.worker;

import dev.leaver.activities.dispatch.ConnectorActivity;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.EvidenceActivities;
import dev.leaver.workflows.contract.PlanningActivities;
import dev.leaver.workflows.contract.TaskQueues;
import dev.leaver.workflows.workflow.HrCancellationRecordImpl;
import dev.leaver.workflows.workflow.OffboardingWorkflowImpl;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.util.Map;

/**
 * Registers the workflow and every connector on a worker factory: the control queue runs the
 * workflow, planning and the evidence store's appends; each system gets a kill-switch queue and a
 * clean-up queue, each rate limited server-side to its share of the API's write budget, and a reads
 * queue for the kill switch's reads (Resolve, before-images) at the API's read budget.
 */
public final class LeaverWorker {

  /**
   * Activities per second a system's queues may start; the server enforces it across workers.
   *
   * @param killSwitchPerSecond the kill switch's writes ({@code leaver-<id>-killswitch})
   * @param cleanupPerSecond clean-up, handover, verification ({@code leaver-<id>-cleanup})
   * @param readsPerSecond the kill switch's reads: Resolve and the before-images ({@code
   *     leaver-<id>-reads}); APIs budget reads apart from writes, and more generously
   */
  public record RateLimit(
      double killSwitchPerSecond, double cleanupPerSecond, double readsPerSecond) {
    /**
     * Reads: Graph's read budget is far above its write limits; a Slack lookup is Tier 3 (50+/min).
     */
    public static final double DEFAULT_READS_PER_SECOND = 50;

    public static final RateLimit DEFAULT = new RateLimit(20, 5, DEFAULT_READS_PER_SECOND);

    /** Writes' rates, reads at the built-in default. */
    public RateLimit(double killSwitchPerSecond, double cleanupPerSecond) {
      this(killSwitchPerSecond, cleanupPerSecond, DEFAULT_READS_PER_SECOND);
    }
  }

  /**
   * Runs kept in the worker's workflow cache. A run asleep in its handover needs no place there:
   * its timer lives in Temporal, and when it fires the run is rebuilt from its history. So the
   * cache is sized for the runs busy at once, not for the runs alive (the SDK's default, 600,
   * filled with sleeping runs and cost the worker about 0.3 MiB of resident memory per workflow
   * thread; see the README, "Benchmarks", {@code leaver bench asleep}).
   */
  public static final int WORKFLOW_CACHE_SIZE = 200;

  /**
   * Threads for cached runs (the SDK's default is 600): each cached run holds one per system still
   * at work plus its main one; when they are all taken the SDK evicts idle runs to free them.
   */
  public static final int MAX_WORKFLOW_THREADS = 400;

  private LeaverWorker() {}

  /** The worker factory's options for every worker process (the CLI's and the benchmarks'). */
  public static WorkerFactoryOptions factoryOptions() {
    return WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(WORKFLOW_CACHE_SIZE)
        .setMaxWorkflowThreadCount(MAX_WORKFLOW_THREADS)
        .build();
  }

  public static void register(
      WorkerFactory factory,
      Connectors connectors,
      PlanningActivities planning,
      EvidenceActivities evidence,
      Map<String, RateLimit> limits,
      Clock clock) {
    register(factory, connectors, planning, evidence, limits, clock, SystemGate.OPEN);
  }

  /**
   * As above, with each system's activities behind {@code gate}: a task that reaches a blocked
   * system is handed back to run after the next check (see {@link GatedActivity}).
   */
  public static void register(
      WorkerFactory factory,
      Connectors connectors,
      PlanningActivities planning,
      EvidenceActivities evidence,
      Map<String, RateLimit> limits,
      Clock clock,
      SystemGate gate) {
    var control = factory.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(
        OffboardingWorkflowImpl.class, HrCancellationRecordImpl.class);
    control.registerActivitiesImplementations(planning, evidence);
    ConnectorActivity activity = new ConnectorActivity(connectors, clock);
    for (TargetSystem system : connectors.all()) {
      RateLimit limit = limits.getOrDefault(system.id(), RateLimit.DEFAULT);
      GatedActivity gated = new GatedActivity(system.id(), activity, gate);
      factory
          .newWorker(TaskQueues.killSwitch(system.id()), options(limit.killSwitchPerSecond()))
          .registerActivitiesImplementations(gated);
      factory
          .newWorker(TaskQueues.cleanup(system.id()), options(limit.cleanupPerSecond()))
          .registerActivitiesImplementations(gated);
      factory
          .newWorker(TaskQueues.reads(system.id()), options(limit.readsPerSecond()))
          .registerActivitiesImplementations(gated);
    }
  }

  /**
   * {@code parts} on {@code factory}: the one composition of the CLI's worker, the demo's and the
   * benchmark's.
   */
  public static void register(
      WorkerFactory factory, WorkerParts parts, Clock clock, SystemGate gate) {
    register(
        factory,
        parts.connectors(),
        parts.planning(),
        parts.evidence(),
        parts.limits(),
        clock,
        gate);
  }

  /**
   * Pollers per system queue. Every poll is a long-lived stream on the worker's one connection, and
   * three queues per system at the SDK's 5 pollers each passed 128 streams with nine systems:
   * nginx's default {@code http2_max_concurrent_streams}, where further calls (task completions,
   * heartbeats) waited behind the polls until one returned. A rate-limited queue needs few pollers.
   */
  static final int POLLERS_PER_SYSTEM_QUEUE = 2;

  private static WorkerOptions options(double perSecond) {
    return WorkerOptions.newBuilder()
        .setMaxTaskQueueActivitiesPerSecond(perSecond)
        .setMaxConcurrentActivityTaskPollers(POLLERS_PER_SYSTEM_QUEUE)
        .build();
  }
}
