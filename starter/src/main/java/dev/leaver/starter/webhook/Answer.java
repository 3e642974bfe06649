package dev.leaver.starter.webhook;

import dev.leaver.starter.hris.TerminationSink.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP answer to one request, and the facts for its log line.
 *
 * @param status the HTTP status
 * @param body the JSON body
 * @param headers extra response headers ({@code Retry-After} on a 503, {@code Allow} on a 405)
 * @param eventId the event id, or null when the request was refused before it was read
 * @param outcome one word for the log: started, duplicate, ignored, refused, unavailable...
 * @param employeeIds the employees the delivery was about (ids only: safe to log)
 */
record Answer(
    int status,
    Map<String, Object> body,
    Map<String, String> headers,
    String eventId,
    String outcome,
    List<String> employeeIds) {

  /** Retry-After on 503s: long enough for Temporal or the HRIS API to come back. */
  static final int RETRY_AFTER_SECONDS = 30;

  Answer {
    body = Map.copyOf(body);
    headers = Map.copyOf(headers);
    employeeIds = List.copyOf(employeeIds);
  }

  static Answer error(int status, String reason, String eventId, String outcome) {
    return new Answer(status, Map.of("error", reason), Map.of(), eventId, outcome, List.of());
  }

  static Answer refused(Refusal r, String eventId, List<String> employeeIds) {
    return new Answer(
        r.status(), Map.of("error", r.reason()), Map.of(), eventId, "refused", employeeIds);
  }

  static Answer unavailable(String reason, String eventId, List<String> employeeIds) {
    return new Answer(
        503,
        Map.of("error", reason),
        Map.of("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)),
        eventId,
        "unavailable",
        employeeIds);
  }

  static Answer notAllowed(String allowed) {
    return new Answer(
        405,
        Map.of("error", "method not allowed, use " + allowed),
        Map.of("Allow", allowed),
        null,
        "refused",
        List.of());
  }

  static Answer ignored(String eventId, String reason) {
    return new Answer(
        200,
        Map.of("outcome", "ignored", "reason", reason),
        Map.of(),
        eventId,
        "ignored",
        List.of());
  }

  /** A redelivery of an event the sink already accepted. */
  static Answer duplicate(String eventId) {
    return new Answer(
        200, Map.of("outcome", "duplicate"), Map.of(), eventId, "duplicate", List.of());
  }

  /**
   * The answer once every employee of a delivery was decided and handed to the sink: the single
   * result as {@code {"outcome","workflowId"}}, several as {@code {"outcome":"batch","results"}}.
   * 202 when any of them changed a workflow, else 200.
   */
  static Answer accepted(String eventId, List<Result> results) {
    boolean changed = results.stream().anyMatch(Result::changed);
    int status = changed ? 202 : 200;
    List<String> ids = results.stream().map(Result::employeeId).toList();
    if (results.size() == 1) {
      Result r = results.get(0);
      return new Answer(status, r.json(false), Map.of(), eventId, r.outcome(), ids);
    }
    List<Map<String, Object>> each = new ArrayList<>();
    results.forEach(r -> each.add(r.json(true)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("outcome", "batch");
    body.put("results", each);
    return new Answer(status, body, Map.of(), eventId, "batch", ids);
  }

  /**
   * What happened to one employee.
   *
   * @param employeeId the HRIS id
   * @param outcome started, held, rescheduled, rescinded, duplicate or ignored
   * @param workflowId the workflow, when the sink named one
   * @param reason why nothing was done, for ignored
   */
  record Result(String employeeId, String outcome, String workflowId, String reason) {

    static Result of(String employeeId, Outcome o) {
      return new Result(
          employeeId,
          o.label(),
          o.workflowId(),
          o instanceof Outcome.Ignored ignored ? ignored.reason() : null);
    }

    static Result skipped(String employeeId, String reason) {
      return new Result(employeeId, "ignored", null, reason);
    }

    /** Whether a workflow was started or changed: those answer 202. */
    boolean changed() {
      return !outcome.equals("duplicate") && !outcome.equals("ignored");
    }

    Map<String, Object> json(boolean withEmployee) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (withEmployee) {
        m.put("employeeId", employeeId);
      }
      m.put("outcome", outcome);
      if (workflowId != null) {
        m.put("workflowId", workflowId);
      }
      if (reason != null) {
        m.put("reason", reason);
      }
      return m;
    }
  }
}
