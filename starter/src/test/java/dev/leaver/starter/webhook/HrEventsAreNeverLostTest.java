package dev.leaver.starter.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.starter.MassTerminationBrake;
import dev.leaver.starter.OffboardingTestServer;
import dev.leaver.starter.TerminationIntake;
import dev.leaver.starter.hris.bamboohr.BambooHrClient;
import dev.leaver.starter.hris.gusto.GustoClient;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.workflow.FakeTenant;
import io.grpc.Status;
import io.temporal.activity.Activity;
import io.temporal.activity.DynamicActivity;
import io.temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.ServerFailureInfo;
import io.temporal.api.workflowservice.v1.UpdateWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HR changes that must never be lost (issue 11), each through the real webhook server, the real
 * HRIS clients against the sandbox's emulators, the intake and the real offboarding workflow on
 * Temporal's test server. The intake's Temporal client goes through {@link TemporalFaults}, so a
 * test can fail its calls the way an outage or a failed workflow task does.
 */
class HrEventsAreNeverLostTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final String BAMBOO_KEY = "bamboo-webhook-key-e2e";
  private static final String GUSTO_TOKEN = "gusto-verification-token-e2e";
  private static final String HIBOB_SECRET = "hibob-secret-e2e";
  private static final String STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ADA_GUSTO = "9f1c3a52-7e4b-4d2a-8c61-00000000e101";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final TemporalFaults faults = new TemporalFaults();

  /** The fake connectors; undoing a change waits while {@link #undoGate} is closed. */
  private volatile CountDownLatch undoGate = new CountDownLatch(0);

  private final FakeTenant fakeTenant = new FakeTenant();
  private final DynamicActivity tenant =
      args -> {
        String type = Activity.getExecutionContext().getInfo().getActivityType();
        if (type.endsWith(".Undo")) {
          try {
            undoGate.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return fakeTenant.execute(args);
      };
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private WorkflowServiceStubs faultyStubs;
  private Sandbox sandbox;
  private TerminationIntake intake;
  private WebhookServer server;

  @BeforeEach
  void setUp() throws Exception {
    // Real time: runs wait for days, and HR times are compared with the server's clock.
    env =
        OffboardingTestServer.create(
            tenant, TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    env.start();
    client = env.getWorkflowClient();
    faultyStubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder(env.getWorkflowServiceStubs().getOptions())
                .setGrpcClientInterceptors(List.of(faults))
                .build());
    WorkflowClient intakeClient = WorkflowClient.newInstance(faultyStubs, client.getOptions());
    sandbox = Sandbox.startDemo(0);
    intake =
        new TerminationIntake(
            intakeClient, MassTerminationBrake.off(), Clock.systemUTC(), Duration.ofSeconds(5));
    HttpClient api = HttpClient.newHttpClient();
    server =
        WebhookServer.builder()
            .host("127.0.0.1")
            .port(0)
            .stopTimeout(Duration.ZERO)
            .sink(intake)
            .bambooHr(
                SourceConfig.of(BAMBOO_KEY, NEW_YORK),
                new BambooHrClient(
                    sandbox.baseUrl() + "/bamboohr",
                    "contoso",
                    "sandbox-bamboohr-api-key",
                    NEW_YORK,
                    api))
            .gusto(
                SourceConfig.of(GUSTO_TOKEN, NEW_YORK),
                new GustoClient(
                    sandbox.baseUrl() + "/gusto", "sandbox-gusto-access-token", NEW_YORK, api))
            .hiBob(SourceConfig.of(HIBOB_SECRET, LONDON))
            .standard(SourceConfig.of(STANDARD_SECRET, LONDON))
            .build();
    server.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
    intake.close();
    sandbox.close();
    faultyStubs.shutdownNow();
    env.close();
  }

  // --- 1. BambooHR: same-second changes are decided from the record, not the body ----------------

  @Test
  void bambooHrByteIdenticalBodyAfterTheTerminationWasWithdrawnRescindsTheRunPerTheRecord()
      throws Exception {
    LocalDate lastDay = today(NEW_YORK).plusDays(10);
    sandbox.bamboohr().terminate("1001", lastDay, false);
    // Event-based bodies hold the type, a timestamp to the second and the field names: a
    // withdrawal within the same second is byte for byte the termination.
    byte[] body = bambooUpdated("1001", "2026-11-20T08:59:30+0000");
    assertAnswer(bamboo(body), 202, "started");
    awaitPhase("1001", Phase.WAITING);
    String run = runId("1001");

    sandbox.bamboohr().cancelTermination("1001");
    assertAnswer(bamboo(body), 202, "rescinded");
    assertThat(awaitClosed("1001").phase()).isEqualTo(Phase.RESCINDED);
    assertThat(runId("1001")).isEqualTo(run);

    // The same body again, the record unchanged: nothing more to do, and no new run.
    assertAnswer(bamboo(body), 200, "duplicate");
    assertThat(runId("1001")).isEqualTo(run);
  }

  @Test
  void bambooHrByteIdenticalBodyAfterAWithdrawnTerminationWasEnteredAgainStartsANewRun()
      throws Exception {
    LocalDate lastDay = today(NEW_YORK).plusDays(10);
    sandbox.bamboohr().terminate("1001", lastDay, false);
    byte[] body = bambooUpdated("1001", "2026-11-20T08:59:30+0000");
    assertAnswer(bamboo(body), 202, "started");
    awaitPhase("1001", Phase.WAITING);
    String first = runId("1001");
    sandbox.bamboohr().cancelTermination("1001");
    assertAnswer(bamboo(body), 202, "rescinded");
    awaitClosed("1001");

    // HR enters the termination again (a mis-click undone): the record says terminated.
    sandbox.bamboohr().terminate("1001", lastDay, false);
    assertAnswer(bamboo(body), 202, "started");
    assertThat(runId("1001")).as("a new run").isNotEqualTo(first);
    assertThat(awaitPhase("1001", Phase.WAITING).effectiveAt()).isEqualTo(endOf(lastDay, NEW_YORK));
  }

  // --- 2. A new termination just after a rescind starts a new run ------------------------------

  @Test
  void
      standardWebhookTerminationRecordedJustAfterTheCancellationStartsANewRunOnceTheRescindedOneClosed()
          throws Exception {
    Instant t0 = Instant.now();
    LocalDate lastDay = today(LONDON).plusDays(5);
    assertAnswer(
        standard("msg_t1", standardTerminated(lastDay, t0.minusSeconds(10))), 202, "started");
    awaitPhase("E1001", Phase.WAITING);
    String first = runId("E1001");
    // HR cancels, then terminates again with another date within the second; each is delivered
    // a moment after HR recorded it, the termination right after the cancellation's answer.
    assertAnswer(standard("msg_c", standardCancelled(t0.minusMillis(1500))), 202, "rescinded");
    LocalDate newDay = lastDay.plusDays(2);
    byte[] again = standardTerminated(newDay, t0.minusMillis(1200));

    HttpResponse<String> r = deliverUntilNot503(() -> standard("msg_t2", again));
    assertAnswer(r, 202, "started");
    assertThat(runId("E1001")).as("a new run").isNotEqualTo(first);
    assertThat(awaitPhase("E1001", Phase.WAITING).effectiveAt()).isEqualTo(endOf(newDay, LONDON));

    // Redeliveries recover nothing twice: the new termination is a duplicate, and the first one,
    // recorded before the cancellation, does not bring back the rescinded run.
    assertAnswer(standard("msg_t2", again), 200, "duplicate");
    assertAnswer(
        standard("msg_t1", standardTerminated(lastDay, t0.minusSeconds(10))), 200, "duplicate");
    assertThat(status("E1001").effectiveAt()).isEqualTo(endOf(newDay, LONDON));
  }

  @Test
  void gustoTerminationInTheSameSecondAsTheCancellationStartsANewRunAndItsRedeliveriesRecover()
      throws Exception {
    long second = Instant.now().getEpochSecond();
    LocalDate lastDay = today(NEW_YORK).plusDays(7);
    sandbox.gusto().terminate(ADA_GUSTO, lastDay);
    UUID terminated = UUID.randomUUID();
    assertAnswer(gusto(gustoEvent("employee.terminated", terminated, second - 3)), 202, "started");
    awaitPhase(ADA_GUSTO, Phase.WAITING);
    String first = runId(ADA_GUSTO);

    sandbox.gusto().cancelTermination(ADA_GUSTO);
    assertAnswer(
        gusto(gustoEvent("employee.termination_cancelled", UUID.randomUUID(), second)),
        202,
        "rescinded");
    // Gusto's timestamps are whole seconds: the new termination shares the cancellation's.
    LocalDate newDay = lastDay.plusDays(3);
    sandbox.gusto().terminate(ADA_GUSTO, newDay);
    byte[] again = gustoEvent("employee.terminated", UUID.randomUUID(), second);

    HttpResponse<String> r = deliverUntilNot503(() -> gusto(again));
    assertAnswer(r, 202, "started");
    assertThat(runId(ADA_GUSTO)).as("a new run").isNotEqualTo(first);
    assertThat(awaitPhase(ADA_GUSTO, Phase.WAITING).effectiveAt())
        .isEqualTo(endOf(newDay, NEW_YORK));
    assertAnswer(gusto(again), 200, "duplicate");
    assertAnswer(
        gusto(gustoEvent("employee.terminated", terminated, second - 3)), 200, "duplicate");
    assertThat(status(ADA_GUSTO).effectiveAt()).isEqualTo(endOf(newDay, NEW_YORK));
  }

  /**
   * A cancellation after the kill switch: the rescind undoes every change, which takes a while. A
   * new termination HR recorded just after the cancellation is answered 503 with Retry-After while
   * the run is being rescinded, and its redelivery once the run has closed starts a new run (the
   * closed run's close time is later than the termination's HR time).
   */
  @Test
  void
      standardWebhookTerminationJustAfterACancellationAnswers503WhileTheRunUndoesThenStartsANewRun()
          throws Exception {
    LocalDate yesterday = today(LONDON).minusDays(1);
    assertAnswer(
        standard("msg_t1", standardTerminated(yesterday, Instant.now().minusSeconds(30))),
        202,
        "started");
    awaitPhase("E1001", Phase.HANDOVER);
    String first = runId("E1001");
    undoGate = new CountDownLatch(1);

    Instant cancelledAt = Instant.now();
    assertAnswer(standard("msg_c", standardCancelled(cancelledAt)), 202, "rescinded");
    LocalDate newDay = today(LONDON).plusDays(3);
    byte[] again = standardTerminated(newDay, cancelledAt.plusMillis(300));
    assertRetryLater(standard("msg_t2", again));
    assertRetryLater(standard("msg_t2", again));

    undoGate.countDown();
    awaitClosed("E1001");
    HttpResponse<String> r = deliverUntilNot503(() -> standard("msg_t2", again));
    assertAnswer(r, 202, "started");
    assertThat(runId("E1001")).as("a new run").isNotEqualTo(first);
    assertThat(awaitPhase("E1001", Phase.WAITING).effectiveAt()).isEqualTo(endOf(newDay, LONDON));
  }

  /** Delivers as the HRIS does: again after each 503 (which must carry Retry-After). */
  private static HttpResponse<String> deliverUntilNot503(Delivering delivery) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    HttpResponse<String> r = delivery.deliver();
    while (r.statusCode() == 503 && System.currentTimeMillis() < deadline) {
      assertRetryLater(r);
      Thread.sleep(200);
      r = delivery.deliver();
    }
    return r;
  }

  @FunctionalInterface
  private interface Delivering {
    HttpResponse<String> deliver() throws Exception;
  }

  // --- 3. Transient Temporal failures answer 503 with Retry-After, and the redelivery succeeds ---

  /**
   * Temporal answers the start with a transient failure for as long as the fault lasts: the
   * delivery is answered 503 with Retry-After, soon enough for the HRIS not to time out, and the
   * redelivery after the fault starts the run.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      names = {"UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "INTERNAL"})
  void aTransientTemporalFailureOnTheStartAnswers503WithRetryAfterAndTheRedeliveryStartsTheRun(
      Status.Code code) throws Exception {
    LocalDate lastDay = today(LONDON).plusDays(5);
    byte[] body = standardTerminated(lastDay, Instant.now());
    faults.fail("StartWorkflowExecution", Status.fromCode(code).withDescription("injected"), 1_000);

    long began = System.nanoTime();
    HttpResponse<String> first = standard("msg_start", body);
    assertRetryLater(first);
    assertThat(Duration.ofNanos(System.nanoTime() - began))
        .as("answered before an HRIS gives up on the request")
        .isLessThan(Duration.ofSeconds(15));
    assertThat(faults.injected()).isPositive();

    faults.fail("StartWorkflowExecution", Status.OK, 0);
    assertAnswer(deliverUntilNot503(() -> standard("msg_start", body)), 202, "started");
    assertThat(awaitPhase("E1001", Phase.WAITING).effectiveAt()).isEqualTo(endOf(lastDay, LONDON));
  }

  /**
   * The rescind's update fails the way a failed workflow task surfaces to it (a cancellation that
   * raced an activity completion: UNHANDLED_COMMAND, and the server aborts the update as not
   * ready), or transiently: 503 with Retry-After, and the redelivery rescinds.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      names = {"FAILED_PRECONDITION", "ABORTED", "INTERNAL", "UNAVAILABLE", "RESOURCE_EXHAUSTED"})
  void aTransientFailureOnTheRescindUpdateAnswers503WithRetryAfterAndTheRedeliveryRescinds(
      Status.Code code) throws Exception {
    LocalDate lastDay = today(LONDON).plusDays(5);
    assertAnswer(
        standard("msg_t", standardTerminated(lastDay, Instant.now().minusSeconds(5))),
        202,
        "started");
    awaitPhase("E1001", Phase.WAITING);
    byte[] cancel = standardCancelled(Instant.now());
    String description =
        code == Status.Code.FAILED_PRECONDITION
            ? "Workflow is not ready to handle update: workflow task failed (UNHANDLED_COMMAND)"
            : "injected";
    faults.fail(
        "UpdateWorkflowExecution", Status.fromCode(code).withDescription(description), 1_000);

    HttpResponse<String> first = standard("msg_c", cancel);
    assertRetryLater(first);
    assertThat(status("E1001").phase()).isEqualTo(Phase.WAITING);

    faults.fail("UpdateWorkflowExecution", Status.OK, 0);
    assertAnswer(deliverUntilNot503(() -> standard("msg_c", cancel)), 202, "rescinded");
    assertThat(awaitClosed("E1001").phase()).isEqualTo(Phase.RESCINDED);
  }

  /**
   * The server answers the rescind's update as aborted (what it does to an update whose workflow
   * task failed, or whose run closed before it completed): not the workflow's refusal, so 503 with
   * Retry-After, never 500; the redelivery rescinds.
   */
  @Test
  void anUpdateTheServerAbortedAnswers503WithRetryAfterAndTheRedeliveryRescinds() throws Exception {
    LocalDate lastDay = today(LONDON).plusDays(5);
    assertAnswer(
        standard("msg_t", standardTerminated(lastDay, Instant.now().minusSeconds(5))),
        202,
        "started");
    awaitPhase("E1001", Phase.WAITING);
    byte[] cancel = standardCancelled(Instant.now());
    faults.answer(
        "UpdateWorkflowExecution",
        UpdateWorkflowExecutionResponse.newBuilder()
            .setStage(
                UpdateWorkflowExecutionLifecycleStage
                    .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED)
            .setOutcome(
                io.temporal.api.update.v1.Outcome.newBuilder()
                    .setFailure(
                        Failure.newBuilder()
                            .setMessage(
                                "Workflow Update was aborted: workflow task failed (UNHANDLED_COMMAND)")
                            .setServerFailureInfo(
                                ServerFailureInfo.newBuilder().setNonRetryable(false))))
            .build(),
        1);

    HttpResponse<String> first = standard("msg_c", cancel);
    assertRetryLater(first);
    assertThat(faults.injected()).isEqualTo(1);

    assertAnswer(deliverUntilNot503(() -> standard("msg_c", cancel)), 202, "rescinded");
    assertThat(awaitClosed("E1001").phase()).isEqualTo(Phase.RESCINDED);
  }

  /**
   * During a rolling upgrade a worker older than the HR updates refuses them by name: the intake
   * sends the plain rescind instead (its old one-string form), so the cancellation is not lost
   * (only its HR time is not kept). Here a current worker answers that plain rescind and refuses
   * the old form as not one JSON object, as it would once the upgrade has gone on: the intake then
   * sends the HR update again.
   */
  @Test
  void aWorkerWithoutTheHrUpdatesGetsThePlainRescindSoTheCancellationIsNotLost() throws Exception {
    LocalDate lastDay = today(LONDON).plusDays(5);
    assertAnswer(
        standard("msg_t", standardTerminated(lastDay, Instant.now().minusSeconds(5))),
        202,
        "started");
    awaitPhase("E1001", Phase.WAITING);
    faults.answer(
        "UpdateWorkflowExecution",
        UpdateWorkflowExecutionResponse.newBuilder()
            .setStage(
                UpdateWorkflowExecutionLifecycleStage
                    .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED)
            .setOutcome(
                io.temporal.api.update.v1.Outcome.newBuilder()
                    .setFailure(
                        Failure.newBuilder()
                            .setMessage(
                                "Unknown update name: rescindForHr, knownTypes=[rescind, reschedule, release]")
                            .setApplicationFailureInfo(
                                io.temporal.api.failure.v1.ApplicationFailureInfo.newBuilder()
                                    .setType("java.lang.IllegalArgumentException"))))
            .build(),
        1);

    assertAnswer(standard("msg_c", standardCancelled(Instant.now())), 202, "rescinded");
    assertThat(faults.injected()).isEqualTo(1);
    assertThat(awaitClosed("E1001").phase()).isEqualTo(Phase.RESCINDED);
  }

  /**
   * A worker whose HR updates still take two arguments cannot read the one-object form (the SDK's
   * decoding refuses it): the intake sends the two-argument form instead. A current worker answers
   * here and refuses that as not one JSON object, so the intake sends the one-object form again:
   * the cancellation is applied with its HR event either way.
   */
  @Test
  void aWorkerWithTheTwoArgumentHrUpdatesGetsThatFormAndTheCancellationIsNotLost()
      throws Exception {
    LocalDate lastDay = today(LONDON).plusDays(5);
    assertAnswer(
        standard("msg_t", standardTerminated(lastDay, Instant.now().minusSeconds(5))),
        202,
        "started");
    awaitPhase("E1001", Phase.WAITING);
    faults.answer(
        "UpdateWorkflowExecution",
        UpdateWorkflowExecutionResponse.newBuilder()
            .setStage(
                UpdateWorkflowExecutionLifecycleStage
                    .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED)
            .setOutcome(
                io.temporal.api.update.v1.Outcome.newBuilder()
                    .setFailure(
                        Failure.newBuilder()
                            .setMessage(
                                "Cannot deserialize value of type `java.lang.String` from Object value")
                            .setApplicationFailureInfo(
                                io.temporal.api.failure.v1.ApplicationFailureInfo.newBuilder()
                                    .setType(
                                        "io.temporal.common.converter.DataConverterException"))))
            .build(),
        1);

    assertAnswer(standard("msg_c", standardCancelled(Instant.now())), 202, "rescinded");
    assertThat(faults.injected()).isEqualTo(1);
    OffboardingStatus closed = awaitClosed("E1001");
    assertThat(closed.phase()).isEqualTo(Phase.RESCINDED);
    assertThat(closed.lastHrEventId()).as("the HR event is kept").isEqualTo("msg_c");
    assertThat(closed.operatorActions())
        .singleElement()
        .satisfies(a -> assertThat(a.operator()).isEqualTo("hr:standard event msg_c"));
  }

  // --- 8. BambooHR's form posts; HiBob's ping without a Content-Type
  // --------------------------------

  @Test
  void bambooHrFormEncodedWebhooksEventAndFieldBasedAreAcceptedAndDecidedFromTheRecord()
      throws Exception {
    LocalDate lastDay = today(NEW_YORK).plusDays(10);
    sandbox.bamboohr().terminate("1001", lastDay, false);
    // Field-based (Global) webhook posted as a form, as BambooHR encodes it.
    byte[] fieldBased =
        ("employees%5B0%5D%5Bid%5D=1001&employees%5B0%5D%5Baction%5D=Updated"
                + "&employees%5B0%5D%5BchangedFields%5D%5B0%5D=Status"
                + "&employees%5B0%5D%5Bfields%5D%5BStatus%5D%5Bvalue%5D=Inactive")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertAnswer(bambooForm(fieldBased), 202, "started");
    assertThat(awaitPhase("1001", Phase.WAITING).effectiveAt()).isEqualTo(endOf(lastDay, NEW_YORK));

    // Event-based webhook posted as a form (documentation.bamboohr.com/docs/event-based-webhooks).
    sandbox.bamboohr().cancelTermination("1001");
    byte[] eventBased =
        ("type=employee.updated&timestamp=2026-11-20T08%3A59%3A30%2B0000"
                + "&data[companyId]=12345&data[employeeId]=1001&data[changedFields][0]=status")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertAnswer(bambooForm(eventBased), 202, "rescinded");
    assertThat(awaitClosed("1001").phase()).isEqualTo(Phase.RESCINDED);
  }

  @Test
  void aSignedFormPostWithoutAnEmployeeIdIsRefused400NotStarted() throws Exception {
    byte[] body =
        "type=employee.updated&data[companyId]=12345"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> r = bambooForm(body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
  }

  @Test
  void hiBobPingWithoutAContentTypeIsAnswered200() throws Exception {
    HttpResponse<String> bare =
        post(
            "hibob", "Ping test".getBytes(java.nio.charset.StandardCharsets.UTF_8), null, Map.of());
    assertAnswer(bare, 200, "ignored");
    assertThat(JSON.readTree(bare.body()).path("reason").asText()).isEqualTo("ping");
    // What curl -d and many HTTP libraries send when nobody sets a type.
    HttpResponse<String> curl =
        post(
            "hibob",
            "Ping test".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "application/x-www-form-urlencoded",
            Map.of());
    assertAnswer(curl, 200, "ignored");
  }

  // --- 7. Out-of-order deliveries: a run ignores events older than the last it applied ---------

  @Test
  void anOlderDateDeliveredAfterANewerOneIsIgnoredAndTheRunKeepsTheNewerDateAndSaysSo()
      throws Exception {
    Instant t0 = Instant.now().minusSeconds(60);
    LocalDate first = today(LONDON).plusDays(5);
    LocalDate second = first.plusDays(2);
    LocalDate third = first.plusDays(4);
    assertAnswer(standard("msg_1", standardTerminated(first, t0)), 202, "started");
    awaitPhase("E1001", Phase.WAITING);
    // HR moved the date twice; the later change arrives first, the earlier one after it.
    assertAnswer(
        standard("msg_3", standardTerminated(third, t0.plusSeconds(20))), 202, "rescheduled");

    JsonNode late =
        assertAnswer(
            standard("msg_2", standardTerminated(second, t0.plusSeconds(10))), 200, "ignored");
    assertThat(late.path("reason").asText())
        .contains("msg_2")
        .contains("older than the last HR event");

    OffboardingStatus status = status("E1001");
    assertThat(status.effectiveAt()).isEqualTo(endOf(third, LONDON));
    assertThat(status.lastHrEventId()).isEqualTo("msg_3");
    assertThat(status.lastHrEventAt()).isEqualTo(t0.plusSeconds(20));
    assertThat(status.hrEventsIgnored()).singleElement().asString().contains("msg_2");
  }

  @Test
  void anOlderCancellationDeliveredAfterANewerTerminationIsIgnoredAndTheRunGoesOn()
      throws Exception {
    Instant t0 = Instant.now().minusSeconds(60);
    LocalDate lastDay = today(LONDON).plusDays(5);
    // HR cancelled a termination and entered a new one; the new one arrives first.
    assertAnswer(
        standard("msg_new", standardTerminated(lastDay, t0.plusSeconds(20))), 202, "started");
    awaitPhase("E1001", Phase.WAITING);

    JsonNode late =
        assertAnswer(standard("msg_cancel", standardCancelled(t0.plusSeconds(10))), 200, "ignored");
    assertThat(late.path("reason").asText())
        .contains("msg_cancel")
        .contains("older than the last HR event");

    OffboardingStatus status = status("E1001");
    assertThat(status.phase()).isEqualTo(Phase.WAITING);
    assertThat(status.rescindReason()).isNull();
    assertThat(status.hrEventsIgnored()).singleElement().asString().contains("msg_cancel");
  }

  // --- deliveries, signed as each vendor signs ---------------------------------------------------

  private HttpResponse<String> bamboo(byte[] body) throws Exception {
    String ts = Long.toString(Instant.now().getEpochSecond());
    return post(
        "bamboohr",
        body,
        "application/json",
        Map.of(
            "X-BambooHR-Timestamp",
            ts,
            "X-BambooHR-Signature",
            VendorSignatures.bambooHr(BAMBOO_KEY, body, ts)));
  }

  private HttpResponse<String> bambooForm(byte[] body) throws Exception {
    String ts = Long.toString(Instant.now().getEpochSecond());
    return post(
        "bamboohr",
        body,
        "application/x-www-form-urlencoded",
        Map.of(
            "X-BambooHR-Timestamp",
            ts,
            "X-BambooHR-Signature",
            VendorSignatures.bambooHr(BAMBOO_KEY, body, ts)));
  }

  private HttpResponse<String> gusto(byte[] body) throws Exception {
    return post(
        "gusto",
        body,
        "application/json",
        Map.of("X-Gusto-Signature", VendorSignatures.gusto(GUSTO_TOKEN, body)));
  }

  private HttpResponse<String> standard(String id, byte[] body) throws Exception {
    String ts = Long.toString(Instant.now().getEpochSecond());
    return post(
        "standard",
        body,
        "application/json",
        Map.of(
            "webhook-id",
            id,
            "webhook-timestamp",
            ts,
            "webhook-signature",
            VendorSignatures.standard(STANDARD_SECRET, id, ts, body)));
  }

  private HttpResponse<String> post(
      String source, byte[] body, String contentType, Map<String, String> headers)
      throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(server.uri() + "/webhooks/" + source))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bambooUpdated(String employeeId, String timestamp) throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "type",
            "employee.updated",
            "timestamp",
            timestamp,
            "data",
            Map.of(
                "companyId",
                "12345",
                "employeeId",
                employeeId,
                "changedFields",
                List.of("status", "terminationDate"))));
  }

  private static byte[] gustoEvent(String type, UUID eventId, long epochSeconds) throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "uuid",
            eventId.toString(),
            "event_type",
            type,
            "resource_type",
            "Company",
            "resource_uuid",
            "5b1c7e1a-0c0d-4e55-9f00-00000000c0de",
            "entity_type",
            "Employee",
            "entity_uuid",
            ADA_GUSTO,
            "timestamp",
            epochSeconds));
  }

  private static byte[] standardTerminated(LocalDate lastDay, Instant recordedAt) throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "type",
            "employee.terminated",
            "timestamp",
            recordedAt.toString(),
            "data",
            Map.of(
                "employeeId",
                "E1001",
                "email",
                "ada.lovelace@contoso.example",
                "managerEmail",
                "grace.hopper@contoso.example",
                "effectiveDate",
                lastDay.toString(),
                "timeZone",
                "Europe/London",
                "involuntary",
                true)));
  }

  private static byte[] standardCancelled(Instant recordedAt) throws Exception {
    return JSON.writeValueAsBytes(
        Map.of(
            "type",
            "employee.termination_cancelled",
            "timestamp",
            recordedAt.toString(),
            "data",
            Map.of("employeeId", "E1001")));
  }

  // --- what Temporal has ----------------------------------------------------------------------

  private static JsonNode assertAnswer(HttpResponse<String> r, int status, String outcome)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode json = JSON.readTree(r.body());
    String actual = json.path("outcome").asText();
    if ("batch".equals(actual) || actual.isEmpty()) {
      actual = json.path("results").path(0).path("outcome").asText();
    }
    assertThat(actual).as(r.body()).isEqualTo(outcome);
    return json;
  }

  private static void assertRetryLater(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
  }

  private LocalDate today(ZoneId zone) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(env.currentTimeMillis()), zone);
  }

  private static Instant endOf(LocalDate lastDay, ZoneId zone) {
    return lastDay.plusDays(1).atStartOfDay(zone).toInstant();
  }

  private OffboardingStatus status(String employeeId) {
    return client.newWorkflowStub(OffboardingWorkflow.class, "offboarding-" + employeeId).status();
  }

  private String runId(String employeeId) {
    return client
        .newUntypedWorkflowStub("offboarding-" + employeeId)
        .describe()
        .getExecution()
        .getRunId();
  }

  private OffboardingStatus awaitPhase(String employeeId, Phase phase) throws InterruptedException {
    return HrEventsFixture.awaitPhase(client, employeeId, phase);
  }

  /** Waits for the latest run to close (without asking for its result, which skips time). */
  private OffboardingStatus awaitClosed(String employeeId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      var d = client.newUntypedWorkflowStub("offboarding-" + employeeId).describe();
      if (d.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return client
            .newUntypedWorkflowStub("offboarding-" + employeeId)
            .getResult(OffboardingStatus.class);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("offboarding-" + employeeId + " never closed");
  }
}
