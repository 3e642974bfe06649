package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OperatorAction;
import dev.leaver.workflows.api.Outcome;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Stage;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Promise;
import io.temporal.workflow.UpdateInfo;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The state one run shares between its main thread, its step threads and its handlers. */
final class RunState {
  final OffboardingRequest request;
  final Ledger ledger = new Ledger();
  final ConnectorCalls calls;
  final Map<String, Decision> decisions = new HashMap<>();
  final Map<String, String> accounts = new HashMap<>();
  final List<PlannedChange> plannedChanges = new ArrayList<>();

  /** Every step thread started; the run ends only when all have finished. */
  final List<Promise<Void>> work = new ArrayList<>();

  Phase phase = Phase.RESOLVING;
  Instant effectiveAt;
  boolean rescheduled;
  String rescindReason;
  boolean revokeNow;
  String releaseReason;
  Duration handoverPeriod = Duration.ofDays(30);

  /** A dry run: asked for, or the policy's notification-only mode for a run HR triggered. */
  boolean dryRun;

  /** The policy's notification-only mode turned this HR-triggered run into a dry run. */
  boolean notificationOnly;

  /** For such a run, whether the operator channel took the summary; null until tried. */
  Boolean operatorsTold;

  String operatorsNotTold;

  /** How long before the handover ends the manager is reminded. */
  Duration handoverReminder = Duration.ofDays(3);

  /** The deletion steps, for a policy that deletes accounts; none otherwise. */
  List<StepRecord> deletions() {
    return deletionGrace == null ? List.of() : ledger.where(s -> s.stage == Stage.DELETION);
  }

  /** Null when the policy deletes nothing. */
  Duration deletionGrace;

  String deletionApprovedBy;
  Instant deletionApprovedAt;
  String deletionApproval;
  boolean legalHold;
  String legalHoldReason;
  List<String> requiredSystems = List.of();
  Instant killSwitchCompletedAt;

  /** The last HR event the run applied: the one it was started for, then each HR update's. */
  String lastHrEventId;

  Instant lastHrEventAt;

  /** HR events ignored as recorded before the last one applied, each with why. */
  final List<String> hrEventsIgnored = new ArrayList<>();

  /** Every update accepted from an operator or the HR intake, oldest first. */
  final List<OperatorAction> operatorActions = new ArrayList<>();

  /**
   * Whether this run shows itself to the Web UI with commands older runs did not schedule (the
   * outcome and handover-end search attributes, a timer per parked step); false for runs started
   * before (their histories must replay).
   */
  boolean console;

  /**
   * Whether the run upserts only the search attributes whose value changes (each upsert is a billed
   * Temporal Cloud action, and the start already sets the employee id, the effective time, the
   * phase and the attention flag); false for runs started before, whose histories must replay.
   */
  boolean fewerUpserts;

  /**
   * Reads on their own queue, and a system's kill-switch before-images read at once after Resolve.
   */
  boolean fastKillSwitch;

  /** A stage settles only after every system's Resolve has (see {@code STAGES_AFTER_RESOLVE}). */
  boolean stagesAfterResolve;

  /**
   * The plan is a local activity, and a run whose kill switch opens at once reads its before-images
   * in the Resolve activity (see {@code FEWER_ROUND_TRIPS}); false for runs started before.
   */
  boolean fewerRoundTrips;

  /**
   * The kill switch waited after the run began (held by the brake, or its effective time was
   * ahead): before-images read with the resolution are stale by then and are read again.
   */
  boolean killSwitchWaited;

  /** When revokeDelegationNow ended the handover, before its due time; else null. */
  Instant handoverEndedEarlyAt;

  private Instant handoverEndShown;
  private Stage openStage;
  private boolean verifyOpen;
  private Boolean flaggedAttention;

  RunState(OffboardingRequest request) {
    this.request = request;
    this.effectiveAt = request.effectiveAt();
    this.lastHrEventId = request.hrEventId();
    this.lastHrEventAt = request.hrEventAt();
    this.calls = new ConnectorCalls(request.employeeId());
  }

  boolean allWorkDone() {
    return work.stream().allMatch(Promise::isCompleted);
  }

  Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /** The policy says every leaver must have an account in this system. */
  boolean required(String system) {
    return requiredSystems.contains(system);
  }

  /** Every system has answered and none has an account: there is nobody to offboard. */
  boolean noAccountAnywhere() {
    List<StepRecord> resolves = ledger.where(s -> s.action.equals("Resolve"));
    return !resolves.isEmpty()
        && resolves.stream().allMatch(StepRecord::isFinal)
        && resolves.stream().noneMatch(s -> s.state == StepState.DONE);
  }

  boolean rescinding() {
    return rescindReason != null;
  }

  void openStage(Stage stage) {
    openStage = stage;
  }

  /** Kill switch opens first; clean-up and handover open together after it. */
  boolean stageOpen(Stage stage) {
    if (openStage == null) {
      return false;
    }
    return stage == Stage.KILL_SWITCH || openStage != Stage.KILL_SWITCH;
  }

  void openVerification() {
    verifyOpen = true;
  }

  boolean verificationOpen() {
    return verifyOpen;
  }

  /**
   * Records who acted, how and why: on the run, and on {@code step} when the update names one. An
   * operator missing (an update sent before updates named one) is recorded as unknown.
   */
  OperatorAction acted(String update, StepRecord step, String operator, String reason) {
    OperatorAction a =
        new OperatorAction(
            update,
            step == null ? null : step.stepId,
            operator == null || operator.isBlank() ? OperatorAction.UNKNOWN_OPERATOR : operator,
            reason,
            now(),
            Workflow.getCurrentUpdateInfo().map(UpdateInfo::getUpdateId).orElse(null));
    operatorActions.add(a);
    if (step != null) {
      step.operatorActions.add(a);
    }
    describe();
    return a;
  }

  /** When the manager's delegated access is (or was) revoked; null while none is scheduled. */
  Instant handoverEndsAt() {
    if (handoverEndedEarlyAt != null) {
      return handoverEndedEarlyAt;
    }
    return ledger.where(s -> s.stepId.endsWith(".Revoke") && s.dueAt != null).stream()
        .map(s -> s.dueAt)
        .max(Instant::compareTo)
        .orElse(null);
  }

  /** After a revocation is scheduled or the handover ended early: the search attribute follows. */
  void handoverChanged() {
    Instant end = handoverEndsAt();
    if (console && end != null && !end.equals(handoverEndShown)) {
      handoverEndShown = end;
      Workflow.upsertTypedSearchAttributes(
          SearchAttributes.HANDOVER_ENDS_AT.valueSet(
              java.time.OffsetDateTime.ofInstant(end, java.time.ZoneOffset.UTC)));
    }
    describe();
  }

  /** How the run ended; null while it runs. */
  Outcome outcome() {
    if (!phase.isFinal()) {
      return null;
    }
    if (phase == Phase.NEEDS_ATTENTION
        || !ledger
            .where(
                s ->
                    s.state == StepState.FAILED
                        && !(dryRun && s.note != null && s.note.startsWith("dry run")))
            .isEmpty()
        || Boolean.FALSE.equals(operatorsTold)) {
      return Outcome.NEEDS_ATTENTION;
    }
    return switch (phase) {
      case RESCINDED -> Outcome.RESCINDED;
      case DRY_RUN_COMPLETED -> Outcome.DRY_RUN;
      default -> Outcome.COMPLETED;
    };
  }

  void enter(Phase next) {
    phase = next;
    if (console && next.isFinal()) {
      show(
          SearchAttributes.PHASE.valueSet(next.name()),
          SearchAttributes.OUTCOME.valueSet(outcome().name()));
    } else {
      show(SearchAttributes.PHASE.valueSet(next.name()));
    }
    touch();
  }

  /** After any step change: keep the needs-attention flag and the Web UI's details current. */
  void touch() {
    boolean attention =
        phase == Phase.NEEDS_ATTENTION
            || ledger.anyNeedsAttention()
            || Boolean.FALSE.equals(operatorsTold)
            || !ledger.where(s -> s.state == StepState.FAILED).isEmpty();
    if (flaggedAttention == null || flaggedAttention != attention) {
      flaggedAttention = attention;
      show(SearchAttributes.NEEDS_ATTENTION.valueSet(attention));
      if (attention) {
        Workflow.getMetricsScope().counter("leaver_needs_attention").inc(1);
      }
    }
    describe();
  }

  /**
   * Upserts {@code updates}; with {@link #fewerUpserts}, only those that change a value (none: no
   * command at all).
   */
  void show(SearchAttributeUpdate<?>... updates) {
    List<SearchAttributeUpdate<?>> changing = new ArrayList<>();
    for (SearchAttributeUpdate<?> u : updates) {
      if (!fewerUpserts || changes(u)) {
        changing.add(u);
      }
    }
    if (!changing.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(changing.toArray(new SearchAttributeUpdate<?>[0]));
    }
  }

  private static boolean changes(SearchAttributeUpdate<?> u) {
    Object now = Workflow.getTypedSearchAttributes().get(u.getKey());
    Object next = u.getValue().orElse(null);
    if (now instanceof java.time.OffsetDateTime a && next instanceof java.time.OffsetDateTime b) {
      return !a.isEqual(b);
    }
    return !java.util.Objects.equals(now, next);
  }

  /** Keeps the Web UI's current details current; not a command, so safe anywhere (handlers too). */
  void describe() {
    Workflow.setCurrentDetails(RunDetails.markdown(this));
  }
}
