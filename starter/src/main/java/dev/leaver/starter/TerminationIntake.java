package dev.leaver.starter;

import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationSink;
import dev.leaver.workflows.api.HrCancellationRecord;
import dev.leaver.workflows.api.HrEvent;
import dev.leaver.workflows.api.HrReschedule;
import dev.leaver.workflows.api.HrRescind;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.TaskQueues;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every HRIS event ends up (webhooks, the Workday poll, CSV batches): turns it into a start,
 * a reschedule or a rescind of the leaver's one workflow, {@code offboarding-<employeeId>}, and
 * answers only once Temporal has accepted that.
 *
 * <p>What it decides, from the run Temporal has for the employee:
 *
 * <ul>
 *   <li>termination, no run → start (held when the {@link MassTerminationBrake} says so);
 *   <li>termination, run waiting with the same effective time → duplicate, nothing new;
 *   <li>termination with another effective time, run not yet past the wait → {@code reschedule};
 *       after the kill switch → ignored with a warning (access is already gone);
 *   <li>termination, run closed: the same HR event, or one recorded before the HR event that
 *       rescinded the run (HR times, from the HRIS's clock; before the close for runs no HR event
 *       rescinded), is a duplicate; a later one starts a new run if the last was rescinded, or if
 *       it completed and the effective time differs (rehired and terminated again);
 *   <li>cancellation or rehire, run open → {@code rescind} (before the kill switch it just ends;
 *       after, it undoes what was changed); no open run → ignored with the reason, and kept as an
 *       {@link HrCancellationRecord}: a termination HR recorded before it (retried after a 503)
 *       then starts nothing, on this starter or any other;
 *   <li>a termination and the cancellation HR recorded after it, delivered at once, each finding no
 *       run: whichever finishes second rescinds the run the termination started.
 * </ul>
 *
 * <p>Reschedules and rescinds go as the HR updates ({@code rescheduleForHr}, {@code rescindForHr}),
 * which carry the event's HR time: the run ignores one HR recorded before the last HR event it
 * applied (an out-of-order delivery) and says so; the answer is then ignored, with that reason.
 *
 * <p>Updates carry an id made of the source and the event id, so a redelivery Temporal has seen is
 * not applied twice. Temporal unreachable, or no worker taking an update in time, is {@link
 * Unavailable}: the HRIS is told to retry, nothing is lost.
 */
public final class TerminationIntake implements TerminationSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TerminationIntake.class);
  private static final Set<Phase> BEFORE_KILL_SWITCH =
      EnumSet.of(Phase.RESOLVING, Phase.HELD, Phase.WAITING);

  private final WorkflowClient client;
  private final OffboardingStarter starter;
  private final MassTerminationBrake brake;
  private final Clock clock;
  private final Duration updateTimeout;
  private final ExecutorService updates =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "leaver-intake-update");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param brake holds starts beyond its threshold; {@link MassTerminationBrake#off()} for none
   * @param updateTimeout how long to wait for a worker to accept a reschedule or rescind before
   *     answering {@link Unavailable}
   */
  public TerminationIntake(
      WorkflowClient client, MassTerminationBrake brake, Clock clock, Duration updateTimeout) {
    this.client = client;
    this.starter = new OffboardingStarter(client);
    this.brake = brake;
    this.clock = clock;
    this.updateTimeout = updateTimeout;
  }

  /**
   * The request a termination event starts: the effective date is the last day worked, so access
   * ends at the start of the next day in the event's zone; an exact instant wins; neither means
   * now.
   *
   * @throws IllegalArgumentException when the event cannot start a run (no UPN, bad employee id)
   */
  public static OffboardingRequest requestFor(TerminationEvent e, Clock clock) {
    String zone = e.timeZone() == null ? "UTC" : e.timeZone();
    Instant effective = e.accessEnds() == null ? clock.instant() : e.accessEnds();
    return new OffboardingRequest(
            e.employeeId(),
            e.upn(),
            e.managerUpn(),
            effective,
            zone,
            e.eventId(),
            e.eventAt() == null ? clock.instant() : e.eventAt(),
            e.source(),
            e.involuntary(),
            false)
        .withPopulation(e.population())
        .withLegalHold(e.legalHold());
  }

  @Override
  public Outcome accept(TerminationEvent event) throws Unavailable {
    Action action = decide(event);
    Outcome outcome = act(action, event);
    if (outcome == null) {
      // Another delivery for this employee started the run between our look and our start:
      // decide again against that run (its date may differ from ours).
      action = decide(event);
      outcome = act(action, event);
    }
    return outcome != null
        ? settled(event, action, outcome)
        : new Outcome.Duplicate(WorkflowIds.forEmployee(event.employeeId()));
  }

  /**
   * HRISs deliver concurrently, so a termination and the cancellation HR recorded after it can each
   * find no run: the termination starts one while the cancellation is being kept. Whichever
   * finishes second sees the other. A cancellation just kept looks for an open run again and
   * rescinds it; a termination just taken looks for a cancellation kept with a later HR time and
   * rescinds the run with it. Either rescind is an HR update, which the run ignores when it has
   * applied a newer HR event.
   */
  private Outcome settled(TerminationEvent e, Action action, Outcome outcome) throws Unavailable {
    if (action instanceof Action.Record) {
      Action again = decide(e);
      return again instanceof Action.Rescind ? act(again, e) : outcome;
    }
    boolean taken =
        outcome instanceof Outcome.Started
            || outcome instanceof Outcome.Held
            || outcome instanceof Outcome.Duplicate;
    if (e.kind() != TerminationEvent.Kind.TERMINATION || e.eventAt() == null || !taken) {
      return outcome;
    }
    Kept kept = kept(e.employeeId());
    if (kept == null || kept.eventAt() == null || !e.eventAt().isBefore(kept.eventAt())) {
      return outcome;
    }
    String id = WorkflowIds.forEmployee(e.employeeId());
    TerminationEvent cancellation =
        new TerminationEvent(
            TerminationEvent.Kind.CANCELLATION,
            kept.source() != null ? kept.source() : e.source(),
            kept.eventId(),
            kept.eventAt(),
            e.employeeId(),
            null,
            null,
            null,
            null,
            e.timeZone(),
            false);
    Outcome rescinded =
        act(
            new Action.Rescind(
                id,
                "termination cancelled in "
                    + kept.source()
                    + " (event "
                    + kept.eventId()
                    + ", kept while the termination "
                    + e.eventId()
                    + " was being taken)"),
            cancellation);
    if (!(rescinded instanceof Outcome.Rescinded)) {
      return outcome; // the run has applied a newer HR event since, or has closed
    }
    LOG.info(
        "{}: {} event {} recorded at {} is older than the cancellation {} recorded at {},"
            + " kept while it was being taken: the run is rescinded",
        id,
        e.source(),
        e.eventId(),
        e.eventAt(),
        kept.eventId(),
        kept.eventAt());
    return new Outcome.Ignored(
        id,
        "termination "
            + e.eventId()
            + " recorded at "
            + e.eventAt()
            + " is older than the cancellation "
            + kept.eventId()
            + " recorded at "
            + kept.eventAt()
            + ", which was kept while it was being taken: its run is rescinded");
  }

  /**
   * What {@link #accept} would do, doing nothing: for {@code leaver import --dry-run}.
   *
   * @throws Unavailable when Temporal cannot be asked
   */
  public Outcome preview(TerminationEvent event) throws Unavailable {
    Action action = decide(event);
    if (action instanceof Action.Start start) {
      return brake.wouldHold()
          ? new Outcome.Held(start.workflowId())
          : new Outcome.Started(start.workflowId());
    }
    if (action instanceof Action.Reschedule r) {
      return r.onlyHrTime()
          ? new Outcome.Duplicate(r.workflowId())
          : new Outcome.Rescheduled(r.workflowId());
    }
    if (action instanceof Action.Rescind r) {
      return new Outcome.Rescinded(r.workflowId());
    }
    if (action instanceof Action.Record r) {
      return r.answer();
    }
    return ((Action.Nothing) action).outcome();
  }

  /** What to do about one event; decided from what Temporal knows, before touching anything. */
  private sealed interface Action {
    record Start(String workflowId, OffboardingRequest request, boolean afterClosedRun)
        implements Action {}

    /**
     * @param onlyHrTime the same effective time: the run keeps the event's HR time (so that an
     *     older cancellation delivered after it is ignored), and the answer is a duplicate
     */
    record Reschedule(String workflowId, Instant effectiveAt, boolean onlyHrTime)
        implements Action {}

    record Rescind(String workflowId, String reason) implements Action {}

    record Nothing(Outcome outcome) implements Action {}

    /** Keep a cancellation no run takes (see {@link HrCancellationRecord}); then answer. */
    @SuppressWarnings(
        "JavaLangClash") // Action.Record reads as the verb; java.lang.Record is never named here
    record Record(String workflowId, String employeeId, HrEvent cancellation, String reason)
        implements Action {
      Outcome.Ignored answer() {
        return new Outcome.Ignored(
            workflowId,
            reason
                + "; the cancellation is recorded ("
                + cancellation.eventId()
                + ", HR time "
                + cancellation.eventAt()
                + "): a termination HR recorded before it will start nothing");
      }
    }
  }

  /**
   * Sources whose HR time is the moment the record was read (BambooHR decides from the record): a
   * termination read later is always newer than a cancellation read before it, and reads what HR
   * holds then, so a kept cancellation could never change its decision.
   */
  private static final Set<String> HR_TIME_IS_READ_TIME = Set.of("bamboohr");

  /** A cancellation kept while the employee had no open run; null fields when unknown. */
  private record Kept(String eventId, Instant eventAt, String source) {}

  /**
   * What Temporal has for the employee: the latest run, open or closed.
   *
   * @param hrEventId the HR event the run was started for
   * @param lastHrEventId the last HR event the run applied (start, reschedule or rescind); null for
   *     runs from before runs kept it
   * @param hrRescindedAt the HR time of the HR event that rescinded the run; null when none did (or
   *     the run is from before runs kept it)
   * @param lastHrEventAt the HR time of the last HR update the run applied; null when it applied
   *     none since its start (the start's HR time is not in the memo)
   */
  private record Run(
      WorkflowExecutionStatus status,
      Phase phase,
      Instant effectiveAt,
      String hrEventId,
      Instant closedAt,
      String lastHrEventId,
      Instant hrRescindedAt,
      Instant lastHrEventAt) {
    boolean open() {
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    }
  }

  private Action decide(TerminationEvent e) throws Unavailable {
    String id = WorkflowIds.forEmployee(e.employeeId());
    Run run = latestRun(id);
    return e.kind() == TerminationEvent.Kind.TERMINATION
        ? decideTermination(id, e, run)
        : decideRescind(id, e, run);
  }

  private Action decideTermination(String id, TerminationEvent e, Run run) throws Unavailable {
    OffboardingRequest request = requestFor(e, clock);
    if (run == null) {
      return unlessCancelledLater(id, e, new Action.Start(id, request, false));
    }
    boolean sameEvent = e.eventId() != null && e.eventId().equals(run.hrEventId());
    if (run.open()) {
      if (sameEvent) {
        // The event this run was started for, redelivered: it must not undo a later date change.
        return new Action.Nothing(new Outcome.Duplicate(id));
      }
      if (rescinding(id)) {
        // A termination while the last one is being undone: take it once that run has closed.
        throw new Unavailable(id + " is being rescinded; retry once it has closed", null);
      }
      if (request.effectiveAt().equals(run.effectiveAt())) {
        // The same date, but perhaps a newer HR event (terminated again after a cancellation not
        // yet delivered): the run must keep its HR time, or that older cancellation, arriving
        // next, would rescind what HR last said.
        boolean newer =
            e.eventAt() != null
                && (run.lastHrEventAt() == null || e.eventAt().isAfter(run.lastHrEventAt()));
        // Also after the kill switch: the run keeps the HR time though the date moves nothing.
        return newer
            ? new Action.Reschedule(id, request.effectiveAt(), true)
            : new Action.Nothing(new Outcome.Duplicate(id));
      }
      if (BEFORE_KILL_SWITCH.contains(run.phase())) {
        return new Action.Reschedule(id, request.effectiveAt(), false);
      }
      LOG.warn(
          "{} moved the effective time of {} to {}, but the run is in {}: access is already"
              + " gone, nothing changed",
          e.source(),
          id,
          request.effectiveAt(),
          run.phase());
      return new Action.Nothing(
          new Outcome.Ignored(
              id,
              "the kill switch has already run ("
                  + run.phase()
                  + "); the new date changes nothing"));
    }
    boolean applied = e.eventId() != null && e.eventId().equals(run.lastHrEventId());
    // Recorded before the HR event that rescinded the run: HR times compared with HR times, from
    // the same HRIS clock. A termination recorded after the cancellation (even within the same
    // second) is a new one. Runs that were not rescinded by HR (an operator's rescind, a
    // completed run, runs from before runs kept the time) fall back to the close time.
    boolean recordedBefore =
        e.eventAt() != null
            && (run.hrRescindedAt() != null
                ? e.eventAt().isBefore(run.hrRescindedAt())
                : run.closedAt() != null && !e.eventAt().isAfter(run.closedAt()));
    if (sameEvent || applied || recordedBefore) {
      return new Action.Nothing(new Outcome.Duplicate(id));
    }
    // A run that changed nothing (rescinded, failed, or a notification-only dry run) does not stand
    // in the way of a new termination: it starts a real run.
    boolean rescinded =
        run.phase() == Phase.RESCINDED
            || run.phase() == Phase.DRY_RUN_COMPLETED
            || run.status() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
    if (rescinded || !request.effectiveAt().equals(run.effectiveAt())) {
      return unlessCancelledLater(id, e, new Action.Start(id, request, true));
    }
    return new Action.Nothing(new Outcome.Duplicate(id));
  }

  private Action decideRescind(String id, TerminationEvent e, Run run) {
    String what = e.kind() == TerminationEvent.Kind.REHIRE ? "rehire" : "termination cancelled";
    if (run == null) {
      return keep(id, e, new Outcome.Ignored(id, what + ": no offboarding for this employee"));
    }
    if (!run.open()) {
      if (run.phase() == Phase.COMPLETED) {
        // Too late to undo: the handover is over. Re-enabling access is onboarding's job.
        LOG.warn("{} for {}: the offboarding completed; accounts stay disabled", what, id);
        return keep(
            id,
            e,
            new Outcome.Ignored(
                id,
                what
                    + ": the offboarding already completed; accounts stay disabled until onboarded"));
      }
      return keptUnlessKnown(id, e, run, what);
    }
    if (run.phase() == Phase.RESCINDED) {
      // Being undone: this run already took a cancellation; keep a later one for what follows.
      return keptUnlessKnown(id, e, run, what);
    }
    return new Action.Rescind(id, what + " in " + e.source() + " (event " + e.eventId() + ")");
  }

  /**
   * A cancellation after the run that it would have rescinded was rescinded: the one that rescinded
   * it, or one HR recorded before that, is a duplicate; a later one is kept, so that a termination
   * HR recorded between the two (retried after a 503) starts nothing.
   */
  private Action keptUnlessKnown(String id, TerminationEvent e, Run run, String what) {
    boolean applied = e.eventId() != null && e.eventId().equals(run.lastHrEventId());
    boolean notLater =
        e.eventAt() != null
            && run.hrRescindedAt() != null
            && !e.eventAt().isAfter(run.hrRescindedAt());
    if (applied || notLater || !keepable(e)) {
      return new Action.Nothing(new Outcome.Duplicate(id));
    }
    return keep(id, e, new Outcome.Ignored(id, what + ": no open offboarding for this employee"));
  }

  /**
   * A cancellation no open run takes: kept (see {@link HrCancellationRecord}) when its HR time is
   * known and a later termination could be decided by it; then answered {@code ignored}.
   */
  private Action keep(String id, TerminationEvent e, Outcome.Ignored answer) {
    if (!keepable(e)) {
      return new Action.Nothing(answer);
    }
    return new Action.Record(id, e.employeeId(), hrEvent(e), answer.reason());
  }

  /** Whether a later termination could be decided by this cancellation's HR time. */
  private static boolean keepable(TerminationEvent e) {
    return e.eventAt() != null && !HR_TIME_IS_READ_TIME.contains(e.source());
  }

  /**
   * A start, unless a cancellation HR recorded after this termination arrived first (and was kept
   * while no run was open): then nothing starts, and the answer says why.
   */
  private Action unlessCancelledLater(String id, TerminationEvent e, Action.Start start)
      throws Unavailable {
    if (e.eventAt() == null) {
      return start;
    }
    Kept kept = kept(e.employeeId());
    if (kept == null || kept.eventAt() == null || !e.eventAt().isBefore(kept.eventAt())) {
      return start;
    }
    LOG.info(
        "{}: {} event {} recorded at {} is older than the cancellation {} recorded at {},"
            + " which arrived first: nothing started",
        id,
        e.source(),
        e.eventId(),
        e.eventAt(),
        kept.eventId(),
        kept.eventAt());
    return new Action.Nothing(
        new Outcome.Ignored(
            id,
            "termination "
                + e.eventId()
                + " recorded at "
                + e.eventAt()
                + " is older than the cancellation "
                + kept.eventId()
                + " recorded at "
                + kept.eventAt()
                + ", which arrived before it: nothing started"));
  }

  /** The cancellation kept for the employee, or null. */
  private Kept kept(String employeeId) throws Unavailable {
    WorkflowExecutionMetadata d;
    try {
      String id = HrCancellationRecord.idFor(employeeId);
      d = withinTimeout(() -> client.newUntypedWorkflowStub(id).describe(), "a look at " + id);
    } catch (Unavailable u) {
      throw new Unavailable("Temporal is unreachable: " + u.getMessage(), u.getCause());
    } catch (WorkflowNotFoundException e) {
      return null;
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return null;
      }
      if (transientFailure(e)) {
        throw new Unavailable(
            "Temporal is unreachable or failed transiently: " + e.getMessage(), e);
      }
      throw e;
    }
    String at = (String) d.getMemo(HrCancellationRecord.EVENT_AT_MEMO, String.class);
    return new Kept(
        (String) d.getMemo(HrCancellationRecord.EVENT_ID_MEMO, String.class),
        at == null ? null : Instant.parse(at),
        (String) d.getMemo(HrCancellationRecord.SOURCE_MEMO, String.class));
  }

  /**
   * Keeps the cancellation unless one HR recorded at the same time or later is kept already. Two
   * replicas keeping two cancellations at once: each looks again after its start, and starts again
   * while an older one is kept, so the latest wins.
   */
  private Outcome record(Action.Record r) throws Unavailable {
    HrEvent c = r.cancellation();
    for (int attempt = 0; attempt < 5; attempt++) {
      Kept kept = kept(r.employeeId());
      if (kept != null && kept.eventAt() != null && !kept.eventAt().isBefore(c.eventAt())) {
        if (attempt == 0 && !String.valueOf(c.eventId()).equals(kept.eventId())) {
          return new Outcome.Ignored(
              r.workflowId(),
              r.reason()
                  + "; a cancellation HR recorded at "
                  + kept.eventAt()
                  + " ("
                  + kept.eventId()
                  + ") is recorded already");
        }
        return r.answer();
      }
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .setWorkflowId(HrCancellationRecord.idFor(r.employeeId()))
              .setTaskQueue(TaskQueues.CONTROL)
              .setWorkflowIdReusePolicy(
                  WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
              // One still open (no worker took it yet) is an older record: this one replaces it.
              .setWorkflowIdConflictPolicy(
                  WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING)
              .setMemo(
                  java.util.Map.of(
                      HrCancellationRecord.EVENT_ID_MEMO,
                      String.valueOf(c.eventId()),
                      HrCancellationRecord.EVENT_AT_MEMO,
                      c.eventAt().toString(),
                      HrCancellationRecord.SOURCE_MEMO,
                      c.source()))
              .setStaticSummary(
                  "HR cancellation kept for " + r.employeeId() + " · source " + c.source())
              .build();
      WorkflowClient.start(client.newWorkflowStub(HrCancellationRecord.class, options)::record, c);
      LOG.info(
          "kept {} event {} (HR time {}) for {}: no open offboarding",
          c.source(),
          c.eventId(),
          c.eventAt(),
          r.employeeId());
    }
    throw new Unavailable(
        "could not keep the cancellation "
            + c.eventId()
            + " of "
            + r.employeeId()
            + ": others kept meanwhile; retry",
        null);
  }

  private Outcome act(Action action, TerminationEvent e) throws Unavailable {
    try {
      if (action instanceof Action.Record r) {
        return withinTimeout(() -> record(r), "the record of " + e.eventId());
      }
      if (action instanceof Action.Start start) {
        // Bounded like the updates: the client's own retries of a transient failure would hold
        // the request for a minute, past the HRIS's timeout, instead of answering 503.
        return withinTimeout(() -> start(start), "the start of " + start.workflowId());
      }
      if (action instanceof Action.Reschedule r && r.onlyHrTime()) {
        // Whatever the run says (kept, or already holding a newer event), the date is the same.
        update(
            r.workflowId(),
            HrUpdate.reschedule(r.effectiveAt(), hrEvent(e)),
            e,
            new Outcome.Duplicate(r.workflowId()));
        return new Outcome.Duplicate(r.workflowId());
      }
      if (action instanceof Action.Reschedule r) {
        return update(
            r.workflowId(),
            HrUpdate.reschedule(r.effectiveAt(), hrEvent(e)),
            e,
            new Outcome.Rescheduled(r.workflowId()));
      }
      if (action instanceof Action.Rescind r) {
        return update(
            r.workflowId(),
            HrUpdate.rescind(r.reason(), hrEvent(e)),
            e,
            new Outcome.Rescinded(r.workflowId()));
      }
      return ((Action.Nothing) action).outcome();
    } catch (RuntimeException ex) {
      if (transientFailure(ex)) {
        throw new Unavailable(
            "Temporal is unreachable or failed transiently: " + ex.getMessage(), ex);
      }
      throw ex;
    }
  }

  /** Starts the run; null when another delivery started it first. */
  private Outcome start(Action.Start s) {
    boolean held = brake.admit();
    OffboardingRequest request = held ? s.request().asHeld() : s.request();
    OffboardingStarter.Started started;
    try {
      started = starter.start(request, s.afterClosedRun());
    } catch (RuntimeException e) {
      brake.forget();
      throw e;
    }
    if (started.duplicate()) {
      brake.forget();
      return null;
    }
    if (held) {
      LOG.warn(
          "mass-termination brake: {} started held, awaiting an operator's release",
          s.workflowId());
      return new Outcome.Held(s.workflowId());
    }
    LOG.info(
        "started {} (source {}, event {})", s.workflowId(), request.source(), request.hrEventId());
    return new Outcome.Started(s.workflowId());
  }

  /** Whether the open run is undoing itself (a rescind after the kill switch can take a while). */
  private boolean rescinding(String workflowId) throws Unavailable {
    try {
      return withinTimeout(
                  () -> client.newWorkflowStub(OffboardingWorkflow.class, workflowId).status(),
                  "about " + workflowId)
              .rescindReason()
          != null;
    } catch (WorkflowNotFoundException ex) {
      return false;
    } catch (RuntimeException ex) {
      throw new Unavailable("could not ask " + workflowId + " for its state", ex);
    }
  }

  /**
   * An HR update in the one-JSON-object form this worker takes, and in the forms older workers
   * took, for a rolling upgrade: the two-argument form ({@code reason|effectiveAt, event}), and
   * before the HR updates existed the plain update with one bare argument.
   */
  @SuppressWarnings("ArrayRecordComponent") // the update's arguments as sent; never compared
  private record HrUpdate(
      String name, Object request, Object[] twoArguments, String plainName, Object plainArgument) {

    static HrUpdate rescind(String reason, HrEvent event) {
      return new HrUpdate(
          "rescindForHr",
          new HrRescind(reason, event),
          new Object[] {reason, event},
          "rescind",
          reason);
    }

    static HrUpdate reschedule(Instant effectiveAt, HrEvent event) {
      return new HrUpdate(
          "rescheduleForHr",
          new HrReschedule(effectiveAt, event),
          new Object[] {effectiveAt, event},
          "reschedule",
          effectiveAt);
    }
  }

  private static HrEvent hrEvent(TerminationEvent e) {
    return new HrEvent(e.source(), e.eventId(), e.eventAt());
  }

  private Outcome update(String workflowId, HrUpdate u, TerminationEvent e, Outcome done)
      throws Unavailable {
    String name = u.name();
    Object result;
    try {
      result = sendAsTheWorkerTakesIt(workflowId, u, e);
    } catch (WorkflowUpdateException u2) {
      if (u2.getCause() instanceof ApplicationFailure refused) {
        // The validator refused, e.g. the run moved past the wait meanwhile: say why.
        return new Outcome.Ignored(workflowId, name + " refused: " + refused.getOriginalMessage());
      }
      // Not the workflow's answer but the server's: the update was aborted (its workflow task
      // failed, e.g. UNHANDLED_COMMAND when it raced an activity completion), timed out or was
      // cancelled. Nothing was applied that a redelivery would not find: retry later.
      throw new Unavailable(
          "the " + name + " of " + workflowId + " did not complete: " + u2.getCause(), u2);
    } catch (WorkflowNotFoundException ex) {
      return new Outcome.Ignored(workflowId, "the run ended before the " + name);
    }
    if (result instanceof HrEvent.Answer answer && !answer.applied()) {
      // An out-of-order delivery: HR recorded it before the last event the run applied.
      LOG.info(
          "{} ignored {} (source {}, event {}): {}",
          workflowId,
          name,
          e.source(),
          e.eventId(),
          answer.message());
      return new Outcome.Ignored(workflowId, answer.message());
    }
    LOG.info("{} {} (source {}, event {})", name, workflowId, e.source(), e.eventId());
    return done;
  }

  /**
   * Sends the one-object form; to a worker that refuses it as an older one (it has no such update,
   * or cannot read one object) the form that worker takes; and when that form is refused as not one
   * object (a current worker took over meanwhile), the one-object form once more.
   */
  private Object sendAsTheWorkerTakesIt(String workflowId, HrUpdate u, TerminationEvent e)
      throws Unavailable {
    try {
      return send(workflowId, u.name(), HrEvent.Answer.class, e, "", u.request());
    } catch (WorkflowUpdateException first) {
      try {
        if (refusedAs(first, "Unknown update")) {
          // A worker older than the HR updates: the plain update, without the HR event kept.
          LOG.warn(
              "{} has no {} update (an older worker): sent {} instead",
              workflowId,
              u.name(),
              u.plainName());
          return send(workflowId, u.plainName(), String.class, e, "", u.plainArgument());
        }
        if (first.getCause() instanceof ApplicationFailure f
            && String.valueOf(f.getType()).endsWith("DataConverterException")) {
          // A worker whose HR updates take two arguments cannot read one object: send those.
          LOG.warn(
              "{} could not read {} as one object (an older worker): sent its two-argument"
                  + " form",
              workflowId,
              u.name());
          return send(
              workflowId, u.name(), HrEvent.Answer.class, e, ":two-arguments", u.twoArguments());
        }
        throw first;
      } catch (WorkflowUpdateException older) {
        if (older == first || !refusedAs(older, "got ")) {
          throw older;
        }
        LOG.info(
            "{} refused the older form of {}: a current worker took over; sent it again",
            workflowId,
            u.name());
        return send(workflowId, u.name(), HrEvent.Answer.class, e, ":again", u.request());
      }
    }
  }

  private static boolean refusedAs(WorkflowUpdateException u, String messageStart) {
    return u.getCause() instanceof ApplicationFailure refused
        && String.valueOf(refused.getOriginalMessage()).startsWith(messageStart);
  }

  /** One update call, waiting for its result; a refusal comes out as WorkflowUpdateException. */
  private Object send(
      String workflowId,
      String name,
      Class<?> resultType,
      TerminationEvent e,
      String form,
      Object... args)
      throws Unavailable {
    UpdateOptions<?> options =
        UpdateOptions.newBuilder(resultType)
            .setUpdateName(name)
            // Temporal drops an update whose id it has seen in this run: a redelivery is not
            // re-applied.
            .setUpdateId(e.source() + ":" + e.eventId() + ":" + name + form)
            // The handlers return at once; waiting for the result is what surfaces a refusal.
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build();
    return withinTimeout(
        () -> client.newUntypedWorkflowStub(workflowId).startUpdate(options, args).getResult(),
        "the " + name + " of " + workflowId);
  }

  /**
   * A call that only a worker can answer (a query, an update), given up after the update timeout so
   * that the HRIS hears 503 instead of waiting. The call's own exceptions come out as they are.
   */
  private <T> T withinTimeout(Callable<T> call, String what) throws Unavailable {
    // (A start that times out may still land: its redelivery finds the run and is a duplicate.)
    Future<T> answer = updates.submit(call);
    try {
      return answer.get(updateTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException ex) {
      answer.cancel(true);
      throw new Unavailable(
          "Temporal (or a worker) did not answer "
              + what
              + " within "
              + updateTimeout.toSeconds()
              + " s",
          ex);
    } catch (InterruptedException ex) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted waiting for " + what, ex);
    } catch (ExecutionException ex) {
      if (ex.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (ex.getCause() instanceof Unavailable u) {
        throw u;
      }
      throw new IllegalStateException(ex.getCause());
    }
  }

  private Run latestRun(String workflowId) throws Unavailable {
    WorkflowExecutionMetadata d;
    try {
      // Bounded: the client retries a transient failure for a minute, past the HRIS's timeout.
      d =
          withinTimeout(
              () -> client.newUntypedWorkflowStub(workflowId).describe(),
              "a look at " + workflowId);
    } catch (Unavailable u) {
      throw new Unavailable("Temporal is unreachable: " + u.getMessage(), u.getCause());
    } catch (WorkflowNotFoundException e) {
      return null;
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return null;
      }
      if (transientFailure(e)) {
        throw new Unavailable(
            "Temporal is unreachable or failed transiently: " + e.getMessage(), e);
      }
      throw e;
    }
    var attributes = d.getTypedSearchAttributes();
    String phase = attributes.get(SearchAttributes.PHASE);
    var effective = attributes.get(SearchAttributes.EFFECTIVE_AT);
    String hrEventId = (String) d.getMemo(OffboardingStarter.HR_EVENT_ID_MEMO, String.class);
    String lastHrEventId = (String) d.getMemo(HrEvent.LAST_ID_MEMO, String.class);
    String rescindedAt = (String) d.getMemo(HrEvent.RESCINDED_AT_MEMO, String.class);
    String lastAt = (String) d.getMemo(HrEvent.LAST_AT_MEMO, String.class);
    return new Run(
        d.getStatus(),
        // No phase yet: the first workflow task has not run (e.g. no worker): still resolving.
        phase == null ? Phase.RESOLVING : Phase.valueOf(phase),
        effective == null ? null : effective.toInstant(),
        hrEventId,
        d.getCloseTime(),
        lastHrEventId,
        rescindedAt == null ? null : Instant.parse(rescindedAt),
        lastAt == null ? null : Instant.parse(lastAt));
  }

  private static boolean notFound(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }

  /** gRPC answers that say the request itself is wrong: retrying it cannot help. */
  private static final Set<Status.Code> PERMANENT =
      EnumSet.of(
          Status.Code.INVALID_ARGUMENT,
          Status.Code.NOT_FOUND,
          Status.Code.ALREADY_EXISTS,
          Status.Code.PERMISSION_DENIED,
          Status.Code.UNAUTHENTICATED,
          Status.Code.UNIMPLEMENTED,
          Status.Code.OUT_OF_RANGE);

  /**
   * Trouble on Temporal's side rather than an answer, so the HRIS should retry later (503): any
   * gRPC status but those that say the request is wrong (UNAVAILABLE, DEADLINE_EXCEEDED,
   * RESOURCE_EXHAUSTED, ABORTED, INTERNAL, FAILED_PRECONDITION, which is how the server aborts an
   * update whose workflow task failed, ...), and the client's own wrapper of a failed call or an
   * update that did not complete. Anything else (a bug) is not hidden behind a retry.
   */
  static boolean transientFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s) {
        return !PERMANENT.contains(s.getStatus().getCode());
      }
    }
    return t instanceof WorkflowServiceException
        || t instanceof WorkflowUpdateTimeoutOrCancelledException;
  }

  @Override
  public void close() {
    updates.shutdownNow();
  }
}
