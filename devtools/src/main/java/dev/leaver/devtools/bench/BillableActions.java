package dev.leaver.devtools.bench;

import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.contract.ActivityTypes;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run's history events and its Temporal Cloud billable actions, by the part of the offboarding
 * the run was in when each event was written, counted by Temporal Cloud's published rules
 * (docs.temporal.io/cloud/actions): a workflow started, every activity attempt (first and retries),
 * a timer started (also the implicit one of {@code Workflow.await} with a timeout), a
 * search-attribute upsert (one per command, however many attributes; the {@code
 * TemporalChangeVersion} upsert of {@code getVersion} is exempt and so are attributes set at
 * start), a signal, an accepted update, a side effect, local activities (one per workflow task).
 * Version markers are not actions. Queries and activity heartbeats are actions too but leave no
 * event: the caller counts them where they are sent.
 */
public final class BillableActions {
  private static final String PHASE = SearchAttributes.PHASE.getName();
  private static final String CHANGE_VERSION = "TemporalChangeVersion";

  /** The parts of an offboarding, in order. */
  public enum Part {
    START("start, resolve, wait"),
    KILL_SWITCH("kill switch"),
    CLEANUP("clean-up + verify"),
    HANDOVER_WAIT("handover wait"),
    REVOCATION("revocation"),
    CLOSE("close");

    public final String label;

    Part(String label) {
      this.label = label;
    }
  }

  /** The kinds of billable action, as Temporal Cloud names them. */
  public enum Kind {
    WORKFLOW_STARTED("start"),
    ACTIVITY("activities"),
    ACTIVITY_RETRY("retries"),
    TIMER("timers"),
    UPSERT("upserts"),
    UPDATE("updates"),
    SIGNAL("signals"),
    SIDE_EFFECT("side effects"),
    LOCAL_ACTIVITY("local act.");

    public final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * One part's figures.
   *
   * @param events history events written while the run was in this part
   * @param actions billable actions by kind
   */
  public record Row(int events, Map<Kind, Integer> actions) {
    public int total() {
      return actions.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private BillableActions() {}

  /**
   * Events and actions per part, every part present (zeros where the run had none). An activity
   * (its scheduled, started and closing events, its retries) belongs to the part it works for: a
   * Resolve or the plan to the start, anything else on a kill-switch queue to the kill switch, a
   * clean-up queue's to clean-up until the first take-back of a handover grant ({@code .Undo}) and
   * to the revocation after it; the evidence kept at the kill switch to the kill switch, the last
   * to the close. A phase upsert belongs to the phase it shows. Everything else (timers, other
   * upserts, updates, workflow tasks) to where the run had got to: the kill switch from its first
   * activity, clean-up from the first clean-up activity, the handover wait from the HANDOVER phase,
   * the revocation from the first take-back, the close from a final phase.
   */
  public static Map<Part, Row> of(List<HistoryEvent> history) {
    Map<Part, Integer> events = new EnumMap<>(Part.class);
    Map<Part, Map<Kind, Integer>> actions = new EnumMap<>(Part.class);
    for (Part p : Part.values()) {
      events.put(p, 0);
      Map<Kind, Integer> zero = new EnumMap<>(Kind.class);
      for (Kind k : Kind.values()) {
        zero.put(k, 0);
      }
      actions.put(p, zero);
    }
    Part timeline = Part.START;
    boolean evidenceKept = false;
    Map<Long, Part> activityPart = new java.util.HashMap<>();
    Set<Long> tasksWithLocalActivities = new HashSet<>();
    for (HistoryEvent e : history) {
      Part part = timeline;
      if (e.hasActivityTaskScheduledEventAttributes()) {
        var a = e.getActivityTaskScheduledEventAttributes();
        String type = a.getActivityType().getName();
        String queue = a.getTaskQueue().getName();
        if (type.endsWith(ActivityTypes.UNDO)
            && timeline.compareTo(Part.REVOCATION) < 0
            && timeline.compareTo(Part.HANDOVER_WAIT) >= 0) {
          timeline = Part.REVOCATION;
        }
        if (type.endsWith("." + ActivityTypes.RESOLVE)
            || type.endsWith("." + ActivityTypes.RESOLVE_AND_SNAPSHOT)
            || type.equals("Plan")) {
          part = Part.START;
        } else if (queue.endsWith("-killswitch")) {
          part = Part.KILL_SWITCH;
          timeline = max(timeline, Part.KILL_SWITCH);
        } else if (queue.endsWith("-cleanup")) {
          part = timeline == Part.REVOCATION ? Part.REVOCATION : Part.CLEANUP;
          timeline = max(timeline, Part.CLEANUP);
        } else if (type.equals("KeepEvidence")) {
          part = evidenceKept ? Part.CLOSE : Part.KILL_SWITCH;
          evidenceKept = true;
        }
        activityPart.put(e.getEventId(), part);
      } else if (scheduledIdOf(e) != null) {
        part = activityPart.getOrDefault(scheduledIdOf(e), timeline);
      } else if (e.hasUpsertWorkflowSearchAttributesEventAttributes()) {
        Payload phase =
            e.getUpsertWorkflowSearchAttributesEventAttributes()
                .getSearchAttributes()
                .getIndexedFieldsMap()
                .get(PHASE);
        if (phase != null) {
          Phase shown =
              Phase.valueOf(
                  GlobalDataConverter.get().fromPayload(phase, String.class, String.class));
          part = partShowing(shown);
          if (shown == Phase.HANDOVER || shown.isFinal()) {
            timeline = max(timeline, part);
          }
        }
      }
      events.merge(part, 1, Integer::sum);
      Map<Kind, Integer> a = actions.get(part);
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED ->
            a.merge(Kind.WORKFLOW_STARTED, 1, Integer::sum);
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> a.merge(Kind.ACTIVITY, 1, Integer::sum);
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          // The history keeps the last attempt's start only; the earlier attempts are its retries.
          int attempt = e.getActivityTaskStartedEventAttributes().getAttempt();
          a.merge(Kind.ACTIVITY_RETRY, Math.max(0, attempt - 1), Integer::sum);
        }
        case EVENT_TYPE_TIMER_STARTED -> a.merge(Kind.TIMER, 1, Integer::sum);
        case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> {
          Set<String> keys =
              e.getUpsertWorkflowSearchAttributesEventAttributes()
                  .getSearchAttributes()
                  .getIndexedFieldsMap()
                  .keySet();
          if (!keys.equals(Set.of(CHANGE_VERSION))) {
            a.merge(Kind.UPSERT, 1, Integer::sum);
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> a.merge(Kind.UPDATE, 1, Integer::sum);
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> a.merge(Kind.SIGNAL, 1, Integer::sum);
        case EVENT_TYPE_MARKER_RECORDED -> {
          String marker = e.getMarkerRecordedEventAttributes().getMarkerName();
          if (marker.equals("SideEffect") || marker.equals("MutableSideEffect")) {
            a.merge(Kind.SIDE_EFFECT, 1, Integer::sum);
          } else if (marker.equals("LocalActivity")
              && tasksWithLocalActivities.add(
                  e.getMarkerRecordedEventAttributes().getWorkflowTaskCompletedEventId())) {
            a.merge(Kind.LOCAL_ACTIVITY, 1, Integer::sum);
          }
          // "Version" (getVersion) is not an action.
        }
        default -> {
          // Workflow tasks, completions, timer firings, cancellations: not actions.
        }
      }
    }
    Map<Part, Row> rows = new LinkedHashMap<>();
    for (Part p : Part.values()) {
      rows.put(p, new Row(events.get(p), actions.get(p)));
    }
    return rows;
  }

  private static Part partShowing(Phase p) {
    return switch (p) {
      case RESOLVING, HELD, WAITING -> Part.START;
      case KILL_SWITCH -> Part.KILL_SWITCH;
      case CLEANUP, VERIFYING -> Part.CLEANUP;
      case HANDOVER, AWAITING_DELETION -> Part.HANDOVER_WAIT;
      default -> Part.CLOSE; // a final phase
    };
  }

  private static Part max(Part a, Part b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The scheduled event id an activity's later event refers to, or null for other events. */
  private static Long scheduledIdOf(HistoryEvent e) {
    return switch (e.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
          e.getActivityTaskStartedEventAttributes().getScheduledEventId();
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
          e.getActivityTaskCompletedEventAttributes().getScheduledEventId();
      case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
          e.getActivityTaskFailedEventAttributes().getScheduledEventId();
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
          e.getActivityTaskTimedOutEventAttributes().getScheduledEventId();
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
          e.getActivityTaskCanceledEventAttributes().getScheduledEventId();
      case EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED ->
          e.getActivityTaskCancelRequestedEventAttributes().getScheduledEventId();
      default -> null;
    };
  }
}
