package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.contract.ActionInput;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.Stage;
import dev.leaver.workflows.contract.Verification;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Runs one system's steps: resolve, then each stage as it opens, then verification. A step that
 * fails for good or leaves access behind is parked until an operator retries or skips it; the
 * other systems go on meanwhile.
 */
final class StepRunner {
  private static final int MAX_ATTEMPTS = 8;
  private final RunState run;

  StepRunner(RunState run) {
    this.run = run;
  }

  /** The whole chain for one system; returns when its steps are closed or the run is rescinded. */
  void system(String system) {
    StepRecord resolve = run.ledger.get(system + ".Resolve");
    List<StepRecord> steps =
        run.ledger.where(s -> s.system.equals(system) && s != resolve && !s.stepId.endsWith(".Revoke"));
    if (!resolve(resolve, system, steps)) {
      return;
    }
    if (run.request.dryRun()) {
      steps.forEach(this::preview);
      return;
    }
    for (StepRecord step : steps) {
      Workflow.await(() -> run.stageOpen(step.stage) || run.rescinding());
      if (run.rescinding()) {
        return;
      }
      run.work.add(Async.procedure(() -> guarded(step, () -> step(step))));
      // Within a system the order matters (disable before revoking sessions), but a parked step
      // must not hold the next one back.
      Workflow.await(() -> step.isSettled() || run.rescinding());
    }
  }

  private boolean resolve(StepRecord r, String system, List<StepRecord> steps) {
    while (!run.rescinding()) {
      r.running(run.now());
      r.attempts++;
      run.touch();
      try {
        Resolution res = run.calls.resolve(system, run.request.leaver());
        if (res.found()) {
          run.accounts.put(system, res.accountId());
          r.note = "account " + res.accountId();
          r.finish(StepState.DONE, run.now());
          run.touch();
          return true;
        }
        r.note = "no account: " + res.detail();
        r.finish(StepState.NO_CHANGE, run.now());
        closeAll(steps, StepState.NO_CHANGE, "no account in " + system);
        return false;
      } catch (TemporalFailure f) {
        if (f instanceof CanceledFailure) {
          throw f;
        }
        r.park(Failures.message(f));
      }
      Decision d = awaitDecision(r);
      if (d == null) {
        return false;
      }
      if (d.skip()) {
        r.note = "skipped by operator: " + d.reason();
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
    while (applyUntilDone(s)) {
      if (s.stage == Stage.HANDOVER) {
        if (s.state == StepState.DONE) {
          scheduleRevocation(s);
        }
        return;
      }
      Workflow.await(() -> run.verificationOpen() || run.rescinding());
      if (run.rescinding() || verified(s, s, s.receipt)) {
        return;
      }
      if (!awaitRetry(s)) {
        return;
      }
    }
  }

  /** Takes back what a handover step granted: the delayed revocation, due when the period ends. */
  void revoke(StepRecord revocation, StepRecord grant) {
    while (!run.rescinding()) {
      revocation.running(run.now());
      run.touch();
      try {
        Receipt r = run.calls.undo(grant, input(grant, grant.receipt));
        revocation.attempts += r.attempt();
        revocation.receipt = r;
        revocation.finish(StepState.DONE, run.now());
        run.touch();
        if (verified(revocation, grant, grant.receipt)) {
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

  private boolean applyUntilDone(StepRecord s) {
    while (!run.rescinding()) {
      s.running(run.now());
      run.touch();
      try {
        Receipt r = run.calls.apply(s, input(s, null));
        s.attempts += r.attempt();
        s.receipt = r;
        run.ledger.recordChange(s, r);
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
        s.attempts += Failures.attempts(f, MAX_ATTEMPTS);
        s.park(Failures.message(f));
      }
      if (!awaitRetry(s)) {
        return false;
      }
    }
    return false;
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
      s.note = append(s.note, "skipped by operator: " + d.reason());
      s.finish(StepState.SKIPPED, run.now());
      run.touch();
      return false;
    }
    return true;
  }

  private Decision awaitDecision(StepRecord s) {
    run.touch();
    Workflow.await(() -> run.decisions.containsKey(s.stepId) || run.rescinding());
    return run.rescinding() ? null : run.decisions.remove(s.stepId);
  }

  private void scheduleRevocation(StepRecord grant) {
    StepRecord revocation =
        run.ledger.add(new StepRecord(grant.stepId + ".Revoke", grant.system,
            grant.action + ".Revoke", Stage.HANDOVER, false, grant.requestId));
    revocation.dueAt = grant.completedAt.plus(run.handoverPeriod);
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
    return new ActionInput(s.stepId, s.requestId, run.request.leaver(), run.accounts.get(s.system),
        receipt);
  }

  static String append(String note, String more) {
    return note == null ? more : note + "; " + more;
  }
}
