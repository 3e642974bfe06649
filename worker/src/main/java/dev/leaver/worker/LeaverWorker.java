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
 * workflow, planning and the evidence store's appends; each system gets a kill-switch queue and a clean-up queue, each rate
 * limited server-side to its share of the API's write budget.
 */
public final class LeaverWorker {

  /** Activities per second a system's queues may start; the server enforces it across workers. */
  public record RateLimit(double killSwitchPerSecond, double cleanupPerSecond) {
    public static final RateLimit DEFAULT = new RateLimit(20, 5);
  }

  /**
   * Runs kept in the worker's workflow cache. A run asleep in its handover needs no place there:
   * its timer lives in Temporal, and when it fires the run is rebuilt from its history. So the
   * cache is sized for the runs busy at once, not for the runs alive (the SDK's default, 600, filled
   * with sleeping runs and cost the worker about 0.3 MiB of resident memory per workflow thread;
   * see the README, "Benchmarks", {@code leaver bench asleep}).
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
    control.registerWorkflowImplementationTypes(OffboardingWorkflowImpl.class, HrCancellationRecordImpl.class);
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
    }
  }

  private static WorkerOptions options(double perSecond) {
    return WorkerOptions.newBuilder().setMaxTaskQueueActivitiesPerSecond(perSecond).build();
  }
}
