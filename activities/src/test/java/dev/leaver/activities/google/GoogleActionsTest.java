package dev.leaver.activities.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.google.GoogleEmulator;
import dev.leaver.workflows.contract.Receipt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the contract cannot see: undo semantics, per-item progress, Google's own error answers. */
class GoogleActionsTest {
  private static final String DIRECTORY = "/google/admin/directory/v1/";
  private GoogleSandbox g;
  private Target linus;

  @BeforeEach
  void start() throws Exception {
    g = GoogleSandbox.demo();
    linus = g.linus();
  }

  @AfterEach
  void stop() throws Exception {
    g.close();
  }

  @Test
  void undoingTheSuspensionOfAnAccountThatWasAlreadySuspendedLeavesItSuspended() {
    g.attempt("SuspendUser", linus).apply(g.snapshot("SuspendUser", linus));
    Map<String, String> before = g.snapshot("SuspendUser", linus); // suspended already
    Receipt second = g.attempt("SuspendUser", linus).apply(before);
    long writes = g.writes();

    g.attempt("SuspendUser", linus).undo(second);

    assertThat(second.changed()).isFalse();
    assertThat(g.emulator.suspended(GoogleSandbox.LINUS)).isTrue();
    assertThat(g.writes()).isEqualTo(writes);
  }

  @Test
  void undoingTheSuspensionThisStepMadeLiftsIt() {
    Receipt applied = g.attempt("SuspendUser", linus).apply(g.snapshot("SuspendUser", linus));
    assertThat(g.emulator.suspended(GoogleSandbox.LINUS)).isTrue();

    g.attempt("SuspendUser", linus).undo(applied);

    assertThat(g.emulator.suspended(GoogleSandbox.LINUS)).isFalse();
  }

  @Test
  void groupRemovalSavesEachRoleAndTheUndoPutsHimBackWithIt() {
    Map<String, String> rolesBefore = g.emulator.groupRoles(GoogleSandbox.LINUS);
    Receipt applied =
        g.attempt("RemoveFromGroups", linus).apply(g.snapshot("RemoveFromGroups", linus));
    assertThat(g.emulator.groupRoles(GoogleSandbox.LINUS)).isEmpty();
    assertThat(applied.before().get(RemoveFromGroups.GROUPS))
        .contains(
            "engineering@contoso.example (MEMBER)",
            "platform-oncall@contoso.example (MANAGER)",
            "release-owners@contoso.example (OWNER)");

    g.attempt("RemoveFromGroups", linus).undo(applied);

    assertThat(rolesBefore)
        .containsOnly(
            Map.entry("engineering@contoso.example", "MEMBER"),
            Map.entry("platform-oncall@contoso.example", "MANAGER"),
            Map.entry("release-owners@contoso.example", "OWNER"));
    assertThat(g.emulator.groupRoles(GoogleSandbox.LINUS)).isEqualTo(rolesBefore);
    // Grace, in two of the groups, was never touched.
    assertThat(g.emulator.groupRoles(GoogleSandbox.GRACE)).hasSize(2);
  }

  @Test
  void oauthGrantDeletionRecordsTheAppsAndScopesAndResumesAfterTheItemThatFailed() {
    Map<String, String> before = g.snapshot("DeleteOAuthTokens", linus);
    assertThat(before.get(DeleteOAuthTokens.APPS))
        .contains(
            "GitHub Desktop [openid email profile]",
            "Terraform Cloud",
            "https://www.googleapis.com/auth/drive.readonly");
    List<String> clientIds = Items.split(before.get(DeleteOAuthTokens.CLIENT_IDS));
    g.sandbox
        .server()
        .faults()
        .inject(
            "DELETE",
            DIRECTORY + "users/" + linus.accountId() + "/tokens/" + clientIds.get(1),
            1,
            HttpResponse.json(503, GoogleEmulator.errorBody(503, "backendError", "try again")));
    Progress progress = Progress.inMemory();

    assertThatThrownBy(() -> g.attempt("DeleteOAuthTokens", linus, progress).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(progress.items()).containsExactly(clientIds.get(0));
    assertThat(g.emulator.tokenClientIds(GoogleSandbox.LINUS)).containsExactly(clientIds.get(1));

    Receipt retried = g.attempt("DeleteOAuthTokens", linus, progress).apply(before);

    assertThat(retried.changed()).isTrue();
    assertThat(progress.items()).containsExactlyElementsOf(clientIds);
    assertThat(g.emulator.tokenClientIds(GoogleSandbox.LINUS)).isEmpty();
    assertThat(g.emulator.tokenClientIds(GoogleSandbox.GRACE)).hasSize(1);
  }

  @Test
  void anAppPasswordOrGrantAlreadyDeletedIsNotAFailure() {
    Map<String, String> asps = g.snapshot("DeleteAppPasswords", linus);
    Map<String, String> tokens = g.snapshot("DeleteOAuthTokens", linus);
    g.attempt("DeleteAppPasswords", linus).apply(asps);
    g.attempt("DeleteOAuthTokens", linus).apply(tokens);

    // A retry from the same before-image meets 404s only, and still records the step's change.
    assertThat(g.attempt("DeleteAppPasswords", linus).apply(asps).changed()).isTrue();
    assertThat(g.attempt("DeleteOAuthTokens", linus).apply(tokens).changed()).isTrue();
    assertThat(g.emulator.aspCodeIds(GoogleSandbox.LINUS)).isEmpty();
    assertThat(asps.get(DeleteAppPasswords.ASPS))
        .contains("Thunderbird on laptop", "git-credential on build box");
  }

  @Test
  void backupCodesAreInvalidatedAndOnlyTheirCountIsRecorded() {
    Receipt r =
        g.attempt("InvalidateBackupCodes", linus).apply(g.snapshot("InvalidateBackupCodes", linus));

    assertThat(r.before()).containsExactly(Map.entry(InvalidateBackupCodes.CODES, "10"));
    assertThat(g.emulator.backupCodes(GoogleSandbox.LINUS)).isZero();
    assertThat(g.emulator.backupCodes(GoogleSandbox.GRACE)).isEqualTo(10);
  }

  @Test
  void signOutEndsTheSessionsAndIsRecordedAsIrreversible() {
    Receipt r = g.attempt("SignOut", linus).apply(g.snapshot("SignOut", linus));

    assertThat(g.emulator.signedOutAt(GoogleSandbox.LINUS)).isNotNull();
    assertThat(r.reversible()).isFalse();
    assertThat(r.after()).containsKey(SignOut.SIGNED_OUT_AT);
  }

  @Test
  void googlesRateLimitAnswerWithoutRetryAfterIsRetriedAfterTheConfiguredBackoff() {
    Map<String, String> before = g.snapshot("SuspendUser", linus);
    g.sandbox
        .server()
        .faults()
        .inject(
            "PUT",
            DIRECTORY + "users/",
            1,
            HttpResponse.json(
                403,
                GoogleEmulator.errorBody(
                    403, "userRateLimitExceeded", "User Rate Limit Exceeded")));
    g.sandbox
        .server()
        .faults()
        .inject(
            "PUT",
            DIRECTORY + "users/",
            1,
            HttpResponse.json(
                429, GoogleEmulator.errorBody(429, "rateLimitExceeded", "Quota exceeded")));

    Duration backoff = Duration.ofSeconds(GoogleConfig.DEFAULT_BACKOFF_SECONDS);
    assertThatThrownBy(() -> g.attempt("SuspendUser", linus).apply(before))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class, e -> assertThat(e.retryAfter()).isEqualTo(backoff));
    assertThatThrownBy(() -> g.attempt("SuspendUser", linus).apply(before))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class, e -> assertThat(e.retryAfter()).isEqualTo(backoff));
    assertThat(g.emulator.suspended(GoogleSandbox.LINUS)).isFalse();
  }

  @Test
  void aScopeNotDelegatedParksOnlyTheActionsThatNeedItAndThePreflightNamesIt() {
    g.emulator.undelegate(GoogleEmulator.USER_SECURITY);
    GoogleTarget fresh = new GoogleTarget(GoogleConfig.sandbox(g.sandbox.baseUrl()));
    try {
      assertThatThrownBy(
              () ->
                  fresh.actions().stream()
                      .filter(a -> a.name().equals("DeleteAppPasswords"))
                      .findFirst()
                      .orElseThrow()
                      .snapshot(linus))
          .isInstanceOf(TargetException.PermissionDenied.class)
          .hasMessageContaining("unauthorized_client");
      // Suspension uses another scope and still works.
      fresh
          .actions()
          .get(0)
          .apply(
              linus,
              Map.of("suspended", "false"),
              new Decision.Write("suspend"),
              Progress.inMemory());
      assertThat(g.emulator.suspended(GoogleSandbox.LINUS)).isTrue();

      assertThat(fresh.check())
          .filteredOn(r -> r.permission().equals(GoogleEmulator.USER_SECURITY))
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.status())
                    .isEqualTo(dev.leaver.activities.target.PermissionCheck.Status.MISSING);
                assertThat(row.howToGrant()).contains("Domain-wide delegation");
              });
    } finally {
      fresh.close();
    }
  }

  @Test
  void aRefusalForLackOfAnAdminRoleIsPermissionDenied() {
    Map<String, String> before = g.snapshot("RemoveFromGroups", linus);
    g.sandbox
        .server()
        .faults()
        .inject(
            "DELETE",
            DIRECTORY + "groups/",
            1,
            HttpResponse.json(
                403,
                GoogleEmulator.errorBody(
                    403, "forbidden", "Not Authorized to access this resource/api")));

    assertThatThrownBy(() -> g.attempt("RemoveFromGroups", linus).apply(before))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining(GoogleClients.GROUP_MEMBER);
  }
}
