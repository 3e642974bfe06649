package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.contract.ActionInput;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.ResolvedAccount;
import dev.leaver.workflows.contract.Stage;
import dev.leaver.workflows.contract.Verification;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs one system's steps: resolve, then each stage as it opens, then verification. A step that
 * fails for good or leaves access behind is parked until an operator retries or skips it; the other
 * systems go on meanwhile.
 */
final class StepRunner {
  private static final int MAX_ATTEMPTS = 8;
  private final RunState run;
  private final OperatorNotices notices;

  StepRunner(RunState run) {
    this.run = run;
    this.notices = new OperatorNotices(run);
  }

  /** The whole chain for one system; returns when its steps are closed or the run is rescinded. */
  void system(String system) {
    StepRecord resolve = run.ledger.get(system + ".Resolve");
    List<StepRecord> planned =
        run.ledger.where(
            s -> s.system.equals(system) && s != resolve && !s.stepId.endsWith(".Revoke"));
    // Reminders and deletion run later, from the main thread, when their time comes.
    List<StepRecord> steps =
        planned.stream()
            .filter(
                s ->
                    s.stage != Stage.DELETION
                        && s.stage != Stage.HANDOVER_ENDING
                        && s.stage != Stage.HANDOVER_ENDED)
            .toList();
    if (!resolve(resolve, system, run.dryRun ? planned : steps)) {
      return;
    }
    if (run.dryRun) {
      planned.forEach(this::preview);
      return;
    }
    if (run.fastKillSwitch) {
      if (run.fewerRoundTrips) {
        dropStaleBeforeImages(steps);
      }
      snapshotKillSwitch(steps);
    }
    for (StepRecord step : steps) {
      Workflow.await(
          () -> (run.stageOpen(step.stage) && prerequisitesDone(step)) || run.rescinding());
      if (run.rescinding()) {
        return;
      }
      run.work.add(Async.procedure(() -> guarded(step, () -> step(step))));
      // Within a system the order matters (disable before revoking sessions), but a parked step
      // must not hold the next one back.
      Workflow.await(() -> step.isSettled() || run.rescinding());
    }
  }

  /**
   * The kill-switch steps' before-images, read together once the stage opens: one round trip before
   * the first write instead of one before each. Each is the account as it was before the kill
   * switch touched it. A read that fails is left for the step, which reads again and parks if it
   * fails again.
   */
  private void snapshotKillSwitch(List<StepRecord> steps) {
    // Steps that wait for another system's step read once that one is done, in their turn.
    List<StepRecord> ks =
        steps.stream()
            .filter(s -> s.stage == Stage.KILL_SWITCH && s.before == null && s.after.isEmpty())
            .toList();
    if (ks.size() < 2) {
      return; // one read costs the same here as in its step
    }
    // Not before the stage opens: a run held by the brake or waiting for its date reads then.
    Workflow.await(() -> run.stageOpen(Stage.KILL_SWITCH) || run.rescinding());
    if (run.rescinding()) {
      return;
    }
    List<Promise<Map<String, String>>> reads = new java.util.ArrayList<>();
    for (StepRecord s : ks) {
      reads.add(Async.function(() -> run.calls.snapshot(s, input(s, null))));
    }
    for (int i = 0; i < ks.size(); i++) {
      try {
        ks.get(i).before = reads.get(i).get();
      } catch (TemporalFailure f) {
        if (f instanceof CanceledFailure) {
          throw f;
        }
      }
    }
  }

  /**
   * Before-images read with the resolution are the account as it was when the run began; if the
   * kill switch then waited (the brake, an effective time ahead), they are read again when it
   * opens.
   */
  private void dropStaleBeforeImages(List<StepRecord> steps) {
    Workflow.await(() -> run.stageOpen(Stage.KILL_SWITCH) || run.rescinding());
    if (run.killSwitchWaited) {
      steps.stream().filter(s -> s.stage == Stage.KILL_SWITCH).forEach(s -> s.before = null);
    }
  }

  /**
   * Whether this system's kill-switch before-images can be read with its resolution: the kill
   * switch opens at once (not held by the brake, its effective time passed), so nothing changes in
   * between.
   */
  private boolean killSwitchOpensAtOnce() {
    return run.fewerRoundTrips
        && !run.dryRun
        && !run.request.held()
        && !run.killSwitchWaited
        && !run.effectiveAt.isAfter(run.now());
  }

  /**
   * Resolves and reads these steps' before-images in one activity. A worker older than this code (a
   * rolling upgrade) does not know that activity: the plain Resolve then, and each before-image
   * read when the kill switch opens, as before.
   */
  private Resolution resolveWithBeforeImages(String system, List<StepRecord> early) {
    try {
      ResolvedAccount found =
          run.calls.resolveAndSnapshot(
              system, run.request.leaver(), early.stream().map(s -> input(s, null)).toList());
      early.forEach(s -> s.before = found.before().get(s.stepId));
      return found.resolution();
    } catch (TemporalFailure f) {
      if (!Failures.unknownActivityType(f)) {
        throw f;
      }
      return run.calls.resolve(system, run.request.leaver());
    }
  }

  /** The kill-switch steps read with the resolution: those not waiting for another system's. */
  private static List<StepRecord> readWithResolution(List<StepRecord> steps) {
    return steps.stream()
        .filter(s -> s.stage == Stage.KILL_SWITCH && s.before == null && s.after.isEmpty())
        .toList();
  }

  /** A step ordered after another system's step waits until that one is final. */
  private boolean prerequisitesDone(StepRecord step) {
    return step.after.stream().map(run.ledger::get).allMatch(p -> p == null || p.isFinal());
  }

  private boolean resolve(StepRecord r, String system, List<StepRecord> steps) {
    while (!run.rescinding()) {
      r.running(run.now());
      r.attempts++;
      run.touch();
      try {
        Resolution res;
        List<StepRecord> early = killSwitchOpensAtOnce() ? readWithResolution(steps) : List.of();
        if (early.isEmpty()) {
          res = run.calls.resolve(system, run.request.leaver());
        } else {
          res = resolveWithBeforeImages(system, early);
        }
        if (res.found()) {
          run.accounts.put(system, res.accountId());
          r.note =
              "account "
                  + res.accountId()
                  + (res.matchedOn() == null ? "" : ", matched on " + res.matchedOn());
          r.lastError = null;
          r.finish(StepState.DONE, run.now());
          run.touch();
          return true;
        }
        if (res.ambiguous()) {
          r.park(
              "ambiguous: "
                  + res.candidates().size()
                  + " accounts match ("
                  + res.matchedOn()
                  + "): "
                  + res.detail()
                  + " — none touched");
        } else if (run.required(system)) {
          r.park(
              "no account found for employee "
                  + run.request.employeeId()
                  + " in "
                  + system
                  + ", which the policy requires; tried "
                  + res.matchedOn()
                  + ": "
                  + res.detail());
        } else {
          r.note =
              "no account: "
                  + res.detail()
                  + (res.matchedOn() == null ? "" : " (tried " + res.matchedOn() + ")");
          r.finish(StepState.NO_CHANGE, run.now());
          closeAll(steps, StepState.NO_CHANGE, "no account in " + system);
          return false;
        }
      } catch (TemporalFailure f) {
        if (f instanceof CanceledFailure) {
          throw f;
        }
        r.park(Failures.message(f));
      }
      if (run.dryRun) {
        // A dry run waits for nobody: it says why this system plans nothing, and goes on.
        r.note = "dry run: not resolved: " + r.lastError;
        r.finish(StepState.SKIPPED, run.now());
        closeAll(steps, StepState.SKIPPED, "dry run: " + system + " not resolved");
        run.touch();
        return false;
      }
      Decision d = awaitDecision(r);
      if (d == null) {
        return false;
      }
      if (d.skip()) {
        r.note = "skipped by operator " + d.operator() + ": " + d.reason();
        r.finish(StepState.SKIPPED, run.now());
        closeAll(steps, StepState.SKIPPED, "account not resolved; resolve skipped by operator");
        return false;
      }
    }
    return false;
  }

  private void preview(StepRecord s) {
    try {
      PlannedChange pc = run.calls.preview(s, input(s, null));
      run.plannedChanges.add(pc);
      s.note = "dry run: " + pc.plan();
      s.finish(StepState.SKIPPED, run.now());
    } catch (TemporalFailure f) {
      s.note = "dry run could not read the state: " + Failures.message(f);
      s.finish(StepState.FAILED, run.now());
    }
    run.touch();
  }

  /** Apply until settled for good, then verify once verification opens; retry re-applies. */
  private void step(StepRecord s) {
    if (s.stage == Stage.HANDOVER) {
      applyUntilDone(s);
      // A grant Leaver made, or may have made (its apply did not answer), is always taken back;
      // an irreversible handover step (a notice sent) has nothing to take back.
      if (!run.rescinding() && s.reversible && run.ledger.receiptOf(s) != null) {
        scheduleRevocation(s);
      }
      return;
    }
    while (applyUntilDone(s)) {
      Workflow.await(() -> run.verificationOpen() || run.rescinding());
      if (run.rescinding() || verified(s, s, s.receipt)) {
        return;
      }
      if (!awaitRetry(s)) {
        return;
      }
    }
  }

  /** A step that runs at a time of its own (a reminder, a deletion), from the main thread. */
  void later(StepRecord s, String why) {
    if (s.isFinal()) {
      return; // skipped by an operator while it waited
    }
    if (run.accounts.get(s.system) == null) {
      s.note = "not run: no account in " + s.system;
      s.finish(StepState.SKIPPED, run.now());
      run.touch();
      return;
    }
    if (why != null) {
      s.note = append(s.note, why);
    }
    guarded(s, () -> step(s));
  }

  /** Takes back what a handover step granted: the delayed revocation, due when the period ends. */
  void revoke(StepRecord revocation, StepRecord grant) {
    Receipt granted = run.ledger.receiptOf(grant);
    while (!run.rescinding()) {
      revocation.running(run.now());
      run.touch();
      try {
        Receipt r = run.calls.undo(grant, input(grant, granted));
        revocation.attempts += r.attempt();
        revocation.receipt = r;
        revocation.finish(StepState.DONE, run.now());
        run.touch();
        if (verified(revocation, grant, granted)) {
          return;
        }
      } catch (TemporalFailure f) {
        if (f instanceof CanceledFailure) {
          throw f;
        }
        revocation.attempts += Failures.attempts(f, MAX_ATTEMPTS);
        revocation.park(Failures.message(f));
      }
      if (!awaitRetry(revocation)) {
        return;
      }
    }
  }

  /**
   * Snapshot once, register the undo, then apply with the kept before-image until the step settles
   * for good. A retry (Temporal's or an operator's) applies from the same before-image, so a write
   * whose answer was lost is never mistaken for "already so".
   */
  private boolean applyUntilDone(StepRecord s) {
    while (!run.rescinding()) {
      if (s.stage == Stage.DELETION && run.legalHold) {
        // Checked before every attempt: a hold set after the approval, or while a deletion was
        // parked, stops it until the hold is lifted.
        s.park(
            "waiting: a legal hold is set ("
                + run.legalHoldReason
                + "); nothing is deleted until it is lifted");
        run.touch();
        Workflow.await(() -> !run.legalHold || run.rescinding());
        continue;
      }
      if (s.stage == Stage.HANDOVER_ENDING && run.revokeNow) {
        s.note = "not run: the handover ended early";
        s.finish(StepState.SKIPPED, run.now());
        run.touch();
        return false;
      }
      s.running(run.now());
      run.touch();
      try {
        if (s.before == null) {
          s.before = run.calls.snapshot(s, input(s, null));
        }
        run.ledger.intend(s, intent(s));
        Receipt r =
            run.calls.apply(
                s,
                new ActionInput(
                    s.stepId,
                    s.requestId,
                    run.request.leaver(),
                    run.accounts.get(s.system),
                    null,
                    s.before,
                    facts(s)));
        s.attempts += r.attempt();
        s.receipt = r;
        run.ledger.settle(s, r);
        if (r.remaining().isEmpty()) {
          s.lastError = null;
          s.finish(r.changed() ? StepState.DONE : StepState.NO_CHANGE, run.now());
          run.touch();
          return true;
        }
        s.park("left behind, cannot be removed here: " + String.join("; ", r.remaining()));
      } catch (TemporalFailure f) {
        if (f instanceof CanceledFailure) {
          throw f;
        }
        if (Failures.refusedBeforeAnyWrite(f)) {
          run.ledger.forget(s);
        } else {
          run.ledger.progress(s, Failures.progress(f));
        }
        s.attempts += Failures.attempts(f, MAX_ATTEMPTS);
        s.park(Failures.message(f));
      }
      if (!awaitRetry(s)) {
        return false;
      }
    }
    return false;
  }

  /** What the undo works from until the apply answers: the before-image, nothing known after. */
  private Receipt intent(StepRecord s) {
    return new Receipt(
        s.system,
        s.action,
        run.accounts.get(s.system),
        s.before,
        Map.of(),
        true,
        s.reversible,
        s.requestId,
        null,
        run.now(),
        null,
        0,
        List.of(),
        List.of("compensation registered before the write, from the before-image"));
  }

  /** Re-reads the system; a step whose access is still there is parked, never passed. */
  private boolean verified(StepRecord shown, StepRecord action, Receipt receipt) {
    try {
      Verification v = run.calls.verify(action, input(action, receipt));
      if (v.accessRemoved()) {
        shown.verifiedAt = v.checkedAt();
        shown.note = append(shown.note, "verified: " + v.detail());
        run.touch();
        return true;
      }
      shown.park("verification failed, still granted: " + v.detail());
    } catch (TemporalFailure f) {
      if (f instanceof CanceledFailure) {
        throw f;
      }
      shown.park("verification could not run: " + Failures.message(f));
    }
    return false;
  }

  /** Parks until the operator decides; true means run it again. */
  private boolean awaitRetry(StepRecord s) {
    Decision d = awaitDecision(s);
    if (d == null) {
      return false;
    }
    if (d.skip()) {
      s.note = append(s.note, "skipped by operator " + d.operator() + ": " + d.reason());
      s.finish(StepState.SKIPPED, run.now());
      run.touch();
      return false;
    }
    return true;
  }

  private Decision awaitDecision(StepRecord s) {
    run.touch();
    notices.parked(s);
    CancellationScope parked = run.console ? showParked(s) : null;
    Workflow.await(() -> run.decisions.containsKey(s.stepId) || run.rescinding());
    if (parked != null) {
      parked.cancel();
    }
    if (run.rescinding()) {
      return null;
    }
    Decision d = run.decisions.remove(s.stepId);
    notices.unparked(s, d);
    return d;
  }

  /**
   * A timer that lasts while the step is parked, its summary saying so ("PARKED
   * entra.RemoveGroupMemberships: access left behind …"): the history then shows the step parked
   * where its activity shows green (it completed, having left access behind), and the timer's
   * cancellation shows when an operator decided. Nothing waits on it.
   */
  private CancellationScope showParked(StepRecord s) {
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> {
              Workflow.newTimer(
                  PARKED_TIMER,
                  TimerOptions.newBuilder().setSummary(RunDetails.parkedSummary(s)).build());
            });
    scope.run();
    return scope;
  }

  /** Longer than any run waits for an operator; when it fires, the step simply stays parked. */
  private static final Duration PARKED_TIMER = Duration.ofDays(366);

  private void scheduleRevocation(StepRecord grant) {
    StepRecord revocation =
        run.ledger.add(
            new StepRecord(
                grant.stepId + ".Revoke",
                grant.system,
                grant.action + ".Revoke",
                Stage.HANDOVER,
                false,
                grant.requestId));
    revocation.dueAt =
        (grant.completedAt == null ? run.now() : grant.completedAt).plus(run.handoverPeriod);
    run.handoverChanged();
    run.touch();
  }

  private void closeAll(List<StepRecord> steps, StepState state, String note) {
    for (StepRecord s : steps) {
      s.note = note;
      s.finish(state, run.now());
    }
    run.touch();
  }

  private void guarded(StepRecord s, Runnable body) {
    try {
      body.run();
    } catch (CanceledFailure e) {
      if (s.state == StepState.RUNNING) {
        s.park("cancelled while running");
      }
    }
  }

  ActionInput input(StepRecord s, Receipt receipt) {
    return new ActionInput(
        s.stepId,
        s.requestId,
        run.request.leaver(),
        run.accounts.get(s.system),
        receipt,
        null,
        facts(s));
  }

  /** The termination's date and event, and how each step this one waits for ended. */
  private Map<String, String> facts(StepRecord s) {
    Map<String, String> facts = new java.util.LinkedHashMap<>();
    facts.put("effectiveAt", String.valueOf(run.effectiveAt)); // as rescheduled, if it was
    if (run.request.hrEventId() != null) {
      facts.put("hrEventId", run.request.hrEventId());
    }
    // For what a handover notice tells the manager: how long, and once it is scheduled, until when.
    facts.put("handoverDays", String.valueOf(run.handoverPeriod.toDays()));
    run.ledger.where(r -> r.stepId.endsWith(".Revoke") && r.dueAt != null).stream()
        .map(r -> r.dueAt)
        .max(Instant::compareTo)
        .ifPresent(end -> facts.put("handoverEndsAt", end.toString()));
    for (String id : s.after) {
      StepRecord p = run.ledger.get(id);
      if (p != null && p.isFinal()) {
        facts.put(id, p.state + " at " + p.completedAt);
      }
    }
    return facts;
  }

  static String append(String note, String more) {
    return note == null ? more : note + "; " + more;
  }
}
