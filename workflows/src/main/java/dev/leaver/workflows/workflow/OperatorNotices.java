package dev.leaver.workflows.workflow;

import dev.leaver.workflows.contract.PlanningActivities;
import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Tells the operator channel when a step parks and when an operator unparks it, so a parked run is
 * not found only by someone who happens to look at the Web UI. The notice is sent alongside: a
 * channel that is down delays nothing and changes no step; it is retried for a while, then logged.
 */
final class OperatorNotices {
  /** The change id of the version that sends these notices; older histories replay without them. */
  static final String CHANGE_ID = "operator-notices";

  private static final Logger log = Workflow.getLogger(OperatorNotices.class);
  private final RunState run;
  private final PlanningActivities channel =
      Workflow.newActivityStub(
          PlanningActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.CONTROL)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setScheduleToCloseTimeout(Duration.ofHours(1))
              .setSummary("tell the operator channel")
              .setRetryOptions(
                  RetryOptions.newBuilder().setDoNotRetry(ConnectorCalls.DO_NOT_RETRY).build())
              .build());

  OperatorNotices(RunState run) {
    this.run = run;
  }

  void parked(StepRecord s) {
    tell(
        run.request.employeeId()
            + ": "
            + s.stepId
            + " is parked and needs an operator: "
            + s.lastError
            + "\nRetry it once fixed (update retryStep) or skip it with a reason (update skipStep);"
            + " see the run offboarding-"
            + run.request.employeeId()
            + " in the Temporal Web UI.");
  }

  void unparked(StepRecord s, Decision d) {
    String who = d.operator() == null || d.operator().isBlank() ? "an operator" : d.operator();
    tell(
        run.request.employeeId()
            + ": "
            + s.stepId
            + (d.skip()
                ? " was skipped by " + who + ": " + d.reason()
                : " is being retried by " + who));
  }

  private void tell(String text) {
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION
        || run.dryRun) {
      return;
    }
    Async.procedure(channel::tellOperators, run.request.employeeId(), text)
        .exceptionally(
            f -> {
              log.warn(
                  "offboarding {}: the operator channel could not be told: {}",
                  run.request.employeeId(),
                  f.getMessage());
              return null;
            });
  }
}
