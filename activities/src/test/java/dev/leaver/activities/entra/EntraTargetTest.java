package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.IrreversibleException;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.Stage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Entra connector's resolution, kill switch and error mapping, through the real Graph SDK over
 * HTTP against the sandbox tenant.
 */
class EntraTargetTest extends EntraSandbox {

  @Test
  void actionsRunInTheDocumentedOrderWithTheirStagesAndReversibility() {
    assertThat(entra.id()).isEqualTo("entra");
    assertThat(entra.actions())
        .extracting(TargetAction::name)
        .containsExactly(
            "DisableAccount",
            "RevokeSessions",
            "RemoveGroupMemberships",
            "RemoveLicenses",
            "SetLeaveDate",
            "RemoveAppRoleAssignments",
            "RevokeOAuthConsents",
            "DeleteAuthenticationMethods",
            "HandOverOwnership",
            "GrantOneDriveToManager",
            "DeleteAccount");
    assertThat(entra.actions())
        .extracting(a -> a.spec().stage())
        .containsExactly(
            Stage.KILL_SWITCH,
            Stage.KILL_SWITCH,
            Stage.CLEANUP,
            Stage.CLEANUP,
            Stage.CLEANUP,
            Stage.CLEANUP,
            Stage.CLEANUP,
            Stage.CLEANUP,
            Stage.CLEANUP,
            Stage.HANDOVER,
            Stage.DELETION);
    assertThat(entra.actions())
        .extracting(a -> a.spec().reversible())
        .containsExactly(true, false, true, true, true, true, true, false, true, true, true);
  }

  @Test
  void resolveFindsTheUserByUpnAndReportsAnUnknownOneAsNotFound() {
    Resolution found = entra.resolve(new Leaver("E1001", ADA, null));
    assertThat(found.found()).isTrue();
    assertThat(found.accountId()).isEqualTo(ADA_ID);

    Resolution missing = entra.resolve(new Leaver("E9", "nobody@contoso.example", null));
    assertThat(missing.found()).isFalse();
    assertThat(missing.accountId()).isNull();
    assertThat(missing.detail()).contains("no Entra user").doesNotContain("nobody");
  }

  @Test
  void disableAccountTurnsSignInOffIsANoOpWhenRepeatedAndUndoRestoresIt() {
    Receipt first = run("DisableAccount");
    assertThat(first.changed()).isTrue();
    assertThat(first.before()).containsEntry("accountEnabled", "true");
    assertThat(graph.user(ADA).accountEnabled()).isFalse();
    assertThat(requests("PATCH")).hasSize(1);

    Receipt again = run("DisableAccount");
    assertThat(again.changed()).isFalse();
    assertThat(requests("PATCH")).as("no second write").hasSize(1);
    assertThat(action("DisableAccount").verify(ada, again).accessRemoved()).isTrue();

    action("DisableAccount").undo(ada, first, Progress.inMemory());
    assertThat(graph.user(ADA).accountEnabled()).isTrue();
    assertThat(action("DisableAccount").verify(ada, first).accessRemoved()).isFalse();
  }

  @Test
  void undoLeavesAnAccountThatWasAlreadyDisabledDisabled() {
    graph.setAccountEnabled(ADA, false);
    Receipt r = run("DisableAccount");

    action("DisableAccount").undo(ada, r, Progress.inMemory());

    assertThat(graph.user(ADA).accountEnabled()).isFalse();
    assertThat(requests("PATCH")).isEmpty();
  }

  @Test
  void aSyncedAccountIsReportedForADNotPatchedInGraphAndItsUndoWritesNothing() {
    Target alan = new Target(new Leaver("E1002", ALAN, null), ALAN_ID, "req-2");
    Receipt r = run("DisableAccount", alan);

    assertThat(r.changed()).isFalse();
    assertThat(r.remaining()).singleElement().asString().contains("on-prem Active Directory");
    assertThat(graph.user(ALAN).accountEnabled()).isTrue();

    action("DisableAccount").undo(alan, r, Progress.inMemory());
    assertThat(requests("PATCH")).as("Graph would refuse a synced account").isEmpty();
  }

  @Test
  void aSyncedAccountIsNotDeletedInEntraButParksToBeDeletedInAd() {
    Target alan = new Target(new Leaver("E1002", ALAN, null), ALAN_ID, "req-3");
    Receipt r = run("DeleteAccount", alan);

    assertThat(r.changed()).isFalse();
    assertThat(r.remaining()).singleElement().asString().contains("delete it there");
    assertThat(graph.user(ALAN)).as("still in the directory").isNotNull();
    assertThat(requests("DELETE")).isEmpty();
  }

  @Test
  void writesKeepGraphsRequestIdForTheReceipt() {
    assertThat(run("DisableAccount").apiRequestId()).matches(UUID_PATTERN);
    assertThat(run("RevokeSessions").apiRequestId()).matches(UUID_PATTERN);
  }

  @Test
  void revokeSessionsMovesTheValidFromTimeAndCannotBeUndone() {
    Instant before = graph.user(ADA).signInSessionsValidFrom();
    Receipt r = run("RevokeSessions");

    Instant after = graph.user(ADA).signInSessionsValidFrom();
    assertThat(after)
        .isAfter(before)
        .isAfterOrEqualTo(r.startedAt().truncatedTo(ChronoUnit.SECONDS));
    assertThat(OffsetDateTime.parse(r.after().get("signInSessionsValidFromDateTime")).toInstant())
        .as("the receipt's after-image is the new value")
        .isEqualTo(after);
    assertThat(r.changed()).isTrue();
    assertThat(r.reversible()).isFalse();
    assertThat(action("RevokeSessions").verify(ada, r).accessRemoved()).isTrue();
    assertThatThrownBy(() -> action("RevokeSessions").undo(ada, r, Progress.inMemory()))
        .isInstanceOf(IrreversibleException.class);
  }

  @Test
  void revokeSessionsVerificationFailsWhenSessionsAreValidFromBeforeTheStepStarted() {
    Receipt r = run("RevokeSessions");
    Receipt later =
        new Receipt(
            r.system(),
            r.action(),
            r.target(),
            r.before(),
            r.after(),
            true,
            false,
            r.requestId(),
            null,
            Instant.now().plus(Duration.ofHours(1)),
            null,
            1,
            null,
            null);

    assertThat(action("RevokeSessions").verify(ada, later).accessRemoved()).isFalse();
  }

  @Test
  void throttlingFailsAtOnceWithTheServersRetryAfterForTemporalToWait() {
    sandbox.server().faults().throttle("PATCH", "/graph/v1.0/users/", 1, 2);

    // One retry layer: the SDK does not wait inside the call (which could outlive the attempt).
    assertThatThrownBy(() -> run("DisableAccount"))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(java.time.Duration.ofSeconds(2)));
    assertThat(requests("PATCH")).extracting(SandboxServer.Logged::status).containsExactly(429);
    assertThat(graph.user(ADA).accountEnabled()).isTrue();
  }

  @Test
  void aMissingPermissionIsReportedAsPermissionDeniedNamingItAndGraphsRequestId() {
    graph.revokePermission("User.EnableDisableAccount.All");

    assertThatThrownBy(() -> run("DisableAccount"))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("403")
        .hasMessageContaining("Authorization_RequestDenied")
        .hasMessageContaining("User.EnableDisableAccount.All")
        .hasMessageMatching("(?s).*request-id " + UUID_PATTERN + ".*");
    assertThat(graph.user(ADA).accountEnabled()).isTrue();
  }

  @Test
  void refusedCredentialsAreReportedAsPermissionDeniedWithoutBlamingAPermission() {
    sandbox
        .server()
        .faults()
        .inject(
            "GET",
            "/graph/v1.0/users",
            1,
            HttpResponse.json(
                401,
                Map.of(
                    "error",
                    Map.of(
                        "code",
                        "InvalidAuthenticationToken",
                        "message",
                        "Access token has expired."))));

    assertThatThrownBy(() -> entra.resolve(new Leaver("E1001", ADA, null)))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("credentials");
  }

  @Test
  void aServerErrorThatOutlastsTheSdksRetriesIsRetryableForTemporalWithItsRetryAfter() {
    sandbox
        .server()
        .faults()
        .inject(
            "POST",
            "/graph/v1.0/users/" + ADA_ID + "/revokeSignInSessions",
            10,
            HttpResponse.json(
                    503,
                    Map.of("error", Map.of("code", "serviceNotAvailable", "message", "try later")))
                .withHeader("Retry-After", "0"));

    assertThatThrownBy(() -> run("RevokeSessions"))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ZERO))
        .hasMessageContaining("503");
    assertThat(requests("POST")).as("the SDK retried before giving up").hasSizeGreaterThan(1);
  }

  @Test
  void aRequestGraphRefusesForGoodIsRejected() {
    Target ghost =
        new Target(
            new Leaver("E9", "ghost@contoso.example", null),
            "00000000-0000-0000-0000-000000000000",
            "r");

    assertThatThrownBy(() -> run("DisableAccount", ghost))
        .isInstanceOf(TargetException.Rejected.class)
        .hasMessageContaining("404")
        .hasMessageContaining("Request_ResourceNotFound");
  }
}
