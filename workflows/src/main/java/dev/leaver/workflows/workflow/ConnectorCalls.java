package dev.leaver.workflows.workflow;

import dev.leaver.workflows.contract.ActionInput;
import dev.leaver.workflows.contract.ActivityTypes;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.ResolvedAccount;
import dev.leaver.workflows.contract.Stage;
import dev.leaver.workflows.contract.TaskQueues;
import dev.leaver.workflows.contract.Verification;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Calls connector activities by type name on the right system's task queue: kill-switch work on the
 * kill-switch queue, everything else on the clean-up queue, so the first never waits behind the
 * second. Each call carries a summary naming the system, the action and the employee id.
 */
final class ConnectorCalls {
  static final String[] DO_NOT_RETRY = {
    "PermissionDenied", "Rejected", "Irreversible", "UnknownAction"
  };

  private static final RetryOptions RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(8)
          .setDoNotRetry(DO_NOT_RETRY)
          .build();

  /** Longer than one vendor call's own timeout (20 s), shorter than the start-to-close. */
  static final Duration HEARTBEAT = Duration.ofSeconds(30);

  private final String employeeId;

  /** Runs started before the reads queue read on the kill-switch queue: their histories say so. */
  private boolean readsOnOwnQueue;

  ConnectorCalls(String employeeId) {
    this.employeeId = employeeId;
  }

  void readsOnOwnQueue(boolean own) {
    this.readsOnOwnQueue = own;
  }

  Resolution resolve(String system, Leaver leaver) {
    return Workflow.newUntypedActivityStub(options(readQueue(system), system, "Resolve"))
        .execute(ActivityTypes.resolve(system), Resolution.class, leaver);
  }

  /**
   * Resolves, then reads these kill-switch steps' before-images in the same activity, on the reads
   * queue: one round trip where {@link #resolve} and {@link #snapshot} take two.
   */
  ResolvedAccount resolveAndSnapshot(String system, Leaver leaver, List<ActionInput> steps) {
    return Workflow.newUntypedActivityStub(
            options(TaskQueues.reads(system), system, ActivityTypes.RESOLVE_AND_SNAPSHOT))
        .execute(
            ActivityTypes.resolveAndSnapshot(system),
            ResolvedAccount.class,
            leaver,
            steps.toArray(new ActionInput[0]));
  }

  /** The before-image, read once per step on the step's own queue, before the first apply. */
  @SuppressWarnings("unchecked")
  Map<String, String> snapshot(StepRecord step, ActionInput input) {
    return Workflow.newUntypedActivityStub(
            options(
                step.stage == Stage.KILL_SWITCH ? readQueue(step.system) : queue(step),
                step.system,
                step.action + ActivityTypes.SNAPSHOT))
        .execute(
            ActivityTypes.apply(step.system, step.action) + ActivityTypes.SNAPSHOT,
            Map.class,
            input);
  }

  Receipt apply(StepRecord step, ActionInput input) {
    return Workflow.newUntypedActivityStub(writing(options(queue(step), step.system, step.action)))
        .execute(ActivityTypes.apply(step.system, step.action), Receipt.class, input);
  }

  Receipt undo(StepRecord step, ActionInput input) {
    return Workflow.newUntypedActivityStub(
            writing(
                options(
                    TaskQueues.cleanup(step.system),
                    step.system,
                    step.action + ActivityTypes.UNDO)))
        .execute(
            ActivityTypes.apply(step.system, step.action) + ActivityTypes.UNDO,
            Receipt.class,
            input);
  }

  /** Where the kill switch's reads go: their own queue, or (older runs) the kill-switch queue. */
  private String readQueue(String system) {
    return readsOnOwnQueue ? TaskQueues.reads(system) : TaskQueues.killSwitch(system);
  }

  private static String queue(StepRecord step) {
    return step.stage == Stage.KILL_SWITCH
        ? TaskQueues.killSwitch(step.system)
        : TaskQueues.cleanup(step.system);
  }

  /**
   * Writes heartbeat (each item of a multi-item action, and before each write): an attempt that
   * hangs is retried after the heartbeat timeout rather than the whole start-to-close, and one that
   * Temporal has given up on learns it before writing.
   */
  private static ActivityOptions writing(ActivityOptions options) {
    return ActivityOptions.newBuilder(options).setHeartbeatTimeout(HEARTBEAT).build();
  }

  Verification verify(StepRecord step, ActionInput input) {
    return call(step, ActivityTypes.VERIFY, Verification.class, input);
  }

  PlannedChange preview(StepRecord step, ActionInput input) {
    return call(step, ActivityTypes.PREVIEW, PlannedChange.class, input);
  }

  private <R> R call(StepRecord step, String suffix, Class<R> type, ActionInput input) {
    return Workflow.newUntypedActivityStub(
            options(TaskQueues.cleanup(step.system), step.system, step.action + suffix))
        .execute(ActivityTypes.apply(step.system, step.action) + suffix, type, input);
  }

  private ActivityOptions options(String queue, String system, String action) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(queue)
        // A cancel waits for an attempt in flight to end, so compensation runs after its write
        // (which may land), never before it.
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setScheduleToCloseTimeout(Duration.ofMinutes(15))
        .setRetryOptions(RETRY)
        .setSummary(system + " · " + action + " · employee " + employeeId)
        .build();
  }
}
