package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.contract.ActionInput;
import io.temporal.failure.TemporalFailure;

/**
 * The saga's backward half: undoes each change from its receipt, newest first, and continues past a
 * failed undo so one stuck system does not keep the others changed. A step whose apply never
 * answered is undone from its before-image (the undo finds out what landed).
 */
final class Compensation {
  private final RunState run;

  Compensation(RunState run) {
    this.run = run;
  }

  void run() {
    for (Ledger.Applied change : run.ledger.changesNewestFirst()) {
      StepRecord s = change.step();
      if (!change.receipt().reversible()) {
        s.note = StepRunner.append(s.note, "irreversible: not restored by the rescind");
        continue;
      }
      try {
        run.calls.undo(
            s,
            new ActionInput(
                s.stepId,
                s.requestId,
                run.request.leaver(),
                run.accounts.get(s.system),
                change.receipt()));
        if (s.state != StepState.FAILED) {
          s.finish(StepState.COMPENSATED, run.now());
        }
        s.note = StepRunner.append(s.note, "undone by rescind: " + run.rescindReason);
      } catch (TemporalFailure f) {
        s.lastError = "undo failed: " + Failures.message(f);
        s.finish(StepState.FAILED, run.now());
      }
      run.touch();
    }
    for (StepRecord s : run.ledger.where(s -> !s.isFinal())) {
      s.note = StepRunner.append(s.note, "not run: rescinded (" + run.rescindReason + ")");
      s.finish(StepState.SKIPPED, run.now());
    }
    run.touch();
  }
}
