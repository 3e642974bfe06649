package dev.leaver.activities.dispatch;

import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.IrreversibleException;
import dev.leaver.activities.target.Preview;
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
import io.temporal.activity.ActivityInfo;
import io.temporal.activity.DynamicActivity;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every connector activity on a task queue. The activity type names the system, the action
 * and the operation ({@code entra.DisableAccount}, {@code entra.DisableAccount.Undo}, {@code
 * entra.Resolve}), so the history reads like the audit trail while all connectors share one SPI.
 *
 * <p>This is the one place where connector errors become Temporal's retry contract.
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
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    String type = info.getActivityType();
    try {
      return dispatch(ActivityType.parse(type), args, info.getAttempt());
    } catch (TargetException e) {
      throw Failures.toApplicationFailure(type, e);
    }
  }

  private Object dispatch(ActivityType type, EncodedValues args, int attempt) {
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
      case APPLY -> apply(system, action, in, target, attempt);
      case UNDO -> undo(system, action, in, target, attempt);
      case VERIFY -> verify(action, in, target);
      case PREVIEW -> preview(action, in, target);
      case RESOLVE -> throw new IllegalStateException("unreachable");
    };
  }

  private Receipt apply(
      TargetSystem system, TargetAction action, ActionInput in, Target target, int attempt) {
    Instant started = clock.instant();
    Map<String, String> before = action.snapshot(target);
    Change change = action.apply(target, before);
    log.info(
        "{} employee={} changed={} remaining={}",
        in.stepId(),
        in.leaver().employeeId(),
        change.changed(),
        change.remaining().size());
    return new Receipt(
        system.id(),
        action.name(),
        target.accountId(),
        before,
        change.after(),
        change.changed(),
        action.reversible(),
        in.requestId(),
        change.apiRequestId(),
        started,
        clock.instant(),
        attempt,
        change.remaining(),
        change.notes());
  }

  private Receipt undo(
      TargetSystem system, TargetAction action, ActionInput in, Target target, int attempt) {
    if (in.receipt() == null) {
      throw unknown("undo of " + in.stepId() + " needs the apply's receipt");
    }
    if (!action.reversible()) {
      throw new IrreversibleException(in.stepId() + " cannot be undone");
    }
    Instant started = clock.instant();
    Map<String, String> restored = action.undo(target, in.receipt());
    log.info("{} undone employee={}", in.stepId(), in.leaver().employeeId());
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
    Preview preview = action.preview(target, current);
    return new PlannedChange(
        in.stepId(), target.accountId(), current, preview.wouldChange(), preview.plan());
  }

  private static ApplicationFailure unknown(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, Failures.UNKNOWN_ACTION);
  }
}
