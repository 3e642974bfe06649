package dev.leaver.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.IrreversibleException;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.slack.SlackEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector with the real SDK over HTTP against the sandbox's Slack emulator, seeded from the
 * demo tenant; every assertion on the outcome reads the emulator's state back.
 */
class SlackTargetTest {
  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  private static final String ADA = "U0ADA1001";
  private static final Leaver ADA_LEAVER =
      new Leaver("E1001", "ada.lovelace@contoso.example", "grace.hopper@contoso.example");

  private Sandbox sandbox;
  private SlackEmulator slack;
  private SlackTarget target;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    slack = sandbox.slack();
    target =
        new SlackTarget(SlackConfig.sandbox(sandbox.baseUrl()), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    target.close();
    sandbox.close();
  }

  @Test
  void offersDeactivateThenResetSessionsAtTheKillSwitch() {
    assertThat(target.id()).isEqualTo("slack");
    assertThat(target.actions())
        .extracting(TargetAction::name, a -> a.spec().stage(), a -> a.spec().reversible())
        .containsExactly(
            tuple("DeactivateUser", Stage.KILL_SWITCH, true),
            tuple("ResetSessions", Stage.KILL_SWITCH, false));
  }

  @Test
  void resolveFindsTheMemberByEmail() {
    Resolution r = target.resolve(ADA_LEAVER);
    assertThat(r.found()).isTrue();
    assertThat(r.system()).isEqualTo("slack");
    assertThat(r.accountId()).isEqualTo(ADA);
  }

  @Test
  void resolveReportsAnUnknownEmailAsNotFound() {
    Resolution r = target.resolve(new Leaver("E9999", "nobody@contoso.example", null));
    assertThat(r.found()).isFalse();
    assertThat(r.detail()).contains("users_not_found");
  }

  @Test
  void resolveStillFindsADeactivatedMemberThroughScim() {
    run("DeactivateUser", ADA);
    Resolution r = target.resolve(ADA_LEAVER);
    assertThat(r.found()).isTrue();
    assertThat(r.accountId()).isEqualTo(ADA);
    assertThat(r.detail()).contains("SCIM");
  }

  @Test
  void deactivateUserTurnsSeatOffAndUndoReactivatesIt() {
    Receipt receipt = run("DeactivateUser", ADA);
    assertThat(receipt.changed()).isTrue();
    assertThat(receipt.before()).containsEntry("active", "true");
    assertThat(receipt.after()).containsEntry("active", "false");
    assertThat(slack.user(ADA).active()).isFalse();
    assertThat(slack.user(ADA).activeSessions()).isZero();

    Check check = action("DeactivateUser").verify(ada(), receipt);
    assertThat(check.accessRemoved()).isTrue();
    assertThat(check.detail()).contains("active=false");

    Map<String, String> restored =
        action("DeactivateUser").undo(ada(), receipt, Progress.inMemory());
    assertThat(restored).containsEntry("active", "true");
    assertThat(slack.user(ADA).active()).isTrue();
    assertThat(action("DeactivateUser").verify(ada(), receipt).accessRemoved()).isFalse();
  }

  @Test
  void deactivatingAgainReportsNoChangeAndDoesNotWriteTwice() {
    run("DeactivateUser", ADA);
    Receipt again = run("DeactivateUser", ADA);
    assertThat(again.changed()).isFalse();
    assertThat(slack.user(ADA).active()).isFalse();
    assertThat(scimPatches()).isEqualTo(1);
    assertThat(action("DeactivateUser").decide(ada(), again.before()))
        .isInstanceOf(dev.leaver.activities.target.Decision.NoOp.class);
  }

  @Test
  void undoTwiceWritesOnceAndLeavesAnAlreadyOffAccountOff() {
    Receipt receipt = run("DeactivateUser", ADA);
    action("DeactivateUser").undo(ada(), receipt, Progress.inMemory());
    action("DeactivateUser").undo(ada(), receipt, Progress.inMemory());
    assertThat(scimPatches()).isEqualTo(2); // one deactivate, one reactivate
    assertThat(slack.user(ADA).active()).isTrue();

    run("DeactivateUser", ADA);
    Receipt noOp = run("DeactivateUser", ADA);
    action("DeactivateUser").undo(ada(), noOp, Progress.inMemory());
    assertThat(slack.user(ADA).active()).isFalse();
  }

  @Test
  void resetSessionsSignsTheMemberOutAndCannotBeUndone() {
    assertThat(slack.user(ADA).activeSessions()).isEqualTo(3);
    Receipt receipt = run("ResetSessions", ADA);
    assertThat(receipt.changed()).isTrue();
    assertThat(receipt.reversible()).isFalse();
    assertThat(receipt.after()).containsEntry("sessionsResetAt", NOW.toString());
    assertThat(slack.user(ADA).activeSessions()).isZero();
    assertThat(slack.user(ADA).sessionResets()).isEqualTo(1);

    Check check = action("ResetSessions").verify(ada(), receipt);
    assertThat(check.accessRemoved()).isTrue();
    assertThat(check.detail()).contains("no API to list sessions").contains(NOW.toString());

    assertThatThrownBy(() -> action("ResetSessions").undo(ada(), receipt, Progress.inMemory()))
        .isInstanceOf(IrreversibleException.class);
  }

  @Test
  void killSwitchDeactivatesThenResetsSessionsOfTheDeactivatedMember() {
    run("DeactivateUser", ADA);
    Receipt reset = run("ResetSessions", ADA);
    assertThat(reset.before()).containsEntry("deleted", "true");
    assertThat(slack.user(ADA).active()).isFalse();
    assertThat(slack.user(ADA).sessionResets()).isEqualTo(1);
  }

  @Test
  void throttledSessionResetCarriesRetryAfterAndTheNextCallSucceeds() {
    slack.throttle("admin.users.session.reset", 1, 7);
    assertThatThrownBy(() -> run("ResetSessions", ADA))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    assertThat(slack.user(ADA).sessionResets()).isZero();

    run("ResetSessions", ADA);
    assertThat(slack.user(ADA).sessionResets()).isEqualTo(1);
  }

  @Test
  void throttledScimCarriesRetryAfter() {
    slack.throttle(SlackEmulator.SCIM, 1, 3);
    assertThatThrownBy(() -> run("DeactivateUser", ADA))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
    run("DeactivateUser", ADA);
    assertThat(slack.user(ADA).active()).isFalse();
  }

  @Test
  void serverErrorIsRetryable() {
    sandbox
        .server()
        .faults()
        .inject(
            "POST",
            "/slack/api/users.lookupByEmail",
            1,
            HttpResponse.text(503, "upstream unavailable"));
    assertThatThrownBy(() -> target.resolve(ADA_LEAVER))
        .isInstanceOf(TargetException.Retryable.class)
        .hasMessageContaining("503");
    assertThat(target.resolve(ADA_LEAVER).found()).isTrue();
  }

  @Test
  void missingScopeOnSessionResetIsPermissionDeniedNamingTheScope() {
    slack.revokeScope("admin.users:write");
    assertThatThrownBy(() -> run("ResetSessions", ADA))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("missing_scope")
        .hasMessageContaining("admin.users:write");
    assertThat(slack.user(ADA).activeSessions()).isEqualTo(3);
  }

  @Test
  void scimWithoutTheAdminScopeIsPermissionDenied() {
    slack.revokeScope("admin");
    assertThatThrownBy(() -> run("DeactivateUser", ADA))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("403")
        .hasMessageContaining("admin scope");
    assertThat(slack.user(ADA).active()).isTrue();
  }

  @Test
  void anUnknownTokenIsPermissionDenied() {
    SlackConfig base = SlackConfig.sandbox(sandbox.baseUrl());
    try (SlackTarget wrong =
        new SlackTarget(new SlackConfig(base.apiBaseUrl(), base.scimBaseUrl(), "xoxp-wrong"))) {
      assertThatThrownBy(() -> wrong.resolve(ADA_LEAVER))
          .isInstanceOf(TargetException.PermissionDenied.class)
          .hasMessageContaining("invalid_auth");
    }
  }

  @Test
  void resetSessionsOfABotIsRejectedWithTheReason() {
    assertThatThrownBy(() -> run("ResetSessions", "U0DEPLOYB"))
        .isInstanceOf(TargetException.Rejected.class)
        .hasMessageContaining("cannot_reset_bot");
  }

  @Test
  void resetSessionsOfThePrimaryOwnerIsRejectedWithTheReason() {
    assertThatThrownBy(() -> run("ResetSessions", "U0OWNER01"))
        .isInstanceOf(TargetException.Rejected.class)
        .hasMessageContaining("cannot_reset_primary_owner");
    assertThat(slack.user("U0OWNER01").activeSessions()).isEqualTo(2);
  }

  @Test
  void deactivatingAnAccountScimDoesNotKnowIsRejected() {
    assertThatThrownBy(() -> run("DeactivateUser", "U0DEPLOYB"))
        .isInstanceOf(TargetException.Rejected.class)
        .hasMessageContaining("no user U0DEPLOYB");
  }

  @Test
  void theSdkMakesNoAuthTestCallsAndTheConfigNeverShowsTheToken() {
    target.resolve(ADA_LEAVER);
    run("DeactivateUser", ADA);
    assertThat(sandbox.server().requests())
        .extracting(SandboxServer.Logged::path)
        .doesNotContain("/slack/api/auth.test");
    assertThat(SlackConfig.sandbox(sandbox.baseUrl()).toString())
        .doesNotContain(SlackConfig.SANDBOX_TOKEN);
  }

  @Test
  void buildingATargetLeavesNoMetricsThreadsOfItsOwnRunning() throws Exception {
    // The SDK's static default configs start their own metrics threads at class load; only the
    // threads a SlackTarget's config would add are ours to stop.
    long baseline = metricsThreads();
    try (SlackTarget another = new SlackTarget(SlackConfig.sandbox(sandbox.baseUrl()))) {
      assertThat(another.id()).isEqualTo("slack");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (metricsThreads() > baseline && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(metricsThreads()).isLessThanOrEqualTo(baseline);
    }
  }

  private static long metricsThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("slack-api-metrics"))
        .count();
  }

  /** What the dispatcher does for an apply: snapshot, apply, receipt. */
  private Receipt run(String actionName, String accountId) {
    TargetAction action = action(actionName);
    Target t = new Target(ADA_LEAVER, accountId, "req-1");
    return new dev.leaver.activities.target.Attempt(
            "slack",
            action,
            t,
            java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC),
            1,
            Progress.inMemory())
        .apply(action.snapshot(t));
  }

  private TargetAction action(String name) {
    return target.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private static Target ada() {
    return new Target(ADA_LEAVER, ADA, "req-1");
  }

  private long scimPatches() {
    return sandbox.server().requests().stream()
        .filter(r -> r.method().equals("PATCH") && r.path().startsWith("/slack/scim/v2/Users/"))
        .count();
  }
}
