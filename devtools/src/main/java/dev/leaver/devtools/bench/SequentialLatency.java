package dev.leaver.devtools.bench;

import dev.leaver.sandbox.SyntheticTenant;
import dev.leaver.starter.webhook.StandardWebhookSignature;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.ActivityTypes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Kill-switch latency, one leaver at a time: each termination is sent to the warm worker only once
 * the previous one's kill switch has completed (no queueing, no rate limit in the way), and each
 * run's time is split into where it went — the webhook's answer, the start, resolution, the first
 * write, the kill switch done — from the sender's clock and the run's history (same machine, same
 * clock).
 */
final class SequentialLatency {
  private static final Set<Phase> KILLED =
      EnumSet.of(
          Phase.CLEANUP, Phase.VERIFYING, Phase.HANDOVER, Phase.COMPLETED, Phase.NEEDS_ATTENTION);

  /**
   * How often the sender looks whether the kill switch is done (a describe: no worker involved).
   */
  private static final Duration LOOK_EVERY = Duration.ofMillis(20);

  /** One leaver's timeline; null where the run never got there. */
  record Timeline(
      String employeeId,
      int status,
      Instant sent,
      Instant answered,
      Instant started,
      Instant planned,
      Instant resolved,
      Instant firstWrite,
      Instant done,
      Instant seenDone,
      int activities,
      int workflowTasks) {}

  private final WorkflowClient client;
  private final URI endpoint;
  private final String secret;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  SequentialLatency(WorkflowClient client, URI endpoint, String secret) {
    this.client = client;
    this.endpoint = endpoint;
    this.secret = secret;
  }

  /** Sends one after another, each after the last one's kill switch completed (or timed out). */
  List<Timeline> run(
      List<SyntheticTenant.Person> people, Duration perLeaverTimeout, java.io.PrintStream progress)
      throws Exception {
    List<Instant[]> sentAnswered = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    List<Instant> seen = new ArrayList<>();
    for (int i = 0; i < people.size(); i++) {
      SyntheticTenant.Person p = people.get(i);
      Instant sent = Instant.now();
      int status = send(p, sent);
      Instant answered = Instant.now();
      sentAnswered.add(new Instant[] {sent, answered});
      statuses.add(status);
      seen.add(status / 100 == 2 ? awaitKillSwitch(p.employeeId(), perLeaverTimeout) : null);
      if ((i + 1) % 50 == 0) {
        progress.printf("  %d/%d sent%n", i + 1, people.size());
      }
    }
    List<Timeline> timelines = new ArrayList<>();
    for (int i = 0; i < people.size(); i++) {
      timelines.add(
          timeline(
              people.get(i).employeeId(),
              statuses.get(i),
              sentAnswered.get(i)[0],
              sentAnswered.get(i)[1],
              seen.get(i)));
    }
    return timelines;
  }

  private int send(SyntheticTenant.Person p, Instant now) throws IOException, InterruptedException {
    String id = "msg_seq_" + p.employeeId() + "_" + now.toEpochMilli();
    byte[] body = MassTerminationBenchmark.Webhooks.body(p, now);
    String timestamp = Long.toString(now.getEpochSecond());
    HttpRequest req =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/json")
            .header("webhook-id", id)
            .header("webhook-timestamp", timestamp)
            .header("webhook-signature", StandardWebhookSignature.v1(secret, id, timestamp, body))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private Instant awaitKillSwitch(String employeeId, Duration timeout) throws InterruptedException {
    var stub = client.newUntypedWorkflowStub(WorkflowIds.forEmployee(employeeId));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        var d = stub.describe();
        String phase = d.getTypedSearchAttributes().get(SearchAttributes.PHASE);
        if ((phase != null && KILLED.contains(Phase.valueOf(phase)))
            || d.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          return Instant.now();
        }
      } catch (RuntimeException e) {
        // not there yet
      }
      Thread.sleep(LOOK_EVERY.toMillis());
    }
    return null;
  }

  private Timeline timeline(
      String employeeId, int status, Instant sent, Instant answered, Instant seen) {
    String wfId = WorkflowIds.forEmployee(employeeId);
    Instant started = null;
    Instant planned = null;
    Instant resolved = null;
    Instant firstWrite = null;
    Instant done = null;
    int activities = 0;
    int tasks = 0;
    try {
      OffboardingStatus s = client.newWorkflowStub(OffboardingWorkflow.class, wfId).status();
      done = s.killSwitchCompletedAt();
      Map<Long, String> typeOf = new HashMap<>();
      for (HistoryEvent e : client.fetchHistory(wfId).getEvents()) {
        var time = e.getEventTime();
        Instant at = Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
        if (done != null && at.isAfter(done)) {
          break;
        }
        if (e.hasWorkflowExecutionStartedEventAttributes()) {
          started = at;
        } else if (e.hasWorkflowTaskStartedEventAttributes()) {
          tasks++;
        } else if (e.hasActivityTaskScheduledEventAttributes()) {
          typeOf.put(
              e.getEventId(),
              e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
          activities++;
        } else if (planned == null
            && e.hasMarkerRecordedEventAttributes()
            && e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity")) {
          planned = at; // the plan as a local activity: recorded with the task that ran it
        } else if (e.hasActivityTaskStartedEventAttributes()) {
          String type =
              typeOf.getOrDefault(
                  e.getActivityTaskStartedEventAttributes().getScheduledEventId(), "");
          if (isWrite(type) && firstWrite == null) {
            firstWrite = at;
          }
        } else if (e.hasActivityTaskCompletedEventAttributes()) {
          String type =
              typeOf.getOrDefault(
                  e.getActivityTaskCompletedEventAttributes().getScheduledEventId(), "");
          if (type.endsWith("." + ActivityTypes.RESOLVE)
              || type.endsWith("." + ActivityTypes.RESOLVE_AND_SNAPSHOT)) {
            resolved = later(resolved, at);
          } else if (planned == null && !type.contains(".")) {
            planned = at; // the plan: a control-queue activity, not a connector's "system.Action"
          }
        }
      }
    } catch (RuntimeException e) {
      // no run: the timeline stays empty
    }
    return new Timeline(
        employeeId,
        status,
        sent,
        answered,
        started,
        planned,
        resolved,
        firstWrite,
        done,
        seen,
        activities,
        tasks);
  }

  /**
   * A connector's kill-switch write: "system.Action", not a read (Resolve, ResolveAndSnapshot,
   * Snapshot) nor an undo.
   */
  private static boolean isWrite(String type) {
    return type.contains(".")
        && !type.endsWith("." + ActivityTypes.RESOLVE)
        && !type.endsWith("." + ActivityTypes.RESOLVE_AND_SNAPSHOT)
        && !type.endsWith(ActivityTypes.SNAPSHOT)
        && !type.endsWith(ActivityTypes.PREVIEW)
        && !type.endsWith(ActivityTypes.VERIFY)
        && !type.endsWith(ActivityTypes.UNDO);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  /** Where the time went, as percentiles over the leavers. */
  static String report(List<Timeline> timelines, double p50Goal, double p99Goal) {
    StringBuilder r = new StringBuilder();
    Map<String, List<Double>> segments = new LinkedHashMap<>();
    List<Double> total = new ArrayList<>();
    int done = 0;
    int answered2xx = 0;
    List<Double> activities = new ArrayList<>();
    List<Double> tasks = new ArrayList<>();
    for (Timeline t : timelines) {
      if (t.status() / 100 == 2) {
        answered2xx++;
      }
      add(segments, "webhook answered      (sent → 2xx)", t.sent(), t.answered());
      add(segments, "workflow started      (sent → started event)", t.sent(), t.started());
      add(segments, "planned               (started → plan done)", t.started(), t.planned());
      add(
          segments,
          "resolved              (plan done → last Resolve done)",
          t.planned(),
          t.resolved());
      add(
          segments,
          "first write           (resolved → first kill-switch write starts)",
          t.resolved(),
          t.firstWrite());
      add(
          segments,
          "done                  (first write → kill switch complete)",
          t.firstWrite(),
          t.done());
      if (t.done() != null) {
        done++;
        total.add(seconds(t.sent(), t.done()));
        activities.add((double) t.activities());
        tasks.add((double) t.workflowTasks());
      }
    }
    r.append(
        "\n== Kill-switch latency, one leaver at a time (next sent once the last one's kill switch is done) ==\n");
    r.append(
        String.format(
            Locale.ROOT,
            "  answered 2xx: %d/%d · kill switch complete: %d/%d%n",
            answered2xx,
            timelines.size(),
            done,
            timelines.size()));
    r.append("  where the time goes (p50 · p95 · p99 · max):\n");
    segments.forEach(
        (name, xs) -> r.append("    ").append(name).append(": ").append(pct(xs)).append('\n'));
    r.append("  HR webhook sent → kill switch complete: ").append(pct(total)).append('\n');
    if (!activities.isEmpty()) {
      r.append(
          String.format(
              Locale.ROOT,
              "  per run until then: %.0f activities, %.0f workflow tasks (p50)%n",
              Percentiles.rank(activities, 0.5),
              Percentiles.rank(tasks, 0.5)));
    }
    if (!total.isEmpty()) {
      double p50 = Percentiles.rank(total, 0.5);
      double p99 = Percentiles.rank(total, 0.99);
      r.append(
          String.format(
              Locale.ROOT,
              "  goal p50 < %s s: %s (%.3f s) · goal p99 < %s s: %s (%.3f s)%n",
              Stats.s(p50Goal),
              p50 < p50Goal ? "MET" : "NOT MET",
              p50,
              Stats.s(p99Goal),
              p99 < p99Goal && done == timelines.size() ? "MET" : "NOT MET",
              p99));
    }
    return r.toString();
  }

  private static void add(
      Map<String, List<Double>> segments, String name, Instant from, Instant to) {
    List<Double> xs = segments.computeIfAbsent(name, k -> new ArrayList<>());
    if (from != null && to != null) {
      xs.add(seconds(from, to));
    }
  }

  private static String pct(List<Double> xs) {
    if (xs.isEmpty()) {
      return "no samples";
    }
    return String.format(
        Locale.ROOT,
        "%.0f · %.0f · %.0f · %.0f ms (n=%d)",
        1000 * Percentiles.rank(xs, 0.5),
        1000 * Percentiles.rank(xs, 0.95),
        1000 * Percentiles.rank(xs, 0.99),
        1000 * Percentiles.rank(xs, 1.0),
        xs.size());
  }

  private static double seconds(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e9;
  }

  /** Nearest-rank percentiles, as {@link Stats}, with p99. */
  static final class Percentiles {
    private Percentiles() {}

    static double rank(List<Double> xs, double q) {
      List<Double> sorted = new ArrayList<>(xs);
      sorted.sort(Double::compare);
      int i = (int) Math.ceil(q * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
  }
}
