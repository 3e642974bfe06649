package dev.leaver.starter.webhook;

import static dev.leaver.starter.webhook.HrEventsFixture.LONDON;
import static dev.leaver.starter.webhook.HrEventsFixture.NEW_YORK;
import static dev.leaver.starter.webhook.HrEventsFixture.standardCancelled;
import static dev.leaver.starter.webhook.HrEventsFixture.standardTerminated;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HRISs deliver concurrently (a retry after a 503 runs beside the next event): a termination that
 * has looked at Temporal (no run, no cancellation kept) and is starting its run while the
 * cancellation HR recorded after it is decided (no run yet) must still end with no run. Each test
 * forces one interleaving with {@link TemporalFaults#hold}. Before the fix the run stayed open,
 * waiting to offboard someone HR had kept, and both deliveries were answered 2xx.
 */
class CancellationRacingItsTerminationTest {
  private static HrEventsFixture rig;
  private static HrEventsFixture.Starter starter;

  @BeforeAll
  static void setUp() throws Exception {
    rig = new HrEventsFixture();
    starter = rig.starter();
  }

  @AfterAll
  static void tearDown() throws Exception {
    rig.close();
  }

  @Test
  void aCancellationDecidedWhileItsOlderTerminationIsStartingStillLeavesNoRun() throws Exception {
    Instant t0 = Instant.now().minusSeconds(60);
    LocalDate lastDay = rig.today(LONDON).plusDays(5);
    TemporalFaults.Hold start = starter.faults.hold("StartWorkflowExecution");
    CompletableFuture<HttpResponse<String>> termination =
        CompletableFuture.supplyAsync(
            () -> send(() -> starter.standard("msg_r1", standardTerminated("R1001", lastDay, t0))));
    start.awaitReached();

    HttpResponse<String> cancellation =
        starter.standard("msg_r2", standardCancelled("R1001", t0.plusSeconds(10)));
    start.release();
    HttpResponse<String> terminated = termination.get();

    assertNoOpenRun("R1001", terminated, cancellation);
  }

  @Test
  void aTerminationStartedWhileItsLaterCancellationIsBeingKeptIsRescindedByThatCancellation()
      throws Exception {
    Instant t0 = Instant.now().minusSeconds(60);
    LocalDate lastDay = rig.today(LONDON).plusDays(5);
    // The cancellation finds no run and starts keeping itself (its record's start is held)...
    TemporalFaults.Hold keep = starter.faults.hold("StartWorkflowExecution");
    CompletableFuture<HttpResponse<String>> cancellation =
        CompletableFuture.supplyAsync(
            () ->
                send(
                    () ->
                        starter.standard(
                            "msg_r4", standardCancelled("R1002", t0.plusSeconds(10)))));
    keep.awaitReached();
    // ...while the older termination finds neither a run nor a kept cancellation, and starts.
    HttpResponse<String> terminated =
        starter.standard("msg_r3", standardTerminated("R1002", lastDay, t0));
    keep.release();

    HttpResponse<String> cancelled = cancellation.get();
    assertThat(cancelled.body())
        .as("the cancellation finds the run after keeping itself")
        .contains("rescinded");
    assertNoOpenRun("R1002", terminated, cancelled);
  }

  @Test
  void aBambooHrWithdrawalReadWhileTheTerminationReadBeforeItIsStartingStillLeavesNoRun()
      throws Exception {
    String employee = "1001";
    rig.sandbox.bamboohr().terminate(employee, rig.today(NEW_YORK).plusDays(5), false);
    TemporalFaults.Hold start = starter.faults.hold("StartWorkflowExecution");
    CompletableFuture<HttpResponse<String>> termination =
        CompletableFuture.supplyAsync(
            () ->
                send(
                    () ->
                        starter.bamboo(
                            HrEventsFixture.bambooUpdated(employee, "2026-11-20T09:00:00+0000"))));
    start.awaitReached(); // the record was read: terminated

    rig.sandbox.bamboohr().cancelTermination(employee);
    HttpResponse<String> cancellation =
        starter.bamboo(HrEventsFixture.bambooUpdated(employee, "2026-11-20T09:00:01+0000"));
    start.release();
    HttpResponse<String> terminated = termination.get();

    assertNoOpenRun(employee, terminated, cancellation);
  }

  private static void assertNoOpenRun(
      String employee, HttpResponse<String> terminated, HttpResponse<String> cancellation)
      throws InterruptedException {
    String answers =
        "termination → "
            + terminated.statusCode()
            + " "
            + terminated.body()
            + "; cancellation → "
            + cancellation.statusCode()
            + " "
            + cancellation.body();
    assertThat(terminated.statusCode()).as(answers).isIn(200, 202);
    assertThat(cancellation.statusCode()).as(answers).isIn(200, 202);
    long deadline = System.currentTimeMillis() + 10_000;
    while (rig.runStatus(employee) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(rig.runStatus(employee))
        .as("HR cancelled last: no open run; " + answers)
        .isNotEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @FunctionalInterface
  private interface Delivery {
    HttpResponse<String> send() throws Exception;
  }

  private static HttpResponse<String> send(Delivery d) {
    try {
      return d.send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
