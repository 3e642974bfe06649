package dev.leaver.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.PermissionCheck.Status;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.slack.SlackEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack's preflight through the real SDK against the sandbox's Slack emulator. */
class SlackPreflightTest {
  private Sandbox sandbox;
  private SlackEmulator slack;
  private SlackTarget target;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    slack = sandbox.slack();
    target = new SlackTarget(SlackConfig.sandbox(sandbox.baseUrl()));
  }

  @AfterEach
  void stop() {
    target.close();
    sandbox.close();
  }

  @Test
  void everyScopeTheActionsNeedIsGrantedOnTheDemoTenantAndTheCheckOnlyReads() {
    List<PermissionCheck> rows = target.check();

    assertThat(rows)
        .extracting(PermissionCheck::permission, PermissionCheck::status)
        .containsExactly(
            tuple("users:read", Status.GRANTED), tuple("users:read.email", Status.GRANTED),
            tuple("admin.users:write", Status.GRANTED), tuple("admin", Status.GRANTED));
    assertThat(sandbox.server().requests())
        .extracting(SandboxServer.Logged::path)
        .allMatch(p -> p.endsWith("/api/auth.test") || p.endsWith("/scim/v2/Users"));
  }

  @Test
  void aRevokedScopeIsTheOneRowMissingAndSaysWhatToGrant() {
    slack.revokeScope("admin.users:write");

    assertThat(target.check())
        .filteredOn(r -> r.status() != Status.GRANTED)
        .extracting(
            PermissionCheck::permission, PermissionCheck::status, PermissionCheck::howToGrant)
        .containsExactly(
            tuple(
                "admin.users:write",
                Status.MISSING,
                "add the user token scope admin.users:write to the Slack app, reinstall it to the org and"
                    + " put the new token in systems.slack.adminToken"));
  }

  @Test
  void withoutTheAdminScopeScimRefusesAndTheScimRowIsMissing() {
    slack.revokeScope("admin");

    assertThat(target.check())
        .filteredOn(r -> r.status() != Status.GRANTED)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.permission()).isEqualTo("admin");
              assertThat(r.status()).isEqualTo(Status.MISSING);
              assertThat(r.detail()).startsWith("SCIM GET /Users answered 403");
            });
  }

  @Test
  void aRefusedTokenBlocksEveryRowWithSlacksErrorAndNeverShowsTheToken() {
    slack.revokeToken(SlackConfig.SANDBOX_TOKEN);

    assertThat(target.check())
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(Status.BLOCKED);
              assertThat(r.detail()).isEqualTo("Slack refused the token: token_revoked");
              assertThat(r.toString()).doesNotContain(SlackConfig.SANDBOX_TOKEN);
            });
  }
}
