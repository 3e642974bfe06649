package dev.leaver.activities.dispatch;

import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.IrreversibleException;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.ActionInput;
import dev.leaver.workflows.contract.ActivityTypes;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Verification;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.activity.DynamicActivity;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every connector activity on a task queue. The activity type names the system, the action
 * and the operation ({@code entra.DisableAccount}, {@code entra.DisableAccount.Snapshot}, {@code
 * entra.DisableAccount.Undo}, {@code entra.Resolve}), so the history reads like the audit trail
 * while all connectors share one SPI.
 *
 * <p>This is the one place where connector errors become Temporal's retry contract, and where a
 * multi-item action's progress travels as heartbeat details (to the next attempt) and failure
 * details (to the workflow, for the undo).
 */
public final class ConnectorActivity implements DynamicActivity {
  private static final Logger log = LoggerFactory.getLogger(ConnectorActivity.class);

  private final Connectors connectors;
  private final Clock clock;

  public ConnectorActivity(Connectors connectors, Clock clock) {
    this.connectors = connectors;
    this.clock = clock;
  }

  @Override
  public Object execute(EncodedValues args) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ActivityInfo info = context.getInfo();
    String type = info.getActivityType();
    Progress progress = progress(context);
    try {
      return dispatch(ActivityType.parse(type), args, info.getAttempt(), progress);
    } catch (TargetException e) {
      throw Failures.toApplicationFailure(type, e, progress.items(), info.getAttempt());
    }
  }

  /** Progress carried over from the last attempt's heartbeats; each change is heartbeated. */
  private static Progress progress(ActivityExecutionContext context) {
    List<String> carried =
        context.getHeartbeatDetails(String[].class).map(List::of).orElse(List.of());
    return new Progress(carried, items -> context.heartbeat(items.toArray(new String[0])));
  }

  private Object dispatch(ActivityType type, EncodedValues args, int attempt, Progress progress) {
    TargetSystem system =
        connectors
            .system(type.system())
            .orElseThrow(() -> unknown("no target system " + type.system() + " on this worker"));
    if (type.isResolve()) {
      Leaver leaver = args.get(0, Leaver.class);
      return system.resolve(leaver);
    }
    TargetAction action =
        connectors
            .action(type.system(), type.action())
            .orElseThrow(() -> unknown("no action " + type.action() + " in " + type.system()));
    ActionInput in = args.get(0, ActionInput.class);
    Target target = new Target(in.leaver(), in.accountId(), in.requestId());
    return switch (type.operation()) {
      case SNAPSHOT -> action.snapshot(target);
      case APPLY -> apply(system, action, in, target, attempt, progress);
      case UNDO -> undo(system, action, in, target, attempt, progress);
      case VERIFY -> verify(action, in, target);
      case PREVIEW -> preview(action, in, target);
      case RESOLVE -> throw new IllegalStateException("unreachable");
    };
  }

  private Receipt apply(
      TargetSystem system,
      TargetAction action,
      ActionInput in,
      Target target,
      int attempt,
      Progress progress) {
    Instant started = clock.instant();
    // The kept before-image; a caller without one (an older workflow) gets a fresh read.
    Map<String, String> before = in.before() != null ? in.before() : action.snapshot(target);
    Decision decision = action.decide(target, before);
    Receipt receipt;
    if (decision instanceof Decision.Write w) {
      Change change = action.apply(target, before, w, progress);
      Map<String, String> after = new LinkedHashMap<>(change.after());
      if (!progress.items().isEmpty()) {
        after.put(Progress.ITEMS, String.join(",", progress.items()));
      }
      List<String> remaining = new ArrayList<>(w.leftBehind());
      change.remaining().stream().filter(r -> !remaining.contains(r)).forEach(remaining::add);
      receipt = receipt(system, action, in, target, before, after, true, change.apiRequestId(),
          started, attempt, remaining, change.notes());
    } else {
      List<String> left =
          decision instanceof Decision.CannotHere c ? c.leftBehind() : List.of();
      receipt = receipt(system, action, in, target, before, before, false, null, started, attempt,
          left, List.of(decision.plan()));
    }
    log.info(
        "{} employee={} attempt={} changed={} remaining={}",
        in.stepId(),
        in.leaver().employeeId(),
        attempt,
        receipt.changed(),
        receipt.remaining().size());
    return receipt;
  }

  private Receipt receipt(
      TargetSystem system,
      TargetAction action,
      ActionInput in,
      Target target,
      Map<String, String> before,
      Map<String, String> after,
      boolean changed,
      String apiRequestId,
      Instant started,
      int attempt,
      List<String> remaining,
      List<String> notes) {
    return new Receipt(system.id(), action.name(), target.accountId(), before, after, changed,
        action.spec().reversible(), in.requestId(), apiRequestId, started, clock.instant(), attempt,
        remaining, notes);
  }

  private Receipt undo(
      TargetSystem system,
      TargetAction action,
      ActionInput in,
      Target target,
      int attempt,
      Progress progress) {
    if (in.receipt() == null) {
      throw unknown("undo of " + in.stepId() + " needs the apply's receipt");
    }
    if (!action.spec().reversible()) {
      throw new IrreversibleException(in.stepId() + " cannot be undone");
    }
    Instant started = clock.instant();
    Map<String, String> restored = action.undo(target, in.receipt(), progress);
    log.info("{} undone employee={} attempt={}", in.stepId(), in.leaver().employeeId(), attempt);
    return new Receipt(
        system.id(),
        action.name() + ActivityTypes.UNDO,
        target.accountId(),
        in.receipt().after(),
        restored,
        true,
        true,
        in.requestId(),
        null,
        started,
        clock.instant(),
        attempt,
        null,
        null);
  }

  private Verification verify(TargetAction action, ActionInput in, Target target) {
    Check check = action.verify(target, in.receipt());
    return new Verification(check.accessRemoved(), check.detail(), clock.instant());
  }

  private PlannedChange preview(TargetAction action, ActionInput in, Target target) {
    Map<String, String> current = action.snapshot(target);
    Decision decision = action.decide(target, current);
    return new PlannedChange(in.stepId(), target.accountId(), current,
        decision instanceof Decision.Write, decision.plan());
  }

  private static ApplicationFailure unknown(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, Failures.UNKNOWN_ACTION);
  }
}
