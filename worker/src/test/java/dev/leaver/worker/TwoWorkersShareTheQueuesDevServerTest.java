package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.Fault;
import dev.leaver.sandbox.SandboxAdmin;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.SyntheticTenant;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.Stage;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out, as Temporal promises it: two worker processes poll the same queues; a burst of leavers
 * is shared between them; one is killed with SIGKILL while it has connector activities in flight,
 * and the other finishes every run — with no write landing twice as a change in the tenant. The dev
 * server, the sandbox (a synthetic tenant, Graph and Slack) and each worker run in processes of
 * their own; everything is started once for the class.
 *
 * <p>A <b>duplicate write</b> here is a second request that changed the tenant for the same target:
 * the sandbox's request log marks each request {@code changed} when it was a write that succeeded
 * and its emulator did not find the state already so ({@link dev.leaver.sandbox.TenantChanges}). A
 * retry that repeats an idempotent write (a PATCH {@code accountEnabled=false} of an account the
 * killed worker already disabled) is logged, answered alike and not a change; a group member
 * removed twice would be (Graph answers the second 400, so it cannot even land twice).
 */
class TwoWorkersShareTheQueuesDevServerTest {
  private static final int LEAVERS = 36;
  private static final Duration HELD_ANSWER = Duration.ofSeconds(10);
  private static final String DISABLE = "entra.DisableAccount";
  private static final Set<Phase> CLEANED_UP = EnumSet.of(Phase.HANDOVER, Phase.COMPLETED);
  private static final String SLACK_TOKEN_ENV = "LEAVER_SCALE_TEST_SLACK_TOKEN";

  @TempDir static Path dir;
  private static TemporalDevServer server;
  private static WorkflowServiceStubs stubs;
  private static WorkflowClient client;
  private static SandboxProcess sandbox;
  private static WorkerProcess doomed;
  private static WorkerProcess survivor;

  @BeforeAll
  static void startEverything() throws Exception {
    server = TemporalDevServer.start(LocalDevServer.cliOrSkip(), dir);
    stubs = LocalDevServer.stubs(server);
    client = TemporalConnection.client(stubs, "default");
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {doomed, survivor, sandbox}) {
      if (c != null) {
        c.close();
      }
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void killingOneOfTwoWorkersMidBurstLosesNoRunAndLandsNoWriteTwice() throws Exception {
    long t0 = System.nanoTime();
    String tag =
        "S"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff))
                .toUpperCase(Locale.ROOT);
    SyntheticTenant tenant = SyntheticTenant.of(tag, LEAVERS);
    Path tenantFile = dir.resolve("tenant.json");
    Files.writeString(tenantFile, tenant.json().toString());
    sandbox = SandboxProcess.start(dir, tenantFile);
    SandboxAdmin admin = sandbox.admin();
    Path config = workerConfig(sandbox.baseUrl());
    String address = "127.0.0.1:" + server.port();
    Map<String, String> env =
        Map.of(SLACK_TOKEN_ENV, dev.leaver.activities.slack.SlackConfig.SANDBOX_TOKEN);
    // Started side by side: on two cores the JVMs' start-up is most of this test's set-up.
    CompletableFuture<WorkerProcess> a =
        CompletableFuture.supplyAsync(() -> start("worker-a", address, config, env));
    CompletableFuture<WorkerProcess> b =
        CompletableFuture.supplyAsync(() -> start("worker-b", address, config, env));
    doomed = a.join();
    survivor = b.join();
    String doomedId = doomed.pid() + "@";
    String survivorId = survivor.pid() + "@";
    System.out.printf("scale-out: sandbox and two workers up after %.1f s%n", seconds(t0));

    // Each disable lands at once and its answer is held a while: a kill in that window leaves a
    // write that landed, unanswered, for the other worker to repeat once A's heartbeat times out.
    admin.add(Fault.delayAfter("PATCH", "/graph/v1.0/users/", HELD_ANSWER).times(LEAVERS));
    Instant hrEventAt = Instant.now();
    OffboardingStarter starter = new OffboardingStarter(client);
    List<String> ids = new ArrayList<>();
    for (SyntheticTenant.Person p : tenant.leavers()) {
      starter.start(
          new OffboardingRequest(
              p.employeeId(),
              p.email(),
              p.managerEmail(),
              hrEventAt,
              "Europe/London",
              "scale-" + p.employeeId(),
              hrEventAt,
              "scale-test",
              false,
              false));
      ids.add(p.employeeId());
    }
    long burst = System.nanoTime();

    // Kill worker A once it has finished some work and waits for the answer to a disable it sent.
    java.util.concurrent.atomic.AtomicBoolean didSomeWork =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<InFlight> inFlight =
        Eventually.within(
            Duration.ofSeconds(90),
            () -> {
              if (!didSomeWork.get() && !completedBy(ids, doomedId)) {
                return null;
              }
              didSomeWork.set(true);
              List<InFlight> running = startedBy(ids, doomedId);
              return running.stream().anyMatch(i -> i.type().equals(DISABLE)) ? running : null;
            });
    int exit = doomed.kill();
    assertThat(exit).as("killed by SIGKILL, not stopped").isEqualTo(LeaverProcess.SIGKILLED);
    System.out.printf(
        "scale-out: worker A (pid %s) killed %.1f s into the burst with %d activities in flight: %s%n",
        doomedId,
        seconds(burst),
        inFlight.size(),
        inFlight.stream().map(InFlight::type).sorted().toList());

    // Every run goes on to the handover on worker B alone (phases from search attributes: no
    // worker needed to read them).
    Map<String, Phase> phases =
        Eventually.within(
            Duration.ofMinutes(4),
            () -> {
              Map<String, Phase> now = new TreeMap<>();
              for (String id : ids) {
                String phase =
                    client
                        .newUntypedWorkflowStub(WorkflowIds.forEmployee(id))
                        .describe()
                        .getTypedSearchAttributes()
                        .get(SearchAttributes.PHASE);
                now.put(id, phase == null ? null : Phase.valueOf(phase));
              }
              return now.values().stream().allMatch(CLEANED_UP::contains) ? now : null;
            });
    System.out.printf(
        "scale-out: all %d runs cleaned up and in the handover %.1f s after the burst began%n",
        phases.size(), seconds(burst));

    for (String id : ids) {
      OffboardingStatus s =
          client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee(id)).status();
      assertThat(s.killSwitchCompletedAt()).as(id + ": kill switch completed").isNotNull();
      assertThat(s.needsAttention()).as(id + ": nothing waits for an operator").isFalse();
      for (StepStatus step : s.steps()) {
        if (step.stage() == Stage.KILL_SWITCH || step.stage() == Stage.CLEANUP) {
          assertThat(step.state())
              .as(id + " " + step.stepId())
              .isIn(StepState.DONE, StepState.NO_CHANGE);
        }
      }
    }

    // Both workers did connector work, and what A had in flight was finished by B.
    Map<String, Long> startedByWorker = new TreeMap<>();
    Map<String, String> completer =
        new HashMap<>(); // "<workflow id>#<scheduled event id>" -> identity
    Map<String, Integer> attempts = new HashMap<>(); // the same key -> the attempt that completed
    for (String id : ids) {
      String wfId = WorkflowIds.forEmployee(id);
      for (HistoryEvent e : client.fetchHistory(wfId).getHistory().getEventsList()) {
        if (e.hasActivityTaskStartedEventAttributes()) {
          var st = e.getActivityTaskStartedEventAttributes();
          startedByWorker.merge(st.getIdentity(), 1L, Long::sum);
          attempts.put(wfId + "#" + st.getScheduledEventId(), st.getAttempt());
        }
        if (e.hasActivityTaskCompletedEventAttributes()) {
          var c = e.getActivityTaskCompletedEventAttributes();
          completer.put(wfId + "#" + c.getScheduledEventId(), c.getIdentity());
        }
      }
    }
    System.out.println(
        "scale-out: activities per worker that started their last attempt " + startedByWorker);
    assertThat(startedByWorker.keySet())
        .as("activity identities")
        .hasSize(2)
        .anySatisfy(i -> assertThat(i).startsWith(doomedId))
        .anySatisfy(i -> assertThat(i).startsWith(survivorId));
    assertThat(startedByWorker.entrySet())
        .as("each worker started a share of the work")
        .allSatisfy(e -> assertThat(e.getValue()).isGreaterThanOrEqualTo(5));
    // What A was running when it died was taken over: retried and completed by B. (Some of what
    // the describe calls saw running may have completed on A before the kill landed.)
    Map<String, String> inFlightKeys = scheduledIdsOf(inFlight);
    assertThat(inFlightKeys)
        .as("the killed worker's in-flight activities, found in the histories")
        .hasSize(inFlight.size());
    assertThat(inFlightKeys.keySet())
        .as("every one of them completed")
        .allSatisfy(k -> assertThat(completer.get(k)).as(k).isNotNull());
    List<String> takenOver =
        inFlightKeys.keySet().stream()
            .filter(k -> completer.get(k).startsWith(survivorId))
            .sorted()
            .toList();
    System.out.println(
        "scale-out: taken over by worker B after the kill: "
            + takenOver.stream()
                .map(k -> inFlightKeys.get(k) + " (attempt " + attempts.get(k) + ")")
                .toList());
    assertThat(takenOver)
        .as("activities in flight on A at the kill, completed by B")
        .anySatisfy(k -> assertThat(inFlightKeys.get(k)).isEqualTo(DISABLE))
        .allSatisfy(k -> assertThat(attempts.get(k)).as(k + " retried").isGreaterThanOrEqualTo(2));

    // No write landed twice as a change.
    List<SandboxServer.Logged> log = admin.requests();
    Map<String, Long> changesPerTarget =
        log.stream()
            .filter(SandboxServer.Logged::changed)
            .collect(
                Collectors.groupingBy(
                    q -> q.method() + " " + q.path(), TreeMap::new, Collectors.counting()));
    long repeats =
        log.stream()
            .filter(
                q ->
                    q.landed()
                        && !q.changed()
                        && q.method().equals("PATCH")
                        && q.path().startsWith("/graph/v1.0/users/"))
            .count();
    System.out.printf(
        "scale-out: %d requests, %d changes to %d targets, %d user PATCHes that found it already so%n",
        log.size(),
        changesPerTarget.values().stream().mapToLong(Long::longValue).sum(),
        changesPerTarget.size(),
        repeats);
    changesPerTarget.forEach(
        (k, v) -> {
          if (v > 1) {
            System.out.println("  changed " + v + "x: " + k);
          }
        });
    Map<String, Long> byKind =
        changesPerTarget.entrySet().stream()
            .collect(
                Collectors.groupingBy(
                    e -> kind(e.getKey()),
                    TreeMap::new,
                    Collectors.summingLong(Map.Entry::getValue)));
    System.out.println("scale-out: changes by kind " + byKind);
    // A user is PATCHed for two changes (sign-in off, then the leave date); every other target
    // once.
    assertThat(changesPerTarget)
        .as("each target changed once at most")
        .allSatisfy(
            (target, n) ->
                assertThat(n)
                    .as(target)
                    .isLessThanOrEqualTo(target.startsWith("PATCH /graph/v1.0/users/") ? 2 : 1));
    // And exactly what 36 leavers' runs change: four groups, one direct licence, one OneDrive
    // grant,
    // sign-in and sessions in Graph; one deactivation in Slack (which signs the member out, so the
    // session reset after it changes nothing).
    assertThat(byKind)
        .as("changes by kind")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "DELETE /graph/v1.0/groups/{id}/members/{id}/$ref", 4L * LEAVERS,
                "PATCH /graph/v1.0/users/{id}", 2L * LEAVERS,
                "POST /graph/v1.0/users/{id}/assignLicense", (long) LEAVERS,
                "POST /graph/v1.0/users/{id}/revokeSignInSessions", (long) LEAVERS,
                "POST /graph/v1.0/drives/{id}/items/{id}/invite", (long) LEAVERS,
                "PATCH /slack/scim/v2/Users/{id}", (long) LEAVERS));
    assertThat(repeats)
        .as("the disable A sent, repeated by B, found the account already disabled")
        .isGreaterThanOrEqualTo(1);
    System.out.printf("scale-out: test body %.1f s%n", seconds(t0));
  }

  private static WorkerProcess start(
      String name, String address, Path config, Map<String, String> env) {
    try {
      return WorkerProcess.start(name, dir, address, config, env);
    } catch (Exception e) {
      throw new IllegalStateException(name + " did not start", e);
    }
  }

  /**
   * A deployment's worker YAML: Graph and Slack at the sandbox, rates high enough not to matter
   * here.
   */
  private static Path workerConfig(String base) throws Exception {
    String yaml =
        """
        evidence: %s
        systems:
          entra:
            graphBaseUrl: %s/graph/v1.0
            tenantId: sandbox
            clientId: sandbox
          slack:
            apiBaseUrl: %s/slack/api/
            scimBaseUrl: %s/slack/scim/v2/
            adminToken: env:%s
        rateLimits:
          entra: {killSwitchPerSecond: 200, cleanupPerSecond: 200}
          slack: {killSwitchPerSecond: 200, cleanupPerSecond: 200}
        """
            .formatted(dir.resolve("evidence"), base, base, base, SLACK_TOKEN_ENV);
    Path file = dir.resolve("worker.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /** Whether any run's history has an activity completed by the worker whose identity starts so. */
  private static boolean completedBy(List<String> ids, String identityPrefix) {
    for (String id : ids) {
      for (HistoryEvent e :
          client.fetchHistory(WorkflowIds.forEmployee(id)).getHistory().getEventsList()) {
        if (e.hasActivityTaskCompletedEventAttributes()
            && e.getActivityTaskCompletedEventAttributes()
                .getIdentity()
                .startsWith(identityPrefix)) {
          return true;
        }
      }
    }
    return false;
  }

  /** An activity attempt a worker was running: its run, activity id and type. */
  private record InFlight(String workflowId, String activityId, String type) {}

  /** Activities that worker is running now, across the runs. */
  private static List<InFlight> startedBy(List<String> ids, String identityPrefix) {
    List<InFlight> found = new ArrayList<>();
    for (String id : ids) {
      var d =
          stubs
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId(WorkflowIds.forEmployee(id)))
                      .build());
      for (PendingActivityInfo p : d.getPendingActivitiesList()) {
        if (p.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
            && p.getLastWorkerIdentity().startsWith(identityPrefix)) {
          found.add(
              new InFlight(
                  WorkflowIds.forEmployee(id), p.getActivityId(), p.getActivityType().getName()));
        }
      }
    }
    return found;
  }

  /**
   * "<workflow id>#<scheduled event id>" of each in-flight activity, found in its run's history.
   */
  private static Map<String, String> scheduledIdsOf(List<InFlight> inFlight) {
    Map<String, String> keys = new HashMap<>();
    for (InFlight f : inFlight) {
      for (HistoryEvent e : client.fetchHistory(f.workflowId()).getHistory().getEventsList()) {
        if (e.hasActivityTaskScheduledEventAttributes()
            && e.getActivityTaskScheduledEventAttributes().getActivityId().equals(f.activityId())) {
          keys.put(f.workflowId() + "#" + e.getEventId(), f.type());
        }
      }
    }
    return keys;
  }

  /** A target's kind: the method and the path with its ids taken out. */
  private static String kind(String target) {
    return target
        .replaceAll("/(u|g|b!u)-[a-z0-9-]+", "/{id}")
        .replaceAll("/U0[A-Z0-9]+", "/{id}")
        .replaceAll("/perm-[0-9]+", "/{perm}");
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
