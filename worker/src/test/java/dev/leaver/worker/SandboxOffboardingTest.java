package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.evidence.EvidenceActivitiesImpl;
import dev.leaver.activities.evidence.EvidenceStores;
import dev.leaver.activities.planning.PlanningActivitiesImpl;
import dev.leaver.activities.target.Connectors;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.exchange.ExchangeEmulator;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.SearchAttributes;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.contract.OffboardingPolicy;
import dev.leaver.workflows.contract.OffboardingPolicy.SystemPolicy;
import dev.leaver.workflows.contract.PlannedChange;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow with the real connectors and the sandbox tenant, on the in-process test server. */
class SandboxOffboardingTest {
  private Sandbox sandbox;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private Metrics metrics;
  private Connectors connectors;
  @TempDir Path evidenceDir;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    // Real time: the point of one test is the delay the server asked for.
    metrics = new Metrics();
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setMetricsScope(metrics.scope())
                .build());
    SearchAttributes.CLI_TYPES.forEach(
        (n, t) -> env.registerSearchAttribute(n, TemporalConnection.indexed(t)));
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
    metrics.close();
    if (connectors != null) {
      connectors.close();
    }
    sandbox.close();
  }

  @Test
  void aThrottledSlackCallIsRetriedByTemporalAfterTheRetryAfterTheServerGave() {
    register(new OffboardingPolicy(0, Map.of("entra", new SystemPolicy(false, List.of()))));
    sandbox.slack().throttle("admin.users.session.reset", 1, 3);

    OffboardingStatus result = offboard(false);

    assertThat(result.phase()).isEqualTo(Phase.COMPLETED);
    assertThat(result.step("slack.ResetSessions").state()).isEqualTo(StepState.DONE);
    assertThat(result.step("slack.ResetSessions").attempts()).isEqualTo(2);
    List<SandboxServer.Logged> resets =
        sandbox.server().requests().stream()
            .filter(r -> r.path().endsWith("admin.users.session.reset"))
            .toList();
    assertThat(resets).extracting(SandboxServer.Logged::status).containsExactly(429, 200);
    assertThat(resets.get(1).atMillis() - resets.get(0).atMillis()).isGreaterThanOrEqualTo(3000);
  }

  @Test
  void aDryRunAgainstTheTenantPlansEveryStepAndChangesNothing() {
    register(new OffboardingPolicy(30, Map.of()));

    OffboardingStatus result = offboard(true);

    assertThat(result.phase()).isEqualTo(Phase.DRY_RUN_COMPLETED);
    // Ada is cloud-only: no AD account, so AD plans nothing for her; every other system plans all.
    assertThat(result.step("ad.Resolve").state()).isNotEqualTo(StepState.DONE);
    List<String> everyAction =
        connectors.all().stream()
            .filter(s -> result.step(s.id() + ".Resolve").state() == StepState.DONE)
            .flatMap(
                s ->
                    s.actions().stream()
                        // deletion is planned only by a policy with deleteAfterDays
                        .filter(
                            a -> a.spec().stage() != dev.leaver.workflows.contract.Stage.DELETION)
                        .map(a -> s.id() + "." + a.name()))
            .toList();
    assertThat(everyAction)
        .anyMatch(a -> a.startsWith("entra."))
        .anyMatch(a -> a.startsWith("slack."));
    assertThat(everyAction).hasSizeGreaterThan(connectors.all().size());
    assertThat(result.plannedChanges())
        .extracting(PlannedChange::stepId)
        .containsExactlyElementsOf(everyAction);
    assertThat(result.plannedChanges())
        .filteredOn(pc -> pc.stepId().matches("(entra|exchange|slack)\\..*"))
        .allMatch(PlannedChange::wouldChange);
    // She holds no Azure access of her own: nothing there would change, no shared secret is
    // rotated.
    assertThat(result.plannedChanges())
        .filteredOn(pc -> pc.stepId().startsWith("azure."))
        .isNotEmpty()
        .noneMatch(PlannedChange::wouldChange);
    assertThat(sandbox.server().requests())
        .as("reads only")
        .allMatch(
            r ->
                r.method().equals("GET")
                    || r.path().matches(".*/api/(auth\\.test|users\\.lookupByEmail|users\\.info)")
                    || r.path()
                        .endsWith(
                            "/InvokeCommand") // Exchange's cmdlets are all POSTs: counted below
                    || r.path()
                        .matches("/aws/(List|Get).*") // IAM's Query API: every call is a POST
                    || r.path()
                        .endsWith("/token") // Azure's and Google's service credentials get tokens
                    || r.path()
                        .equals("/github/graphql") // the SAML identity lookup is a GraphQL query
                    || r.path()
                        .endsWith("/providers/Microsoft.ResourceGraph/resources")); // an ARM query
    assertThat(sandbox.emulator(ExchangeEmulator.class).writes())
        .as("no Exchange cmdlet that writes")
        .isZero();
    assertThat(sandbox.graph().user("ada.lovelace@contoso.example").accountEnabled()).isTrue();
    assertThat(sandbox.slack().user("U0ADA1001").active()).isTrue();
  }

  @Test
  void
      inNotificationOnlyModeAWebhookTerminationChangesNothingAndTheOperatorsChannelHearsWhatWouldHave()
          throws Exception {
    register(
        new OffboardingPolicy(30, Map.of(), null, null, true, null),
        dev.leaver.activities.planning.OperatorChannel.slackWebhook(
            java.net.URI.create(
                sandbox.baseUrl() + dev.leaver.sandbox.slack.SlackEmulator.webhookPath())));
    Instant now = Instant.now();
    new OffboardingStarter(client)
        .start(
            new OffboardingRequest(
                "E1001",
                "ada.lovelace@contoso.example",
                "grace.hopper@contoso.example",
                now,
                "UTC",
                "bamboohr-evt-7",
                now,
                "bamboohr",
                false,
                false));
    OffboardingWorkflow wf =
        client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));

    OffboardingStatus result =
        WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, OffboardingStatus.class);

    assertThat(result.phase()).isEqualTo(Phase.DRY_RUN_COMPLETED);
    assertThat(result.notificationOnly()).isEqualTo("told");
    assertThat(sandbox.graph().user("ada.lovelace@contoso.example").accountEnabled()).isTrue();
    assertThat(sandbox.slack().user("U0ADA1001").active()).isTrue();
    assertThat(sandbox.slack().webhookTexts())
        .singleElement()
        .asString()
        .startsWith(
            "Notification-only mode: offboarding E1001 (bamboohr event bamboohr-evt-7) changed nothing")
        .contains("- entra.DisableAccount: ", "- slack.DeactivateUser: ", "- ad.Resolve: ")
        .doesNotContain("@contoso.example"); // the log channel is a log: no addresses
  }

  @Test
  void aMistypedUpnOfAnUnknownEmployeeEndsNeedsAttentionNeverCompleted() throws Exception {
    register(new OffboardingPolicy(0, Map.of()));
    Instant now = Instant.now();
    new OffboardingStarter(client)
        .start(
            new OffboardingRequest(
                "E9999",
                "ada.lovelce@contoso.example",
                null,
                now,
                "UTC",
                "t-typo",
                now,
                "test",
                false,
                false));
    OffboardingWorkflow wf =
        client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E9999"));

    assertThatThrownBy(
            () ->
                WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, OffboardingStatus.class))
        .isInstanceOf(io.temporal.client.WorkflowFailedException.class)
        .hasStackTraceContaining("no account found for employee E9999 in any system");
    OffboardingStatus s = wf.status();
    assertThat(s.phase()).isEqualTo(Phase.NEEDS_ATTENTION);
    assertThat(s.needsAttention()).isTrue();
    // A run that fails still keeps its evidence outside Temporal, in the state it failed in.
    assertThat(EvidenceStores.directory(evidenceDir).records())
        .extracting(r -> r.milestone() + " " + r.status().phase())
        .endsWith("CLOSED NEEDS_ATTENTION");
    assertThat(s.step("entra.Resolve").note()).contains("tried employeeId, then userPrincipalName");
    assertThat(s.step("slack.Resolve").note()).contains("tried email");
    assertThat(
            WorkflowStub.fromTyped(wf)
                .describe()
                .getTypedSearchAttributes()
                .get(SearchAttributes.NEEDS_ATTENTION))
        .as("flagged for the Web UI")
        .isTrue();
    // The tally scope reports every second: wait for the count rather than sleep past a report,
    // then let one more report pass before saying that the run was not counted as completed.
    Eventually.within(
        java.time.Duration.ofSeconds(30),
        () -> metrics.scrape().contains("leaver_offboardings_nobody_found_total") ? true : null);
    Thread.sleep(1500);
    assertThat(metrics.scrape()).doesNotContain("leaver_offboardings_completed_total{");
    assertThat(sandbox.graph().user("ada.lovelace@contoso.example").accountEnabled()).isTrue();
  }

  @Test
  void aMistypedUpnIsFoundByEmployeeIdInEntraAndAMissingRequiredSlackAccountParks()
      throws Exception {
    register(
        new OffboardingPolicy(0, Map.of("slack", new SystemPolicy(true, List.of(), true, null))));
    Instant now = Instant.now();
    new OffboardingStarter(client)
        .start(
            new OffboardingRequest(
                "E1001",
                "ada.lovelce@contoso.example",
                null,
                now,
                "UTC",
                "t-typo-2",
                now,
                "test",
                false,
                false));
    OffboardingWorkflow wf =
        client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));

    OffboardingStatus s =
        Eventually.within(
            java.time.Duration.ofSeconds(30),
            () -> {
              OffboardingStatus st = wf.status();
              return st.step("slack.Resolve") != null
                      && st.step("slack.Resolve").state() == StepState.NEEDS_ATTENTION
                      && st.step("entra.DisableAccount").state() == StepState.DONE
                  ? st
                  : null;
            });
    assertThat(s.step("entra.Resolve").note()).contains("matched on employeeId");
    assertThat(s.step("slack.Resolve").lastError())
        .contains("no account found for employee E1001 in slack", "tried email");
    assertThat(s.step("slack.DeactivateUser").state()).isEqualTo(StepState.PLANNED);
    assertThat(sandbox.graph().user("ada.lovelace@contoso.example").accountEnabled()).isFalse();
    WorkflowStub.fromTyped(wf).terminate("test over");
  }

  @Test
  void theOperatorsSlackChannelHearsWhenAStepParksAndWhenItIsSkippedWithoutAnyAddress()
      throws Exception {
    register(
        new OffboardingPolicy(0, Map.of("slack", new SystemPolicy(true, List.of(), true, null))),
        dev.leaver.activities.planning.OperatorChannel.slackWebhook(
            java.net.URI.create(
                sandbox.baseUrl() + dev.leaver.sandbox.slack.SlackEmulator.webhookPath())));
    Instant now = Instant.now();
    new OffboardingStarter(client)
        .start(
            new OffboardingRequest(
                "E1001",
                "ada.lovelce@contoso.example",
                null,
                now,
                "UTC",
                "t-typo-3",
                now,
                "test",
                false,
                false));
    OffboardingWorkflow wf =
        client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));

    String parked =
        Eventually.within(
            java.time.Duration.ofSeconds(30),
            () ->
                sandbox.slack().webhookTexts().stream()
                    .filter(t -> t.contains("slack.Resolve is parked"))
                    .findFirst()
                    .orElse(null));
    assertThat(parked)
        .startsWith("E1001: slack.Resolve is parked and needs an operator: no account found")
        .contains("retryStep", "skipStep")
        .doesNotContain("@contoso.example");

    wf.skipStep(
        new dev.leaver.workflows.api.SkipStep(
            "slack.Resolve", "contractor without Slack, checked with IT", "ana@corp"),
        null);
    String skipped =
        Eventually.within(
            java.time.Duration.ofSeconds(30),
            () ->
                sandbox.slack().webhookTexts().stream()
                    .filter(t -> t.contains("was skipped by"))
                    .findFirst()
                    .orElse(null));
    assertThat(skipped)
        .isEqualTo(
            "E1001: slack.Resolve was skipped by ana@corp: contractor without Slack, checked with IT");
    WorkflowStub.fromTyped(wf).terminate("test over");
  }

  @Test
  void graphFailingDoesNotHoldUpSlacksKillSwitch() throws Exception {
    register(new OffboardingPolicy(0, Map.of()));
    sandbox
        .server()
        .faults()
        .inject(
            null,
            "/graph/",
            10_000,
            dev.leaver.sandbox.HttpResponse.json(
                503, Map.of("error", Map.of("code", "serviceNotAvailable", "message", "outage"))));
    Instant now = Instant.now();
    new OffboardingStarter(client)
        .start(
            new OffboardingRequest(
                "E1001",
                "ada.lovelace@contoso.example",
                null,
                now,
                "UTC",
                "t-outage",
                now,
                "test",
                false,
                false));
    OffboardingWorkflow wf =
        client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));

    OffboardingStatus s =
        Eventually.within(
            java.time.Duration.ofSeconds(20),
            () -> {
              OffboardingStatus st = wf.status();
              return st.step("slack.ResetSessions") != null
                      && st.step("slack.ResetSessions").state() == StepState.DONE
                  ? st
                  : null;
            });
    assertThat(s.step("entra.Resolve").state()).isNotEqualTo(StepState.DONE);
    assertThat(sandbox.slack().user("U0ADA1001").active()).isFalse();
    WorkflowStub.fromTyped(wf).terminate("test over");
  }

  private void register(OffboardingPolicy policy) {
    register(policy, dev.leaver.activities.planning.OperatorChannel.log());
  }

  private void register(
      OffboardingPolicy policy, dev.leaver.activities.planning.OperatorChannel operators) {
    connectors = TargetWiring.sandbox(sandbox.baseUrl());
    LeaverWorker.register(
        env.getWorkerFactory(),
        connectors,
        new PlanningActivitiesImpl(connectors, policy, "test", operators),
        new EvidenceActivitiesImpl(EvidenceStores.directory(evidenceDir)),
        Map.of(),
        Clock.systemUTC());
    env.start();
  }

  private OffboardingStatus offboard(boolean dryRun) {
    Instant now = Instant.now();
    var started =
        new OffboardingStarter(client)
            .start(
                new OffboardingRequest(
                    "E1001",
                    "ada.lovelace@contoso.example",
                    "grace.hopper@contoso.example",
                    now,
                    "UTC",
                    "t-1",
                    now,
                    "test",
                    false,
                    dryRun));
    // A dry run has an id of its own, so it never occupies the real offboarding's.
    assertThat(started.workflowId())
        .isEqualTo(
            dryRun
                ? WorkflowIds.forDryRun("E1001", Long.toString(now.toEpochMilli()))
                : WorkflowIds.forEmployee("E1001"));
    OffboardingWorkflow wf =
        client.newWorkflowStub(OffboardingWorkflow.class, started.workflowId());
    try {
      return WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, OffboardingStatus.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("offboarding did not finish; status " + wf.status(), e);
    }
  }
}
