package dev.leaver.activities.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.slack.SlackConfig;
import dev.leaver.activities.slack.SlackTarget;
import dev.leaver.activities.target.Connectors;
import dev.leaver.activities.target.Target;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.workflows.contract.ActionInput;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.ResolvedAccount;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code system.ResolveAndSnapshot} through the connector dispatcher, over Slack's real SDK against
 * the sandbox: the account and the kill-switch steps' before-images in one activity, reads only.
 */
class ResolveAndSnapshotTest {
  private static final Leaver ADA =
      new Leaver("E1001", "ada.lovelace@contoso.example", "grace.hopper@contoso.example");

  /** The activity type the workflow schedules, as a typed stub can call it. */
  @ActivityInterface
  public interface SlackReads {
    @ActivityMethod(name = "slack.ResolveAndSnapshot")
    ResolvedAccount resolveAndSnapshot(Leaver leaver, ActionInput[] steps);
  }

  private Sandbox sandbox;
  private Connectors connectors;
  private TestActivityEnvironment env;
  private SlackReads reads;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    connectors = new Connectors(List.of(new SlackTarget(SlackConfig.sandbox(sandbox.baseUrl()))));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ConnectorActivity(connectors, Clock.systemUTC()));
    reads =
        env.newActivityStub(
            SlackReads.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void stop() {
    env.close();
    connectors.close();
    sandbox.close();
  }

  @Test
  void resolveAndSnapshotReturnsTheAccountAndEachStepsBeforeImageWithoutWriting() {
    ResolvedAccount got = reads.resolveAndSnapshot(ADA, steps());

    Resolution alone = connectors.system("slack").orElseThrow().resolve(ADA);
    assertThat(got.resolution().found()).isTrue();
    assertThat(got.resolution().accountId()).isEqualTo(alone.accountId());
    Target target = new Target(ADA, alone.accountId(), "r-1", Map.of());
    assertThat(got.before())
        .containsOnlyKeys("slack.DeactivateUser", "slack.ResetSessions")
        .containsEntry(
            "slack.DeactivateUser",
            connectors.action("slack", "DeactivateUser").orElseThrow().snapshot(target))
        .containsEntry(
            "slack.ResetSessions",
            connectors.action("slack", "ResetSessions").orElseThrow().snapshot(target));
    assertThat(got.before().get("slack.DeactivateUser")).containsEntry("active", "true");
    // A lost answer is harmless: the retry reads the same, and nothing was written either time.
    assertThat(reads.resolveAndSnapshot(ADA, steps())).isEqualTo(got);
    assertThat(sandbox.server().requests())
        .noneMatch(r -> r.method().equals("PATCH") || r.path().contains("/api/admin."));
  }

  @Test
  void aBeforeImageThatCannotBeReadIsLeftForItsStepAndTheAccountIsStillFound() {
    // users.info is ResetSessions' read only; DeactivateUser reads over SCIM.
    sandbox
        .server()
        .faults()
        .inject(
            "POST",
            "/slack/api/users.info",
            1,
            HttpResponse.json(503, Map.of("ok", false, "error", "service_unavailable")));

    ResolvedAccount got = reads.resolveAndSnapshot(ADA, steps());

    assertThat(got.resolution().found()).isTrue();
    assertThat(got.before()).containsOnlyKeys("slack.DeactivateUser");
  }

  @Test
  void noAccountMeansNoBeforeImages() {
    Leaver nobody = new Leaver("E9999", "nobody@contoso.example", "grace.hopper@contoso.example");

    ResolvedAccount got = reads.resolveAndSnapshot(nobody, steps());

    assertThat(got.resolution().found()).isFalse();
    assertThat(got.before()).isEmpty();
  }

  private static ActionInput[] steps() {
    return new ActionInput[] {
      new ActionInput("slack.DeactivateUser", "r-1", ADA, null, null),
      new ActionInput("slack.ResetSessions", "r-2", ADA, null, null)
    };
  }
}
