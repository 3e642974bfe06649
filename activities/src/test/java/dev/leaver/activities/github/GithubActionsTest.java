package dev.leaver.activities.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.github.GithubEmulator;
import dev.leaver.workflows.contract.Receipt;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract cannot see: what each GitHub action leaves in the organisation, and its undo.
 */
class GithubActionsTest {
  private Sandbox sandbox;
  private GithubEmulator emulator;
  private GithubTarget github;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    emulator = sandbox.emulator(GithubEmulator.class);
    github =
        new GithubTarget(
            GithubConfig.sandbox(sandbox.baseUrl())
                .withMappingFile(GithubSandbox.mappingFile().toString()));
  }

  @AfterEach
  void stop() {
    github.close();
    sandbox.close();
  }

  @Test
  void theKillSwitchRemovesTheDevelopersMembershipTokensAndSsoCredentialsAndNobodyElses() {
    for (String name :
        List.of(
            RevokeFineGrainedTokens.NAME,
            RevokeSsoAuthorizations.NAME,
            RemoveOrgMembership.NAME,
            CancelInvitations.NAME)) {
      assertThat(apply(name, linus()).changed()).as(name).isTrue();
    }

    assertThat(emulator.membership(GithubSandbox.LINUS)).isEmpty();
    assertThat(emulator.teams(GithubSandbox.LINUS)).isEmpty();
    assertThat(emulator.personalAccessTokens(GithubSandbox.LINUS)).isEmpty();
    assertThat(emulator.credentialAuthorizations(GithubSandbox.LINUS)).isEmpty();
    assertThat(emulator.invitations()).noneMatch(i -> i.contains("linus.okafor"));
    // Grace, the manager, keeps everything.
    assertThat(emulator.membership(GithubSandbox.GRACE)).contains("admin/active");
    assertThat(emulator.personalAccessTokens(GithubSandbox.GRACE)).containsExactly(25390L);
    assertThat(emulator.credentialAuthorizations(GithubSandbox.GRACE)).containsExactly(161210L);
    assertThat(emulator.teams(GithubSandbox.GRACE)).containsKeys("backend", "release-managers");
  }

  @Test
  void theMembershipUndoIsAnInvitationThatRestoresRoleAndTeamsOnlyOnceAccepted() {
    Receipt removed = apply(RemoveOrgMembership.NAME, linus());
    assertThat(removed.before())
        .containsEntry("role", "member")
        .containsEntry("teams", "backend:maintainer,platform:member");

    Receipt undone = attempt(RemoveOrgMembership.NAME, linus()).undo(removed);

    assertThat(undone.after().get("restoredAs"))
        .startsWith("an invitation, not a restore")
        .contains("accepts");
    assertThat(undone.after()).containsEntry("state", "pending");
    assertThat(emulator.membership(GithubSandbox.LINUS)).contains("member/pending");
    assertThat(emulator.teams(GithubSandbox.LINUS))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("backend", "maintainer/pending", "platform", "member/pending"));

    emulator.accept(GithubSandbox.LINUS);

    assertThat(emulator.membership(GithubSandbox.LINUS)).contains("member/active");
    assertThat(emulator.teams(GithubSandbox.LINUS))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("backend", "maintainer/active", "platform", "member/active"));
  }

  @Test
  void ssoRevocationStoppedOnTheSecondCredentialResumesWithoutRevokingTheFirstAgain() {
    TargetAction sso = action(RevokeSsoAuthorizations.NAME);
    Map<String, String> before = sso.snapshot(linus());
    sandbox
        .server()
        .faults()
        .inject(
            "DELETE",
            GithubSandbox.ORG + "/credential-authorizations/161196",
            1,
            HttpResponse.json(503, Map.of("message", "Service Unavailable")));
    Progress progress = Progress.inMemory();

    assertThatThrownBy(() -> attempt(RevokeSsoAuthorizations.NAME, linus(), progress).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(progress.items()).containsExactly("161195");
    assertThat(emulator.credentialAuthorizations(GithubSandbox.LINUS)).containsExactly(161196L);

    Receipt retried = attempt(RevokeSsoAuthorizations.NAME, linus(), progress).apply(before);

    assertThat(retried.changed()).isTrue();
    assertThat(emulator.credentialAuthorizations(GithubSandbox.LINUS)).isEmpty();
    assertThat(deletes("/credential-authorizations/161195")).isEqualTo(1);
    assertThat(retried.before().get("credentials"))
        .contains("personal access token …71c3fc11 'laptop-cli'")
        .contains("SSH key SHA256:");
  }

  @Test
  void aTokenRevokeWhoseAnswerWasLostIsNotSentAgainForTokensGithubNoLongerLists() {
    TargetAction pats = action(RevokeFineGrainedTokens.NAME);
    Map<String, String> before = pats.snapshot(linus());
    apply(RevokeFineGrainedTokens.NAME, linus(), before); // its answer is lost

    Receipt retried = apply(RevokeFineGrainedTokens.NAME, linus(), before);

    assertThat(retried.changed()).isTrue();
    assertThat(retried.before()).containsEntry("patIds", "25381,25382");
    assertThat(retried.notes()).anyMatch(n -> n.contains("no longer listed"));
    long posts =
        sandbox.server().requests().stream()
            .filter(q -> q.method().equals("POST") && q.path().endsWith("/personal-access-tokens"))
            .count();
    assertThat(posts).as("revoke requests").isEqualTo(1);
  }

  @Test
  void theOutsideCollaboratorUndoReInvitesPerRepositoryWithTheSavedRole() {
    Target margaret = new Target(GithubSandbox.MARGARET_LEAVER, GithubSandbox.MARGARET, "req");
    Receipt removed = apply(RemoveOutsideCollaborator.NAME, margaret);
    assertThat(removed.before())
        .containsEntry("repositories", "api-gateway:triage,mobile-app:write,docs:read");
    assertThat(emulator.repositoryAccess(GithubSandbox.MARGARET)).isEmpty();

    Receipt undone = attempt(RemoveOutsideCollaborator.NAME, margaret).undo(removed);

    assertThat(undone.after().get("restoredAs"))
        .startsWith("repository invitations, not a restore");
    assertThat(emulator.repositoryAccess(GithubSandbox.MARGARET))
        .containsExactly(
            Map.entry("api-gateway", "triage (invited)"),
            Map.entry("mobile-app", "write (invited)"),
            Map.entry("docs", "read (invited)"));
  }

  @Test
  void
      anOutsideCollaboratorStepStoppedAfterTheRemovalStillCancelsTheInvitationOnRetryAndUndoesEverything() {
    Target margaret = new Target(GithubSandbox.MARGARET_LEAVER, GithubSandbox.MARGARET, "req");
    Map<String, String> before = action(RemoveOutsideCollaborator.NAME).snapshot(margaret);
    sandbox
        .server()
        .faults()
        .inject(
            "DELETE",
            "/github/repos/contoso/api-gateway/invitations/",
            1,
            HttpResponse.json(503, Map.of("message", "Service Unavailable")));
    Progress progress = Progress.inMemory();

    assertThatThrownBy(
            () -> attempt(RemoveOutsideCollaborator.NAME, margaret, progress).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(progress.items()).containsExactlyInAnyOrder("api-gateway", "mobile-app", "docs");
    assertThat(emulator.repositoryAccess(GithubSandbox.MARGARET))
        .containsExactly(Map.entry("api-gateway", "triage (invited)"));

    attempt(RemoveOutsideCollaborator.NAME, margaret, progress).apply(before);
    assertThat(emulator.repositoryAccess(GithubSandbox.MARGARET)).isEmpty();

    attempt(RemoveOutsideCollaborator.NAME, margaret)
        .undo(
            attempt(RemoveOutsideCollaborator.NAME, margaret).unanswered(before, progress.items()));
    assertThat(action(RemoveOutsideCollaborator.NAME).snapshot(margaret)).isEqualTo(before);
  }

  @Test
  void aMemberIsNeverRemovedAsAnOutsideCollaborator() {
    Receipt r = apply(RemoveOutsideCollaborator.NAME, linus());

    assertThat(r.changed()).isFalse();
    assertThat(r.notes()).anyMatch(n -> n.contains("is a member of contoso"));
    assertThat(deletes("/outside_collaborators/")).isZero();
  }

  @Test
  void listsSpanningSeveralPagesAreReadToTheEnd() {
    emulator.maxPageSize(1);

    assertThat(action(RemoveOrgMembership.NAME).snapshot(linus()))
        .containsEntry("teams", "backend:maintainer,platform:member");
    assertThat(action(RevokeFineGrainedTokens.NAME).snapshot(linus()))
        .containsEntry("patIds", "25381,25382");
    assertThat(action(RevokeSsoAuthorizations.NAME).snapshot(linus()))
        .containsEntry("credentialIds", "161195,161196");
    assertThat(sandbox.server().requests())
        .anyMatch(q -> q.path().endsWith("/teams") && q.method().equals("GET"));
  }

  @Test
  void theEmailInvitationIsCancelledAndItsOfferRecorded() {
    Receipt r = apply(CancelInvitations.NAME, linus());

    assertThat(r.before()).containsEntry("invitationIds", "7001");
    assertThat(r.before().get("invitations"))
        .contains("linus.okafor@contoso.example")
        .contains("teams release-managers")
        .contains("invited by ghopper");
    assertThat(emulator.invitations()).containsExactly("7002:octo-newhire", "7003:mhamilton-dev");
    assertThat(r.reversible()).isFalse();
  }

  // ---- helpers -------------------------------------------------------------------------------

  private Target linus() {
    return new Target(GithubSandbox.LINUS_LEAVER, GithubSandbox.LINUS, "req");
  }

  private TargetAction action(String name) {
    return github.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private Attempt attempt(String name, Target target) {
    return attempt(name, target, Progress.inMemory());
  }

  private Attempt attempt(String name, Target target, Progress progress) {
    return new Attempt("github", action(name), target, Clock.systemUTC(), 1, progress);
  }

  private Receipt apply(String name, Target target) {
    return apply(name, target, action(name).snapshot(target));
  }

  private Receipt apply(String name, Target target, Map<String, String> before) {
    return attempt(name, target).apply(before);
  }

  private long deletes(String pathPart) {
    return sandbox.server().requests().stream()
        .filter(q -> q.method().equals("DELETE") && q.path().contains(pathPart))
        .count();
  }
}
