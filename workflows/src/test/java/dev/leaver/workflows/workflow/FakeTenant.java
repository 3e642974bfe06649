package dev.leaver.workflows.workflow;

import dev.leaver.workflows.contract.ActionInput;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.ResolvedAccount;
import dev.leaver.workflows.contract.Verification;
import io.temporal.activity.Activity;
import io.temporal.activity.DynamicActivity;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake of every connector activity for workflow tests: each step's access is a flag that apply
 * clears and undo sets again. Failures can be switched on per step.
 */
public final class FakeTenant implements DynamicActivity {
  /** Activity types in the order they were called. */
  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  /** Step id → access still granted (true) or removed (false); absent = granted. */
  public final Map<String, Boolean> granted = new ConcurrentHashMap<>();

  public final Set<String> denied = ConcurrentHashMap.newKeySet();
  public final Map<String, String> leftBehind = new ConcurrentHashMap<>();
  public final Set<String> verifyLies = ConcurrentHashMap.newKeySet();

  /** Systems where two accounts match the leaver. */
  public final Set<String> ambiguous = ConcurrentHashMap.newKeySet();

  /** False: a worker older than ResolveAndSnapshot, as the connector dispatcher answers it. */
  public volatile boolean knowsResolveAndSnapshot = true;

  public final Set<String> irreversible = Set.of("entra.RevokeSessions", "slack.ResetSessions");

  @Override
  public Object execute(EncodedValues args) {
    String type = Activity.getExecutionContext().getInfo().getActivityType();
    calls.add(type);
    if (type.endsWith(".Resolve")) {
      return resolve(type, args.get(0, Leaver.class));
    }
    if (type.endsWith(".ResolveAndSnapshot")) {
      if (!knowsResolveAndSnapshot) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no action ResolveAndSnapshot in " + type.substring(0, type.indexOf('.')),
            "UnknownAction");
      }
      Resolution found = resolve(type, args.get(0, Leaver.class));
      Map<String, Map<String, String>> before = new java.util.HashMap<>();
      if (found.found()) {
        for (ActionInput step : args.get(1, ActionInput[].class)) {
          before.put(step.stepId(), Map.of("granted", "true"));
        }
      }
      return new ResolvedAccount(found, before);
    }
    ActionInput in = args.get(0, ActionInput.class);
    String step = in.stepId();
    if (type.endsWith(".Verify")) {
      boolean stillGranted =
          type.contains("GrantOneDrive")
              ? granted.getOrDefault(step, false)
              : granted.getOrDefault(step, true);
      return new Verification(
          !stillGranted && !verifyLies.contains(step),
          stillGranted ? "still granted" : "gone",
          Instant.now());
    }
    if (type.endsWith(".Snapshot")) {
      return Map.of("granted", "true");
    }
    if (type.endsWith(".Preview")) {
      return new PlannedChange(
          step, in.accountId(), Map.of("granted", "true"), true, "would remove");
    }
    if (type.endsWith(".Undo")) {
      granted.put(step, !type.contains("GrantOneDrive"));
      return receipt(in, Map.of("granted", "false"), Map.of("granted", "true"));
    }
    if (denied.contains(step)) {
      // As the connector dispatcher reports it: nothing changed, on the first attempt.
      throw ApplicationFailure.newNonRetryableFailure(
          type + ": 403 Insufficient privileges to complete the operation",
          "PermissionDenied",
          new String[0],
          Activity.getExecutionContext().getInfo().getAttempt());
    }
    granted.put(step, type.contains("GrantOneDrive"));
    Receipt r = receipt(in, Map.of("granted", "true"), Map.of("granted", "false"));
    String left = leftBehind.get(step);
    if (left != null) {
      return new Receipt(
          r.system(),
          r.action(),
          r.target(),
          r.before(),
          r.after(),
          true,
          r.reversible(),
          r.requestId(),
          null,
          r.startedAt(),
          r.completedAt(),
          r.attempt(),
          List.of(left),
          List.of());
    }
    return r;
  }

  private Resolution resolve(String type, Leaver leaver) {
    String system = type.substring(0, type.indexOf('.'));
    if (ambiguous.contains(system)) {
      return Resolution.ambiguous(
          system, "fake", List.of(system + "-1", system + "-2"), "two match");
    }
    return Resolution.found(system, system + "-" + leaver.employeeId(), "fake");
  }

  private Receipt receipt(ActionInput in, Map<String, String> before, Map<String, String> after) {

    String[] parts = in.stepId().split("\\.");
    return new Receipt(
        parts[0],
        parts[1],
        in.accountId(),
        before,
        after,
        true,
        !irreversible.contains(in.stepId()),
        in.requestId(),
        "req-" + calls.size(),
        Instant.now(),
        Instant.now(),
        Activity.getExecutionContext().getInfo().getAttempt(),
        List.of(),
        List.of());
  }

  public List<String> callsEndingWith(String suffix) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.endsWith(suffix)).toList();
    }
  }
}
