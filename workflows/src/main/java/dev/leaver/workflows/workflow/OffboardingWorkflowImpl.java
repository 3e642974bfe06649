package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.ApproveDeletion;
import dev.leaver.workflows.api.Deletion;
import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.HrEvent;
import dev.leaver.workflows.api.HrReschedule;
import dev.leaver.workflows.api.HrRescind;
import dev.leaver.workflows.api.LegalHold;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.OperatorAction;
import dev.leaver.workflows.api.OperatorUpdate;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.Release;
import dev.leaver.workflows.api.Reschedule;
import dev.leaver.workflows.api.Rescind;
import dev.leaver.workflows.api.RetryStep;
import dev.leaver.workflows.api.RevokeDelegation;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.SkipStep;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.contract.EvidenceActivities;
import dev.leaver.workflows.contract.OffboardingPlan;
import dev.leaver.workflows.contract.PlanStep;
import dev.leaver.workflows.contract.PlanningActivities;
import dev.leaver.workflows.contract.Stage;
import dev.leaver.workflows.contract.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;

/** See {@link OffboardingWorkflow}. Deterministic: all I/O is in activities. */
public class OffboardingWorkflowImpl implements OffboardingWorkflow {
  private static final Logger log = Workflow.getLogger(OffboardingWorkflowImpl.class);

  private static final Duration PLAN_TIMEOUT = Duration.ofSeconds(30);
  private static final String PLAN_SUMMARY = "load the offboarding policy";
  private static final RetryOptions PLAN_RETRY =
      RetryOptions.newBuilder()
          .setMaximumAttempts(10)
          .setDoNotRetry(ConnectorCalls.DO_NOT_RETRY)
          .build();

  private final PlanningActivities planning =
      Workflow.newActivityStub(
          PlanningActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.CONTROL)
              .setStartToCloseTimeout(PLAN_TIMEOUT)
              .setSummary(PLAN_SUMMARY)
              .setRetryOptions(PLAN_RETRY)
              .build());

  /**
   * The same plan, run in the workflow's own worker (runs of the {@code fewer-round-trips}
   * version).
   */
  private final PlanningActivities localPlanning =
      Workflow.newLocalActivityStub(
          PlanningActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(PLAN_TIMEOUT)
              .setSummary(PLAN_SUMMARY)
              // The request is in the start event already: the marker keeps only the plan.
              .setDoNotIncludeArgumentsIntoMarker(true)
              .setRetryOptions(PLAN_RETRY)
              .build());

  /** The change id of the version that snapshots each step once and keeps the before-image. */
  static final String KEPT_BEFORE_IMAGE = "kept-before-image";

  /**
   * The change id of the version that reads (Resolve, kill-switch before-images) on each system's
   * reads queue and takes a system's kill-switch before-images together, right after Resolve.
   */
  static final String READS_QUEUE = "reads-queue";

  /**
   * The change id of the version where a stage counts as settled only once every system's Resolve
   * has settled: before it, a run whose effective time had passed showed KILL_SWITCH, CLEANUP and
   * VERIFYING in its first task, before any system was resolved.
   */
  static final String STAGES_AFTER_RESOLVE = "stages-after-resolve";

  /**
   * The change id of the version with two round trips fewer before the first write: the plan is a
   * local activity, and a run whose kill switch opens at once takes its before-images in the
   * Resolve activity ({@code system.ResolveAndSnapshot}) instead of one activity after it.
   */
  static final String FEWER_ROUND_TRIPS = "fewer-round-trips";

  /**
   * The change id of the version that shows outcome, handover end and parked steps to the Web UI.
   */
  static final String OPERATOR_CONSOLE = "operator-console";

  private final RunState run;
  private final StepRunner runner;

  /**
   * Builds the run's state before any handler runs: an update (e.g. an HR cancellation) that
   * arrives with the first workflow task is validated and applied against it rather than refused.
   */
  @WorkflowInit
  public OffboardingWorkflowImpl(OffboardingRequest request) {
    run = new RunState(request);
    runner = new StepRunner(run);
  }

  /**
   * The change id of the version that upserts only search attributes whose value changes (each
   * upsert is a billed action; the starter sets the first values at start, which is free).
   */
  static final String FEWER_UPSERTS = "fewer-upserts";

  @Override
  public OffboardingStatus offboard(OffboardingRequest request) {
    // First, before any command: older histories have no marker here and replay as DEFAULT_VERSION.
    run.fewerUpserts = Workflow.getVersion(FEWER_UPSERTS, Workflow.DEFAULT_VERSION, 1) == 1;
    run.show(
        SearchAttributes.EMPLOYEE_ID.valueSet(request.employeeId()),
        SearchAttributes.EFFECTIVE_AT.valueSet(utc(request.effectiveAt())));
    // Runs started before steps kept their before-image cannot be replayed by this code: say so
    // plainly instead of failing on non-determinism (drain such runs before upgrading).
    if (Workflow.getVersion(KEPT_BEFORE_IMAGE, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      throw new IllegalStateException(
          "this offboarding was started by a Leaver older than the"
              + " crash-safe connector kit; finish or cancel it with the older worker before upgrading");
    }
    // Runs started before the Web UI work schedule none of its commands (search attributes for
    // the outcome and the handover end, a timer per parked step): their histories must replay.
    run.console = Workflow.getVersion(OPERATOR_CONSOLE, Workflow.DEFAULT_VERSION, 1) == 1;
    // Runs started before the reads queue schedule their reads on the kill-switch queue, one
    // before-image at a time: their histories must replay.
    run.fastKillSwitch = Workflow.getVersion(READS_QUEUE, Workflow.DEFAULT_VERSION, 1) == 1;
    run.calls.readsOnOwnQueue(run.fastKillSwitch);
    run.stagesAfterResolve =
        Workflow.getVersion(STAGES_AFTER_RESOLVE, Workflow.DEFAULT_VERSION, 1) == 1;
    run.fewerRoundTrips = Workflow.getVersion(FEWER_ROUND_TRIPS, Workflow.DEFAULT_VERSION, 1) == 1;
    run.enter(Phase.RESOLVING);
    try {
      offboardPhases();
    } catch (CanceledFailure e) {
      // Cancel from the Web UI: undo like a rescind, outside the cancelled scope.
      if (run.rescindReason == null) {
        run.rescindReason = "workflow cancelled by an operator";
      }
      Workflow.newDetachedCancellationScope(this::rescind).run();
    } catch (TemporalFailure failed) {
      keepEvidence(EvidenceRecord.Milestone.CLOSED); // a run that fails (nobody found) closes too
      throw failed;
    }
    log.info("offboarding {} ended in {}", request.employeeId(), run.phase);
    keepEvidence(EvidenceRecord.Milestone.CLOSED);
    return status();
  }

  private void offboardPhases() {
    // The plan reads only the worker's policy: a local activity saves a round trip through the
    // server before anything is resolved.
    OffboardingPlan plan =
        run.fewerRoundTrips ? localPlanning.plan(run.request) : planning.plan(run.request);
    run.handoverPeriod = plan.handoverPeriod();
    run.deletionGrace = plan.deletionGrace();
    if (run.request.legalHold() && run.legalHoldReason == null) {
      run.legalHold = true;
      run.legalHoldReason =
          "set by HR (" + run.request.source() + " event " + run.request.hrEventId() + ")";
    }
    run.notificationOnly = plan.notificationOnly() && !run.request.dryRun() && run.request.fromHr();
    run.dryRun = run.request.dryRun() || run.notificationOnly;
    run.handoverReminder = plan.handoverReminder();
    run.requiredSystems = plan.requiredSystems();
    for (String system : plan.systems()) {
      run.ledger.add(
          new StepRecord(
              system + ".Resolve",
              system,
              "Resolve",
              Stage.KILL_SWITCH,
              true,
              Workflow.randomUUID().toString()));
    }
    for (PlanStep step : plan.steps()) {
      run.ledger.add(
          new StepRecord(
              step.stepId(),
              step.system(),
              step.action(),
              step.stage(),
              step.reversible(),
              Workflow.randomUUID().toString(),
              step.after()));
    }
    List<String> systems = plan.systems();
    // Each system goes on as soon as it is resolved: one system's trouble holds up no other's
    // kill switch.
    for (String system : systems) {
      run.work.add(Async.procedure(runner::system, system));
    }
    if (run.dryRun) {
      Workflow.await(() -> resolutionSettled(systems) || run.rescinding());
      Workflow.await(run::allWorkDone);
      // Previews finish in any order across systems; show them in plan order.
      List<String> order = run.ledger.all().stream().map(s -> s.stepId).toList();
      run.plannedChanges.sort(java.util.Comparator.comparingInt(c -> order.indexOf(c.stepId())));
      if (run.notificationOnly) {
        tellOperatorsWhatWouldChange();
      }
      run.enter(Phase.DRY_RUN_COMPLETED);
      return;
    }
    if (run.request.held() && !run.rescinding()) {
      holdForRelease();
    }
    if (!run.rescinding()) {
      // An effective time already past waits for nothing: no WAITING to show (an upsert, in the
      // same task as the kill switch's).
      if (!run.fewerUpserts || run.effectiveAt.isAfter(run.now())) {
        run.enter(Phase.WAITING);
      }
      waitForEffectiveTime();
    }
    if (run.rescinding()) {
      endBeforeKillSwitch();
      return;
    }
    if (run.noAccountAnywhere()) {
      endWithNobodyFound();
    }
    run.enter(Phase.KILL_SWITCH);
    run.openStage(Stage.KILL_SWITCH);
    awaitStageSettled(Stage.KILL_SWITCH);
    Async.procedure(this::recordKillSwitchLatency);
    if (run.rescinding()) {
      rescind();
      return;
    }
    run.enter(Phase.CLEANUP);
    run.openStage(Stage.CLEANUP);
    awaitStageSettled(Stage.CLEANUP);
    awaitStageSettled(Stage.HANDOVER);
    if (run.rescinding()) {
      rescind();
      return;
    }
    run.enter(Phase.VERIFYING);
    run.openVerification();
    Workflow.await(() -> run.allWorkDone() || run.rescinding());
    if (run.rescinding()) {
      rescind();
      return;
    }
    run.enter(Phase.HANDOVER);
    endHandover();
    if (run.rescinding()) {
      rescind();
      return;
    }
    if (run.noAccountAnywhere()) {
      endWithNobodyFound();
    }
    deleteAfterGrace();
    if (run.rescinding()) {
      rescind();
      return;
    }
    run.enter(Phase.COMPLETED);
    Workflow.getMetricsScope().counter("leaver_offboardings_completed").inc(1);
  }

  /**
   * Notification-only mode: nothing was written; the operators read what would have been, step by
   * step, with the accounts found. A channel that cannot be reached is retried, then said so in the
   * run's status; it does not turn the dry run into a write.
   */
  private void tellOperatorsWhatWouldChange() {
    StringBuilder text =
        new StringBuilder("Notification-only mode: offboarding ")
            .append(run.request.employeeId())
            .append(" (")
            .append(run.request.source())
            .append(" event ")
            .append(run.request.hrEventId())
            .append(") changed nothing. It would have:\n");
    for (var c : run.plannedChanges) {
      text.append(c.wouldChange() ? "- " : "- (no change) ")
          .append(c.stepId())
          .append(": ")
          .append(c.plan())
          .append('\n');
    }
    run.ledger
        .where(s -> s.action.equals("Resolve") && s.state != StepState.DONE)
        .forEach(s -> text.append("- ").append(s.stepId).append(": ").append(s.note).append('\n'));
    text.append(
        "Turn notificationOnly off in the policy to let HR events offboard; start this one with"
            + " leaver start.");
    try {
      planning.tellOperators(run.request.employeeId(), text.toString());
      run.operatorsTold = true;
    } catch (io.temporal.failure.ActivityFailure f) {
      run.operatorsTold = false;
      run.operatorsNotTold = Failures.message(f);
      log.warn(
          "notification-only run {}: the operator channel could not be told: {}",
          run.request.employeeId(),
          f.getMessage());
    }
  }

  private boolean resolutionSettled(List<String> systems) {
    return systems.stream().allMatch(s -> run.ledger.get(s + ".Resolve").isSettled());
  }

  /**
   * No account in any system: nobody was offboarded, which is never a success. The run ends in
   * {@link Phase#NEEDS_ATTENTION}, flagged, and fails so the Web UI shows it red; the failure
   * carries the status for the evidence.
   */
  private void endWithNobodyFound() {
    for (StepRecord s : run.ledger.where(s -> !s.isFinal())) {
      s.note = "not run: no account found in any system";
      s.finish(StepState.SKIPPED, run.now());
    }
    run.enter(Phase.NEEDS_ATTENTION);
    Workflow.getMetricsScope().counter("leaver_offboardings_nobody_found").inc(1);
    throw ApplicationFailure.newNonRetryableFailure(
        "no account found for employee "
            + run.request.employeeId()
            + " in any system: nobody was offboarded; check the identity HR sent",
        NOBODY_FOUND,
        status());
  }

  /** The failure type of a run that found no account anywhere. */
  public static final String NOBODY_FOUND = "NobodyFound";

  /** The mass-termination brake: accounts are resolved, nothing is written until a release. */
  private void holdForRelease() {
    run.killSwitchWaited = true;
    run.enter(Phase.HELD);
    run.show(SearchAttributes.HELD.valueSet(true)); // the starter sets it at start
    Workflow.await(() -> run.releaseReason != null || run.rescinding() || run.noAccountAnywhere());
    run.show(SearchAttributes.HELD.valueSet(false));
    log.info("offboarding {} released from the brake", run.request.employeeId());
  }

  /** A durable timer the operator can move (reschedule) or end (rescind); a past time runs now. */
  private void waitForEffectiveTime() {
    while (!run.rescinding()) {
      Duration wait = Duration.between(run.now(), run.effectiveAt);
      if (wait.isZero() || wait.isNegative()) {
        return;
      }
      run.rescheduled = false;
      run.killSwitchWaited = true;
      Workflow.await(wait, () -> run.rescheduled || run.rescinding() || run.noAccountAnywhere());
      if (run.noAccountAnywhere()) {
        return;
      }
    }
  }

  private void awaitStageSettled(Stage stage) {
    Workflow.await(
        () ->
            run.rescinding()
                || run.ledger.where(s -> s.stage == stage && !s.stepId.endsWith(".Revoke")).stream()
                    .allMatch(s -> s.isSettled() || unresolvedAndSettled(s.system)));
  }

  /**
   * A system that will run no steps (yet): its Resolve found no account or is parked. Runs of the
   * older version also counted a Resolve still running here (their histories must replay).
   */
  private boolean unresolvedAndSettled(String system) {
    return !resolved(system)
        && (!run.stagesAfterResolve || run.ledger.get(system + ".Resolve").isSettled());
  }

  private boolean resolved(String system) {
    return run.ledger.get(system + ".Resolve").state == StepState.DONE;
  }

  private void recordKillSwitchLatency() {
    List<StepRecord> ks =
        run.ledger.where(s -> s.stage == Stage.KILL_SWITCH && !s.action.equals("Resolve"));
    Workflow.await(() -> ks.stream().allMatch(StepRecord::isFinal));
    Instant done =
        ks.stream()
            .map(s -> s.completedAt)
            .filter(t -> t != null)
            .max(Instant::compareTo)
            .orElse(run.now());
    run.killSwitchCompletedAt = done;
    Workflow.getMetricsScope()
        .timer("leaver_hr_event_to_kill_switch")
        .record(com.uber.m3.util.Duration.ofMillis((double) latencyFrom(done).toMillis()));
    keepEvidence(EvidenceRecord.Milestone.KILL_SWITCH_DONE);
  }

  /** The change id of the version that keeps each run's evidence in the store outside Temporal. */
  static final String EVIDENCE_STORE = "evidence-store";

  private final EvidenceActivities evidence =
      Workflow.newActivityStub(
          EvidenceActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.CONTROL)
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setSummary("keep the evidence outside Temporal")
              // Until the store answers: evidence that must outlive the history is not dropped
              // because the store was down for a while. The Web UI shows the pending attempt.
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(5)).build())
              .build());
  private boolean keepingEvidence;

  /**
   * Appends the run's status at {@code milestone} to the evidence store (idempotent per run and
   * milestone). In a detached scope, so a run cancelled from the Web UI still keeps its close, and
   * one milestone at a time, so the kill switch's record comes before the close's. A store that
   * refuses for good is logged and never fails the run. Runs started before this version keep no
   * evidence here (their histories replay unchanged).
   */
  private void keepEvidence(EvidenceRecord.Milestone milestone) {
    if (Workflow.getVersion(EVIDENCE_STORE, Workflow.DEFAULT_VERSION, 1)
        == Workflow.DEFAULT_VERSION) {
      return;
    }
    Workflow.newDetachedCancellationScope(
            () -> {
              Workflow.await(() -> !keepingEvidence);
              keepingEvidence = true;
              try {
                evidence.keep(
                    milestone, Instant.ofEpochMilli(Workflow.currentTimeMillis()), status());
              } catch (ActivityFailure f) {
                log.warn(
                    "offboarding {}: its {} evidence was not kept: {}",
                    run.request.employeeId(),
                    milestone,
                    f.getCause() == null ? f.getMessage() : f.getCause().getMessage());
              } finally {
                keepingEvidence = false;
              }
            })
        .run();
  }

  /** Measured from the later of the HR event and the effective time: waiting is not latency. */
  private Duration latencyFrom(Instant done) {
    Instant start =
        run.request.hrEventAt().isAfter(run.effectiveAt)
            ? run.request.hrEventAt()
            : run.effectiveAt;
    return Duration.between(start, done);
  }

  /**
   * Waits out the handover period (or an operator's revokeDelegationNow), reminding the manager a
   * few days before it ends, then revokes.
   */
  private void endHandover() {
    List<StepRecord> revocations = run.ledger.where(s -> s.stepId.endsWith(".Revoke"));
    List<StepRecord> reminders = run.ledger.where(s -> s.stage == Stage.HANDOVER_ENDING);
    List<StepRecord> endNotices = run.ledger.where(s -> s.stage == Stage.HANDOVER_ENDED);
    if (revocations.isEmpty()) {
      closeUnrun(reminders, "not run: nothing was handed over");
      closeUnrun(endNotices, "not run: nothing was handed over");
      return;
    }
    Instant due = revocations.stream().map(s -> s.dueAt).max(Instant::compareTo).orElseThrow();
    if (run.handoverPeriod.compareTo(run.handoverReminder) <= 0) {
      closeUnrun(reminders, "not run: the handover is no longer than the reminder's lead time");
    } else if (!reminders.isEmpty()) {
      Instant remindAt = due.minus(run.handoverReminder);
      reminders.forEach(s -> s.dueAt = remindAt);
      waitUntil(remindAt);
      if (run.revokeNow || run.rescinding()) {
        closeUnrun(reminders, "not run: the handover ended early");
      } else {
        for (StepRecord s : reminders) {
          run.work.add(Async.procedure(() -> runner.later(s, null)));
        }
      }
    }
    waitUntil(due);
    if (run.rescinding()) {
      return;
    }
    if (run.revokeNow && run.now().isBefore(due)) {
      run.handoverEndedEarlyAt = run.now();
      run.handoverChanged();
    }
    for (StepRecord revocation : revocations) {
      StepRecord grant =
          run.ledger.get(revocation.stepId.substring(0, revocation.stepId.length() - 7));
      run.work.add(Async.procedure(() -> runner.revoke(revocation, grant)));
    }
    Workflow.await(() -> run.allWorkDone() || run.rescinding());
    if (run.rescinding()) {
      return;
    }
    // Plans made before this stage existed hold no such step: older histories replay unchanged.
    for (StepRecord s : endNotices) {
      run.work.add(Async.procedure(() -> runner.later(s, null)));
    }
    Workflow.await(() -> run.allWorkDone() || run.rescinding());
  }

  /**
   * For a policy that deletes accounts: waits out the grace period, then for an operator's approval
   * and for no legal hold (a hold set after approval stops it again), then deletes. An operator may
   * skip a deletion instead; a rescind undoes everything as at any other time.
   */
  private void deleteAfterGrace() {
    List<StepRecord> deletions = run.deletions();
    if (deletions.isEmpty()) {
      return;
    }
    Instant due = run.effectiveAt.plus(run.deletionGrace);
    deletions.forEach(s -> s.dueAt = due);
    run.enter(Phase.AWAITING_DELETION);
    while (!run.rescinding() && !allFinal(deletions)) {
      Duration wait = Duration.between(run.now(), due);
      if (wait.isZero() || wait.isNegative()) {
        break;
      }
      Workflow.await(wait, () -> run.rescinding() || allFinal(deletions));
    }
    Workflow.await(
        () ->
            run.rescinding()
                || allFinal(deletions)
                || (run.deletionApprovedBy != null && !run.legalHold));
    if (run.rescinding()) {
      return;
    }
    for (StepRecord s : deletions) {
      run.work.add(
          Async.procedure(
              () ->
                  runner.later(
                      s,
                      "deletion approved by "
                          + run.deletionApprovedBy
                          + " at "
                          + run.deletionApprovedAt
                          + ": "
                          + run.deletionApproval)));
    }
    Workflow.await(() -> run.allWorkDone() || run.rescinding());
  }

  /** Waits for a durable timer, cut short by revokeDelegationNow or a rescind. */
  private void waitUntil(Instant at) {
    while (!run.revokeNow && !run.rescinding()) {
      Duration wait = Duration.between(run.now(), at);
      if (wait.isZero() || wait.isNegative()) {
        return;
      }
      Workflow.await(wait, () -> run.revokeNow || run.rescinding());
    }
  }

  private void closeUnrun(List<StepRecord> steps, String note) {
    for (StepRecord s : steps) {
      if (!s.isFinal()) {
        s.note = note;
        s.finish(StepState.SKIPPED, run.now());
      }
    }
    run.touch();
  }

  private static boolean allFinal(List<StepRecord> steps) {
    return steps.stream().allMatch(StepRecord::isFinal);
  }

  private void endBeforeKillSwitch() {
    for (StepRecord s : run.ledger.where(s -> !s.isFinal())) {
      s.note = "rescinded before the kill switch: " + run.rescindReason;
      s.finish(StepState.SKIPPED, run.now());
    }
    run.enter(Phase.RESCINDED);
  }

  /** Undoes every applied reversible change, newest first; irreversible ones are recorded. */
  private void rescind() {
    Workflow.await(() -> !run.ledger.anyRunning());
    new Compensation(run).run();
    run.enter(Phase.RESCINDED);
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  @Override
  public OffboardingStatus status() {
    Duration latency =
        run.killSwitchCompletedAt == null ? null : latencyFrom(run.killSwitchCompletedAt);
    return new OffboardingStatus(
        run.request.employeeId(),
        run.phase,
        run.effectiveAt,
        run.request.hrEventAt(),
        run.killSwitchCompletedAt,
        latency,
        run.ledger.anyNeedsAttention()
            || run.phase == Phase.NEEDS_ATTENTION
            || Boolean.FALSE.equals(run.operatorsTold),
        run.rescindReason,
        run.ledger.status(),
        run.plannedChanges,
        deletion(),
        !run.notificationOnly
            ? null
            : Boolean.TRUE.equals(run.operatorsTold)
                ? "told"
                : run.operatorsTold == null ? "not told yet" : "not told: " + run.operatorsNotTold,
        run.lastHrEventAt,
        run.lastHrEventId,
        run.hrEventsIgnored,
        run.operatorActions,
        run.handoverEndsAt(),
        run.outcome());
  }

  private Deletion deletion() {
    if (run.deletions().isEmpty()) {
      return null;
    }
    return new Deletion(
        run.effectiveAt.plus(run.deletionGrace),
        run.deletionApprovedBy,
        run.deletionApprovedAt,
        run.deletionApproval,
        run.legalHold,
        run.legalHoldReason);
  }

  @Override
  public String rescind(Rescind request) {
    return rescind("rescind", request.reason(), request.operator());
  }

  private String rescind(String update, String reason, String operator) {
    run.rescindReason = reason;
    run.acted(update, null, operator, reason);
    return run.phase.compareTo(Phase.KILL_SWITCH) < 0
        ? "rescinded before the kill switch: nothing was changed"
        : "rescinding: applied reversible steps will be undone in reverse order";
  }

  @Override
  public void validateRescind(Rescind request) {
    requireOneObject(request, request == null ? null : request.problem(), Rescind.EXAMPLE);
    requireRunning();
    requireOperator(request, Rescind.EXAMPLE);
    require(present(request.reason()), "\"reason\" is required, e.g. " + Rescind.EXAMPLE);
    require(!run.rescinding(), "already rescinded: " + run.rescindReason);
  }

  @Override
  public String retryStep(RetryStep request) {
    StepRecord s = run.ledger.get(request.step());
    run.acted("retryStep", s, request.operator(), request.reason());
    run.decisions.put(request.step(), Decision.retry(operatorOrUnknown(request.operator())));
    return "retrying " + request.step();
  }

  @Override
  public void validateRetryStep(RetryStep request) {
    requireOneObject(request, request == null ? null : request.problem(), RetryStep.EXAMPLE);
    require(present(request.step()), "\"step\" is required, e.g. " + RetryStep.EXAMPLE);
    requireParked(request.step());
    requireOperator(request, RetryStep.EXAMPLE);
    StepRecord s = run.ledger.get(request.step());
    require(
        !(s.stage == Stage.DELETION && run.legalHold),
        "a legal hold is set (" + run.legalHoldReason + "): nothing is deleted until it is lifted");
    require(
        !(s.stage == Stage.HANDOVER_ENDING && run.revokeNow),
        "the handover has ended: there is nothing to remind the manager of");
  }

  @Override
  public String skipStep(SkipStep request, String reasonOfOldForm) {
    String stepId = request.step();
    String reason = request.reason() != null ? request.reason() : reasonOfOldForm;
    String operator = operatorOrUnknown(request.operator());
    StepRecord s = run.ledger.get(stepId);
    run.acted("skipStep", s, request.operator(), reason);
    if (s.stage == Stage.DELETION && s.state == StepState.PLANNED) {
      // A deletion not yet started: the operator decides not to delete.
      s.note = "skipped by operator " + operator + ": " + reason;
      s.finish(StepState.SKIPPED, run.now());
      run.touch();
      return "not deleting: " + stepId + " skipped";
    }
    run.decisions.put(stepId, Decision.skip(reason, operator));
    return "skipping " + stepId;
  }

  @Override
  public void validateSkipStep(SkipStep request, String reasonOfOldForm) {
    requireOneObject(request, request == null ? null : request.problem(), SkipStep.EXAMPLE);
    require(present(request.step()), "\"step\" is required, e.g. " + SkipStep.EXAMPLE);
    StepRecord s = run.ledger.get(request.step());
    if (s != null && s.stage == Stage.DELETION && s.state == StepState.PLANNED) {
      requireRunning();
      require(!run.rescinding(), "the run is being rescinded");
    } else {
      requireParked(request.step());
    }
    requireOperator(request, SkipStep.EXAMPLE);
    require(
        present(request.reason()),
        "\"reason\" is required to skip a step (the auditor reads it), e.g. " + SkipStep.EXAMPLE);
  }

  @Override
  public String approveDeletion(ApproveDeletion request, String reasonOfOldForm) {
    String approver = request.approvedBy();
    String reason = request.reason() != null ? request.reason() : reasonOfOldForm;
    run.deletionApprovedBy = approver;
    run.deletionApprovedAt = run.now();
    run.deletionApproval = reason;
    run.acted("approveDeletion", null, request.actedBy(), reason);
    run.touch();
    Instant due = run.effectiveAt.plus(run.deletionGrace);
    return run.legalHold
        ? "approved by "
            + approver
            + ", but a legal hold is set: nothing is deleted until it is lifted"
        : run.now().isBefore(due)
            ? "approved by " + approver + ": the accounts are deleted at " + due
            : "approved by " + approver + ": deleting the accounts now";
  }

  @Override
  public void validateApproveDeletion(ApproveDeletion request, String reasonOfOldForm) {
    requireOneObject(request, request == null ? null : request.problem(), ApproveDeletion.EXAMPLE);
    requireRunning();
    require(!run.deletions().isEmpty(), "this offboarding's policy deletes nothing");
    require(
        present(request.approvedBy()),
        "\"approver\" (or \"operator\") is required, e.g. " + ApproveDeletion.EXAMPLE);
    require(present(request.reason()), "\"reason\" is required, e.g. " + ApproveDeletion.EXAMPLE);
    require(!run.rescinding(), "the run is being rescinded");
  }

  @Override
  public String setLegalHold(LegalHold request, String reasonOfOldForm) {
    boolean hold = Boolean.TRUE.equals(request.hold());
    String reason = request.reason() != null ? request.reason() : reasonOfOldForm;
    run.legalHold = hold;
    run.legalHoldReason = reason;
    run.acted("setLegalHold", null, request.operator(), (hold ? "set: " : "lifted: ") + reason);
    run.touch();
    List<StepRecord> deleted =
        run.deletions().stream().filter(s -> s.state == StepState.DONE).toList();
    return hold && !deleted.isEmpty()
        ? "legal hold set, but "
            + deleted.stream().map(s -> s.stepId).toList()
            + " already ran (restorable from deleted items for a while): restore them if the hold needs them"
        : hold
            ? "legal hold set: no account of this leaver is deleted while it is set"
            : "legal hold lifted"
                + (run.deletionApprovedBy == null ? "; deletion still needs an approval" : "");
  }

  @Override
  public void validateSetLegalHold(LegalHold request, String reasonOfOldForm) {
    requireOneObject(request, request == null ? null : request.problem(), LegalHold.EXAMPLE);
    requireRunning();
    require(
        request.hold() != null,
        "\"hold\" is required (true sets, false lifts), e.g. " + LegalHold.EXAMPLE);
    requireOperator(request, LegalHold.EXAMPLE);
    require(
        present(request.reason()),
        "\"reason\" is required (who asked for the hold, and why), e.g. " + LegalHold.EXAMPLE);
  }

  @Override
  public String revokeDelegationNow(RevokeDelegation request) {
    run.revokeNow = true;
    run.acted(
        "revokeDelegationNow",
        null,
        request == null ? null : request.operator(),
        request == null ? null : request.reason());
    return "the manager's delegated access will be revoked now";
  }

  @Override
  public void validateRevokeDelegationNow(RevokeDelegation request) {
    requireOneObject(request, request == null ? null : request.problem(), RevokeDelegation.EXAMPLE);
    requireRunning();
    requireOperator(request, RevokeDelegation.EXAMPLE);
    require(
        !run.ledger.where(s -> s.stage == Stage.HANDOVER).isEmpty(),
        "this offboarding has no handover to revoke");
  }

  @Override
  public String release(Release request) {
    run.releaseReason = request.reason();
    run.acted("release", null, request.operator(), request.reason());
    return "released: the offboarding goes on";
  }

  @Override
  public void validateRelease(Release request) {
    requireOneObject(request, request == null ? null : request.problem(), Release.EXAMPLE);
    requireRunning();
    require(run.phase == Phase.HELD, "not held: the run is in " + run.phase);
    requireOperator(request, Release.EXAMPLE);
    require(
        present(request.reason()),
        "\"reason\" is required to release a held offboarding, e.g. " + Release.EXAMPLE);
  }

  @Override
  public String reschedule(Reschedule request) {
    return reschedule("reschedule", request.effectiveAt(), request.operator(), request.reason());
  }

  private String reschedule(String update, Instant effectiveAt, String operator, String reason) {
    run.effectiveAt = effectiveAt;
    run.rescheduled = true;
    run.acted(
        update,
        null,
        operator,
        "effective time moved to " + effectiveAt + (reason == null ? "" : ": " + reason));
    Workflow.upsertTypedSearchAttributes(SearchAttributes.EFFECTIVE_AT.valueSet(utc(effectiveAt)));
    return "effective time moved to " + effectiveAt;
  }

  @Override
  public void validateReschedule(Reschedule request) {
    requireOneObject(request, request == null ? null : request.problem(), Reschedule.EXAMPLE);
    requireRunning();
    require(
        request.effectiveAt() != null, "\"effectiveAt\" is required, e.g. " + Reschedule.EXAMPLE);
    requireOperator(request, Reschedule.EXAMPLE);
    requireStillWaiting();
  }

  private void requireStillWaiting() {
    require(waitingForEffectiveTime(), "too late to reschedule: the run is in " + run.phase);
  }

  @Override
  public HrEvent.Answer rescindForHr(HrRescind request, HrEvent eventOfOldForm) {
    HrEvent event = request.event() != null ? request.event() : eventOfOldForm;
    String older = ignoredAsOlder(event);
    if (older != null) {
      return new HrEvent.Answer(false, older);
    }
    String answer = rescind("rescindForHr", request.reason(), hrOperator(event));
    Workflow.upsertMemo(keep(event, HrEvent.RESCINDED_AT_MEMO));
    return new HrEvent.Answer(true, answer);
  }

  @Override
  public void validateRescindForHr(HrRescind request, HrEvent eventOfOldForm) {
    String example =
        "{\"reason\": \"termination cancelled in gusto (event 42)\", \"event\":"
            + " {\"source\": \"gusto\", \"eventId\": \"42\", \"eventAt\": \"2026-11-30T10:00:00Z\"}}";
    requireOneObject(request, request == null ? null : request.problem(), example);
    requireRunning();
    require(present(request.reason()), "\"reason\" is required, e.g. " + example);
    require(!run.rescinding(), "already rescinded: " + run.rescindReason);
    require(request.event() != null, "\"event\" (the HR event) is required, e.g. " + example);
  }

  @Override
  public HrEvent.Answer rescheduleForHr(HrReschedule request, HrEvent eventOfOldForm) {
    HrEvent event = request.event() != null ? request.event() : eventOfOldForm;
    String older = ignoredAsOlder(event);
    if (older != null) {
      return new HrEvent.Answer(false, older);
    }
    String answer =
        request.effectiveAt().equals(run.effectiveAt) && !waitingForEffectiveTime()
            ? "effective time unchanged: " + request.effectiveAt()
            : reschedule("rescheduleForHr", request.effectiveAt(), hrOperator(event), null);
    Workflow.upsertMemo(keep(event, null));
    return new HrEvent.Answer(true, answer);
  }

  private boolean waitingForEffectiveTime() {
    return run.phase == Phase.RESOLVING || run.phase == Phase.HELD || run.phase == Phase.WAITING;
  }

  @Override
  public void validateRescheduleForHr(HrReschedule request, HrEvent eventOfOldForm) {
    String example =
        "{\"effectiveAt\": \"2026-12-10T00:00:00Z\", \"event\":"
            + " {\"source\": \"gusto\", \"eventId\": \"43\", \"eventAt\": \"2026-11-30T10:00:00Z\"}}";
    requireOneObject(request, request == null ? null : request.problem(), example);
    requireRunning();
    require(request.event() != null, "\"event\" (the HR event) is required, e.g. " + example);
    require(request.effectiveAt() != null, "\"effectiveAt\" is required, e.g. " + example);
    // The same date again, once the wait is over, changes nothing but the HR time the run keeps;
    // keeping it is what stops an older cancellation, delivered later, from rescinding the run.
    if (!request.effectiveAt().equals(run.effectiveAt)) {
      requireStillWaiting();
    }
  }

  /** Who acted for an HR update: the intake, on behalf of the HR event (no person's name). */
  private static String hrOperator(HrEvent event) {
    return "hr:" + event.source() + " event " + event.eventId();
  }

  private static String operatorOrUnknown(String operator) {
    return present(operator) ? operator : OperatorAction.UNKNOWN_OPERATOR;
  }

  /**
   * Refuses anything but one JSON object of the update's fields (an old positional payload, a bare
   * string, an unknown field), saying what to send.
   */
  private static void requireOneObject(Object request, String problem, String example) {
    require(request != null, "send one JSON object, e.g. " + example);
    require(problem == null, problem + "; send one JSON object, e.g. " + example);
  }

  private static void requireOperator(OperatorUpdate request, String example) {
    require(
        present(request.operator()),
        "\"operator\" is required (who you are, e.g. ana@corp:"
            + " Temporal does not tell the run who sent an update), e.g. "
            + example);
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  /**
   * Why {@code event} is ignored, kept in the run's status, when HR recorded it before the last HR
   * event the run applied (an out-of-order delivery: applying it would undo a newer change); null
   * when it is not older (the same HR time is not older: it is applied).
   */
  private String ignoredAsOlder(HrEvent event) {
    if (event.eventAt() == null
        || run.lastHrEventAt == null
        || !event.eventAt().isBefore(run.lastHrEventAt)) {
      return null;
    }
    String why =
        "ignored "
            + event.source()
            + " event "
            + event.eventId()
            + " recorded at "
            + event.eventAt()
            + ": older than the last HR event applied ("
            + run.lastHrEventId
            + " recorded at "
            + run.lastHrEventAt
            + ")";
    run.hrEventsIgnored.add(why);
    log.info("offboarding {}: {}", run.request.employeeId(), why);
    return why;
  }

  /**
   * Makes {@code event} the last HR event applied; the memo entries that say so (read by the
   * intake, also once the run has closed), with {@code alsoAt} set to its HR time when given.
   */
  private java.util.Map<String, Object> keep(HrEvent event, String alsoAt) {
    run.lastHrEventId = event.eventId();
    if (event.eventAt() != null) {
      run.lastHrEventAt = event.eventAt();
    }
    java.util.Map<String, Object> memo = new java.util.HashMap<>();
    memo.put(HrEvent.LAST_ID_MEMO, String.valueOf(event.eventId()));
    if (run.lastHrEventAt != null) {
      memo.put(HrEvent.LAST_AT_MEMO, run.lastHrEventAt.toString());
    }
    if (alsoAt != null && event.eventAt() != null) {
      memo.put(alsoAt, event.eventAt().toString());
    }
    return memo;
  }

  private void requireParked(String stepId) {
    requireRunning();
    StepRecord s = stepId == null ? null : run.ledger.get(stepId);
    require(s != null, "no step " + stepId);
    require(
        s.state == StepState.NEEDS_ATTENTION,
        stepId + " is " + s.state + ", not waiting for an operator");
    require(!run.rescinding(), "the run is being rescinded");
  }

  private void requireRunning() {
    require(!run.phase.isFinal(), "the run has ended: " + run.phase);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
