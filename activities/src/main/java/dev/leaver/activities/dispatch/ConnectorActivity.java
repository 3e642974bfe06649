package dev.leaver.activities.dispatch;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.ActionInput;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.ResolvedAccount;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.activity.DynamicActivity;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every connector activity on a task queue. The activity type names the system, the action
 * and the operation ({@code entra.DisableAccount}, {@code entra.DisableAccount.Snapshot}, {@code
 * entra.DisableAccount.Undo}, {@code entra.Resolve}, {@code entra.ResolveAndSnapshot}), so the
 * history reads like the audit trail while all connectors share one SPI.
 *
 * <p>This is the one place where connector errors become Temporal's retry contract, and where a
 * multi-item action's progress travels as heartbeat details (to the next attempt) and failure
 * details (to the workflow, for the undo).
 */
public final class ConnectorActivity implements DynamicActivity {
  private static final Logger log = LoggerFactory.getLogger(ConnectorActivity.class);

  /**
   * Threads for a resolution's before-image reads; as many at once as the reads queue's activities
   * ask for (each waits on HTTP), none kept when idle.
   */
  private static final ExecutorService READS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "leaver-before-image-read");
            t.setDaemon(true);
            return t;
          });

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
    if (type.operation() == ActivityType.Operation.RESOLVE) {
      return system.resolve(args.get(0, Leaver.class));
    }
    if (type.operation() == ActivityType.Operation.RESOLVE_AND_SNAPSHOT) {
      return resolveAndSnapshot(
          system, args.get(0, Leaver.class), args.get(1, ActionInput[].class));
    }
    TargetAction action =
        connectors
            .action(type.system(), type.action())
            .orElseThrow(() -> unknown("no action " + type.action() + " in " + type.system()));
    ActionInput in = args.get(0, ActionInput.class);
    Target target = new Target(in.leaver(), in.accountId(), in.requestId(), in.facts());
    Attempt run = new Attempt(system.id(), action, target, clock, attempt, progress);
    return switch (type.operation()) {
      case SNAPSHOT -> action.snapshot(target);
      case APPLY -> apply(run, action, in, target);
      case UNDO -> undo(run, in);
      case VERIFY -> run.verify(in.receipt());
      case PREVIEW -> run.preview(in.stepId());
      case RESOLVE, RESOLVE_AND_SNAPSHOT -> throw new IllegalStateException("unreachable");
    };
  }

  /**
   * Resolves, then reads each asked step's before-image, the reads side by side (they are
   * independent, and this activity is on the kill switch's path). A read that fails leaves that
   * step out: it reads again in its own activity, and a failure there parks the step it belongs to,
   * not the resolution.
   */
  private ResolvedAccount resolveAndSnapshot(
      TargetSystem system, Leaver leaver, ActionInput[] steps) {
    Resolution resolution = system.resolve(leaver);
    Map<String, Map<String, String>> before = new HashMap<>();
    if (!resolution.found()) {
      return new ResolvedAccount(resolution, before);
    }
    Map<String, CompletableFuture<Map<String, String>>> reads = new LinkedHashMap<>();
    for (ActionInput in : steps) {
      String action = in.stepId().substring(in.stepId().indexOf('.') + 1);
      Optional<TargetAction> found = connectors.action(system.id(), action);
      if (found.isEmpty()) {
        continue; // the step itself fails with the unknown action, where it belongs
      }
      Target target = new Target(leaver, resolution.accountId(), in.requestId(), in.facts());
      reads.put(
          in.stepId(), CompletableFuture.supplyAsync(() -> found.get().snapshot(target), READS));
    }
    reads.forEach(
        (stepId, read) -> {
          try {
            before.put(stepId, read.join());
          } catch (CompletionException | CancellationException e) {
            // a TargetException or an SDK's own, inside
            log.warn(
                "{} employee={}: before-image not read with the resolution ({}); the step reads it"
                    + " itself",
                stepId,
                leaver.employeeId(),
                (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName());
          }
        });
    return new ResolvedAccount(resolution, before);
  }

  private static Receipt apply(Attempt run, TargetAction action, ActionInput in, Target target) {
    // The kept before-image; a caller without one (an older workflow) gets a fresh read.
    Map<String, String> before = in.before() != null ? in.before() : action.snapshot(target);
    Receipt receipt = run.apply(before);
    log.info(
        "{} employee={} attempt={} changed={} remaining={}",
        in.stepId(),
        in.leaver().employeeId(),
        run.attempt(),
        receipt.changed(),
        receipt.remaining().size());
    return receipt;
  }

  private static Receipt undo(Attempt run, ActionInput in) {
    if (in.receipt() == null) {
      throw unknown("undo of " + in.stepId() + " needs the apply's receipt");
    }
    Receipt undone = run.undo(in.receipt());
    log.info(
        "{} undone employee={} attempt={}", in.stepId(), in.leaver().employeeId(), run.attempt());
    return undone;
  }

  private static ApplicationFailure unknown(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, Failures.UNKNOWN_ACTION);
  }
}
