package dev.leaver.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import dev.leaver.starter.hris.TerminationSink.Outcome;
import dev.leaver.starter.hris.TerminationSink.Unavailable;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.Release;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.workflow.FakeTenant;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The intake against the real offboarding workflow (connectors faked) on Temporal's test server:
 * what each HR event does to the leaver's one run.
 */
class TerminationIntakeTest {
  private static final String ZONE = "America/Denver";

  private final FakeTenant tenant = new FakeTenant();
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private TerminationIntake intake;

  @BeforeEach
  void setUp() {
    env = OffboardingTestServer.create(tenant);
    env.start();
    client = env.getWorkflowClient();
    intake = intake(MassTerminationBrake.off());
  }

  @AfterEach
  void tearDown() {
    intake.close();
    env.close();
  }

  @Test
  void aTerminationStartsOneRunThatEndsAccessAtTheEndOfTheLastDayInTheHrisZone() throws Exception {
    LocalDate lastDay = today().plusDays(10);

    Outcome outcome = intake.accept(termination("E1001", "evt-1", lastDay));

    assertThat(outcome).isEqualTo(new Outcome.Started("offboarding-E1001"));
    OffboardingStatus s = awaitStatus("E1001", st -> st.phase() == Phase.WAITING);
    assertThat(s.effectiveAt())
        .isEqualTo(lastDay.plusDays(1).atStartOfDay(java.time.ZoneId.of(ZONE)).toInstant());
    assertThat(tenant.callsEndingWith("DisableAccount"))
        .as("nothing written before the date")
        .isEmpty();
  }

  @Test
  void aRedeliveredTerminationStartsNothingNew() throws Exception {
    LocalDate lastDay = today().plusDays(10);
    intake.accept(termination("E1001", "evt-1", lastDay));
    String firstRun = runId("E1001");

    Outcome again = intake.accept(termination("E1001", "evt-1", lastDay));
    Outcome sameTerminationOtherDelivery = intake.accept(termination("E1001", "evt-2", lastDay));

    assertThat(again).isEqualTo(new Outcome.Duplicate("offboarding-E1001"));
    assertThat(sameTerminationOtherDelivery).isEqualTo(new Outcome.Duplicate("offboarding-E1001"));
    assertThat(runId("E1001")).isEqualTo(firstRun);
  }

  @Test
  void aChangedDateReschedulesTheWaitingRun() throws Exception {
    intake.accept(termination("E1001", "evt-1", today().plusDays(10)));
    awaitStatus("E1001", st -> st.phase() == Phase.WAITING);
    LocalDate moved = today().plusDays(3);

    Outcome outcome = intake.accept(termination("E1001", "evt-2", moved));

    assertThat(outcome).isEqualTo(new Outcome.Rescheduled("offboarding-E1001"));
    Instant expected = moved.plusDays(1).atStartOfDay(java.time.ZoneId.of(ZONE)).toInstant();
    assertThat(workflow("E1001").status().effectiveAt()).isEqualTo(expected);
  }

  @Test
  void theOriginalEventRedeliveredAfterADateChangeDoesNotUndoTheChange() throws Exception {
    TerminationEvent original = termination("E1001", "evt-1", today().plusDays(10));
    intake.accept(original);
    awaitStatus("E1001", st -> st.phase() == Phase.WAITING);
    LocalDate moved = today().plusDays(3);
    intake.accept(termination("E1001", "evt-2", moved));

    Outcome redelivered = intake.accept(original);

    assertThat(redelivered).isEqualTo(new Outcome.Duplicate("offboarding-E1001"));
    assertThat(workflow("E1001").status().effectiveAt())
        .isEqualTo(moved.plusDays(1).atStartOfDay(java.time.ZoneId.of(ZONE)).toInstant());
  }

  @Test
  void aCancellationThatReachesTheRunWithItsFirstWorkflowTaskEndsItBeforeAnythingIsWritten()
      throws Exception {
    // A second Temporal whose workers start late: the run exists, no worker has run it yet.
    FakeTenant lateTenant = new FakeTenant();
    TestWorkflowEnvironment late = OffboardingTestServer.create(lateTenant);
    try (TerminationIntake lateIntake =
        new TerminationIntake(
            late.getWorkflowClient(),
            MassTerminationBrake.off(),
            Clock.systemUTC(),
            Duration.ofSeconds(20))) {
      lateIntake.accept(termination("E1001", "evt-1", today().minusDays(1)));
      var cancelled =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return lateIntake.accept(event(Kind.CANCELLATION, "E1001", "evt-2"));
                } catch (Unavailable e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(1_000);
      late.start();

      assertThat(cancelled.get(20, TimeUnit.SECONDS))
          .isEqualTo(new Outcome.Rescinded("offboarding-E1001"));
      OffboardingStatus result =
          late.getWorkflowClient()
              .newUntypedWorkflowStub("offboarding-E1001")
              .getResult(OffboardingStatus.class);
      assertThat(result.phase()).isEqualTo(Phase.RESCINDED);
      assertThat(lateTenant.calls)
          .as("the kill switch never ran")
          .noneMatch(c -> c.endsWith("DisableAccount") || c.endsWith("DeactivateUser"));
    } finally {
      late.close();
    }
  }

  @Test
  void aCancellationBeforeTheKillSwitchEndsTheRunHavingWrittenNothing() throws Exception {
    intake.accept(termination("E1001", "evt-1", today().plusDays(10)));
    awaitStatus("E1001", st -> st.phase() == Phase.WAITING);

    Outcome outcome = intake.accept(event(Kind.CANCELLATION, "E1001", "evt-2"));

    assertThat(outcome).isEqualTo(new Outcome.Rescinded("offboarding-E1001"));
    OffboardingStatus result = result("E1001");
    assertThat(result.phase()).isEqualTo(Phase.RESCINDED);
    assertThat(result.rescindReason()).contains("termination cancelled in bamboohr");
    assertThat(tenant.calls)
        .noneMatch(c -> c.endsWith("DisableAccount") || c.endsWith("DeactivateUser"));
  }

  @Test
  void aRehireAfterTheKillSwitchRestoresTheAccounts() throws Exception {
    intake.accept(termination("E1001", "evt-1", today().minusDays(1)));
    awaitStatus("E1001", st -> st.phase() == Phase.HANDOVER);
    assertThat(tenant.granted.get("entra.DisableAccount")).as("kill switch ran").isFalse();

    Outcome outcome = intake.accept(event(Kind.REHIRE, "E1001", "evt-2"));

    assertThat(outcome).isEqualTo(new Outcome.Rescinded("offboarding-E1001"));
    OffboardingStatus result = result("E1001");
    assertThat(result.phase()).isEqualTo(Phase.RESCINDED);
    assertThat(tenant.granted.get("entra.DisableAccount")).as("account enabled again").isTrue();
    assertThat(tenant.granted.get("slack.DeactivateUser")).as("slack user active again").isTrue();
  }

  @Test
  void aNewTerminationAfterARescindedRunStartsAFreshRunButTheOldOneRedeliveredDoesNot()
      throws Exception {
    TerminationEvent first = termination("E1001", "evt-1", today().plusDays(10));
    intake.accept(first);
    awaitStatus("E1001", st -> st.phase() == Phase.WAITING);
    intake.accept(event(Kind.CANCELLATION, "E1001", "evt-2"));
    result("E1001");
    String rescindedRun = runId("E1001");

    assertThat(intake.accept(first)).isEqualTo(new Outcome.Duplicate("offboarding-E1001"));
    assertThat(runId("E1001")).isEqualTo(rescindedRun);

    Outcome again = intake.accept(termination("E1001", "evt-3", today().plusDays(12)));

    assertThat(again).isEqualTo(new Outcome.Started("offboarding-E1001"));
    assertThat(runId("E1001")).isNotEqualTo(rescindedRun);
    assertThat(awaitStatus("E1001", st -> st.phase() == Phase.WAITING).phase())
        .isEqualTo(Phase.WAITING);
  }

  @Test
  void aCancellationForSomeoneWithoutARunIsIgnoredWithTheReason() throws Exception {
    Outcome outcome = intake.accept(event(Kind.CANCELLATION, "E2002", "evt-9"));

    assertThat(outcome).isInstanceOf(Outcome.Ignored.class);
    assertThat(((Outcome.Ignored) outcome).reason()).contains("no offboarding for this employee");
    assertNoRun("E2002");
  }

  @Test
  void beyondTheBrakeThresholdRunsStartHeldFlaggedAndWaitForARelease() throws Exception {
    intake.close();
    intake = intake(new MassTerminationBrake(2, Duration.ofHours(1), Clock.systemUTC(), null));
    LocalDate past = today().minusDays(1);

    assertThat(intake.accept(termination("E1", "a", past))).isInstanceOf(Outcome.Started.class);
    assertThat(intake.accept(termination("E2", "b", past))).isInstanceOf(Outcome.Started.class);
    Outcome third = intake.accept(termination("E3", "c", past));

    assertThat(third).isEqualTo(new Outcome.Held("offboarding-E3"));
    awaitStatus("E3", st -> st.phase() == Phase.HELD);
    var attributes = WorkflowStub.fromTyped(workflow("E3")).describe().getTypedSearchAttributes();
    assertThat(attributes.get(SearchAttributes.HELD)).isTrue();
    awaitStatus("E1", st -> st.phase() == Phase.HANDOVER);
    OffboardingStatus held = workflow("E3").status();
    assertThat(held.phase()).isEqualTo(Phase.HELD);
    assertThat(held.step("entra.DisableAccount").state())
        .as("nothing written while held")
        .isEqualTo(dev.leaver.workflows.api.StepState.PLANNED);

    workflow("E3").release(new Release("approved by the CISO: RIF 2026-11", "ops@test"));

    assertThat(awaitStatus("E3", st -> st.phase() == Phase.HANDOVER).killSwitchCompletedAt())
        .isNotNull();
    assertThat(result("E3").phase()).isEqualTo(Phase.COMPLETED);
    // Recorded for the workflows module's replay test (a held, released run).
    java.nio.file.Path recorded =
        java.nio.file.Path.of("target", "histories", "offboarding-held-released.json");
    java.nio.file.Files.createDirectories(recorded.getParent());
    java.nio.file.Files.writeString(recorded, client.fetchHistory("offboarding-E3").toJson(true));
  }

  @Test
  void whenTemporalCannotBeReachedTheIntakeSaysUnavailableAndNothingIsStarted() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    WorkflowServiceStubs down =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + closedPort)
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(2)).build())
                .build());
    try (TerminationIntake unreachable =
        new TerminationIntake(
            WorkflowClient.newInstance(down, WorkflowClientOptions.getDefaultInstance()),
            MassTerminationBrake.off(),
            Clock.systemUTC(),
            Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> unreachable.accept(termination("E1001", "evt-1", today())))
          .isInstanceOf(Unavailable.class)
          .hasMessageContaining("Temporal is unreachable");
    } finally {
      down.shutdownNow();
    }
    assertNoRun("E1001");
  }

  private void assertNoRun(String employeeId) {
    assertThatThrownBy(
            () -> client.newUntypedWorkflowStub(WorkflowIds.forEmployee(employeeId)).describe())
        .isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);
  }

  private TerminationIntake intake(MassTerminationBrake brake) {
    return new TerminationIntake(client, brake, Clock.systemUTC(), Duration.ofSeconds(10));
  }

  private LocalDate today() {
    return LocalDate.ofInstant(
        Instant.ofEpochMilli(env.currentTimeMillis()), java.time.ZoneId.of(ZONE));
  }

  private TerminationEvent termination(String employeeId, String eventId, LocalDate lastDay) {
    return new TerminationEvent(
        Kind.TERMINATION,
        "bamboohr",
        eventId,
        Instant.ofEpochMilli(env.currentTimeMillis()),
        employeeId,
        employeeId.toLowerCase(Locale.ROOT) + "@contoso.example",
        "grace@contoso.example",
        lastDay,
        null,
        ZONE,
        false);
  }

  private TerminationEvent event(Kind kind, String employeeId, String eventId) {
    return new TerminationEvent(
        kind,
        "bamboohr",
        eventId,
        Instant.ofEpochMilli(env.currentTimeMillis()),
        employeeId,
        null,
        null,
        null,
        null,
        ZONE,
        false);
  }

  private OffboardingWorkflow workflow(String employeeId) {
    return client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee(employeeId));
  }

  private String runId(String employeeId) {
    return client
        .newUntypedWorkflowStub(WorkflowIds.forEmployee(employeeId))
        .describe()
        .getExecution()
        .getRunId();
  }

  private OffboardingStatus result(String employeeId) {
    return client
        .newUntypedWorkflowStub(WorkflowIds.forEmployee(employeeId))
        .getResult(OffboardingStatus.class);
  }

  private OffboardingStatus awaitStatus(String employeeId, Predicate<OffboardingStatus> p) {
    long deadline = System.currentTimeMillis() + 20_000;
    OffboardingStatus last = null;
    while (System.currentTimeMillis() < deadline) {
      last = workflow(employeeId).status();
      if (last != null && p.test(last)) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("status never matched; last: " + last);
  }
}
