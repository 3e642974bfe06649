package dev.leaver.worker;

import dev.leaver.starter.hris.HrisPollSchedule;
import dev.leaver.starter.hris.TerminationSink;
import dev.leaver.starter.hris.workday.WorkdayPoll;
import dev.leaver.starter.hris.workday.WorkdayReportClient;
import dev.leaver.workflows.contract.TaskQueues;
import dev.leaver.workflows.poll.HrisPollActivities;
import dev.leaver.workflows.poll.HrisPollWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;

/**
 * Polling Workday, which sends no webhooks: the poll workflow runs on the control queue beside the
 * offboarding workflow, the poll activity on {@link TaskQueues#HRIS_POLL} (the workers holding the
 * Workday credentials), and a Temporal Schedule starts a poll every few minutes.
 */
public final class HrisPolling {

  private HrisPolling() {}

  /**
   * Registers the poll workflow and the Workday poll activity on their own task queue, {@link
   * TaskQueues#HRIS_POLL}: the starter process serves them (the intake is there), and the
   * offboarding workers never see a poll task. Call before {@code factory.start()}.
   *
   * @param workday the report client
   * @param sink where termination events go (starts, reschedules, rescinds runs)
   */
  public static void register(
      WorkerFactory factory, WorkdayReportClient workday, TerminationSink sink) {
    register(factory, new WorkdayPoll(workday, sink));
  }

  /** As {@link #register(WorkerFactory, WorkdayReportClient, TerminationSink)}, any poll. */
  public static void register(WorkerFactory factory, HrisPollActivities poll) {
    Worker worker = factory.newWorker(TaskQueues.HRIS_POLL);
    worker.registerWorkflowImplementationTypes(HrisPollWorkflowImpl.class);
    worker.registerActivitiesImplementations(poll);
  }

  /**
   * Creates the Workday poll schedule ({@value HrisPollSchedule#WORKDAY_ID}), or updates it to
   * {@code interval} when it exists; safe on every worker start.
   */
  public static ScheduleHandle scheduleWorkday(WorkflowClient client, Duration interval) {
    return HrisPollSchedule.workday(interval).ensure(schedules(client));
  }

  /** A schedule client on the same connection, namespace and data converter as {@code client}. */
  public static ScheduleClient schedules(WorkflowClient client) {
    return ScheduleClient.newInstance(
        client.getWorkflowServiceStubs(),
        ScheduleClientOptions.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setDataConverter(client.getOptions().getDataConverter())
            .build());
  }
}
