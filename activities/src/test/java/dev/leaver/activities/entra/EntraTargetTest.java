package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.IrreversibleException;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.graph.GraphEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Entra connector through the real Graph SDK, over HTTP, against the sandbox tenant. */
class EntraTargetTest {
  static final String ADA = "ada.lovelace@contoso.example";
  static final String ADA_ID = "3f1c2a9e-7b4d-4c1e-9a51-0e5d6b2f1001";
  static final String GRACE = "grace.hopper@contoso.example";
  static final String EMS = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
  static final String E3 = "6fd2c87f-b296-42f0-b197-1e91e994b900";

  private Sandbox sandbox;
  private GraphEmulator graph;
  private EntraTarget entra;
  private final Target ada = new Target(new Leaver("E1001", ADA, GRACE), ADA_ID, "req-1");

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    graph = sandbox.graph();
    entra = new EntraTarget(EntraConfig.sandbox(sandbox.baseUrl()));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void resolveFindsTheUserByUpnAndReportsAnUnknownOneAsNotFound() {
    assertThat(entra.resolve(new Leaver("E1001", ADA, null)).accountId()).isEqualTo(ADA_ID);
    var missing = entra.resolve(new Leaver("E9", "nobody@contoso.example", null));
    assertThat(missing.found()).isFalse();
    assertThat(missing.detail()).doesNotContain("nobody");
  }

  @Test
  void disableAccountTurnsSignInOffIsANoOpWhenRepeatedAndUndoRestoresIt() {
    Receipt first = run(action("DisableAccount"));
    assertThat(first.changed()).isTrue();
    assertThat(graph.user(ADA).accountEnabled()).isFalse();

    long patches = patches();
    Receipt again = run(action("DisableAccount"));
    assertThat(again.changed()).isFalse();
    assertThat(patches()).as("no second write").isEqualTo(patches);
    assertThat(action("DisableAccount").verify(ada, again).accessRemoved()).isTrue();

    action("DisableAccount").undo(ada, first);
    assertThat(graph.user(ADA).accountEnabled()).isTrue();
    assertThat(action("DisableAccount").verify(ada, first).accessRemoved()).isFalse();
  }

  @Test
  void aSyncedAccountIsReportedForADNotPatchedInGraph() {
    Target alan = new Target(new Leaver("E1002", "alan.turing@contoso.example", null),
        "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b3003", "req-2");
    TargetAction disable = action("DisableAccount");
    Change change = disable.apply(alan, disable.snapshot(alan));
    assertThat(change.changed()).isFalse();
    assertThat(change.remaining()).singleElement().asString().contains("on-prem Active Directory");
    assertThat(graph.user("alan.turing@contoso.example").accountEnabled()).isTrue();
  }

  @Test
  void revokeSessionsMovesTheValidFromTimeAndCannotBeUndone() {
    Instant before = graph.user(ADA).signInSessionsValidFrom();
    Receipt r = run(action("RevokeSessions"));

    assertThat(graph.user(ADA).signInSessionsValidFrom()).isAfter(before);
    assertThat(r.reversible()).isFalse();
    assertThat(action("RevokeSessions").verify(ada, r).accessRemoved()).isTrue();
    assertThatThrownBy(() -> action("RevokeSessions").undo(ada, r)).isInstanceOf(IrreversibleException.class);
  }

  @Test
  void groupRemovalPagesThroughMemberOfRemovesWhatGraphCanAndReportsTheRest() {
    Receipt r = run(action("RemoveGroupMemberships"));

    assertThat(graph.groupNamesOf(ADA)).containsExactly("All Staff", "Finance Announcements");
    assertThat(r.before().get("groups")).contains("Engineering", "Project Apollo", "Licensing - EMS");
    assertThat(r.remaining()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith("All Staff: dynamic"))
        .anySatisfy(s -> assertThat(s).startsWith("Finance Announcements: distribution"));
    assertThat(sandbox.server().requests()).filteredOn(q -> q.path().endsWith("/memberOf"))
        .as("5 groups at 2 a page: 3 pages before, 1 after").hasSizeGreaterThanOrEqualTo(4);
    assertThat(graph.user(ADA).allLicenses()).as("EMS came with Licensing - EMS").doesNotContain(EMS);
    assertThat(action("RemoveGroupMemberships").verify(ada, r).accessRemoved()).isTrue();
  }

  @Test
  void groupRemovalTreatsGraphsNotFoundAndDoNotExistAnswersAsAlreadyRemovedAndVerifyStillChecks() {
    // Between the read and the write someone else removed two memberships: Graph answers the
    // first DELETE with its 404 form and the second with its 400 "do not exist" form.
    sandbox.server().faults().inject("DELETE", "/graph/v1.0/groups/", 1, HttpResponse.json(404,
        Map.of("error", Map.of("code", "Request_ResourceNotFound", "message", "Resource does not exist"))));
    sandbox.server().faults().inject("DELETE", "/graph/v1.0/groups/", 1, HttpResponse.json(400,
        Map.of("error", Map.of("code", "Request_BadRequest", "message", "One or more removed object "
            + "references do not exist for the following modified properties: 'members'."))));

    Receipt r = run(action("RemoveGroupMemberships"));

    assertThat(r.after().get("removedGroupIds").split(",")).as("only the third was removed now").hasSize(1);
    // The sandbox's faults only pretended those two were gone: the re-read is what counts.
    assertThat(action("RemoveGroupMemberships").verify(ada, r).detail())
        .contains("Engineering", "Project Apollo");
  }

  @Test
  void undoOfGroupRemovalReaddsExactlyTheGroupsItRemoved() {
    Receipt r = run(action("RemoveGroupMemberships"));
    action("RemoveGroupMemberships").undo(ada, r);
    action("RemoveGroupMemberships").undo(ada, r);

    assertThat(graph.groupNamesOf(ADA)).containsExactlyInAnyOrder(
        "Engineering", "Project Apollo", "Licensing - EMS", "All Staff", "Finance Announcements");
  }

  @Test
  void licenceRemovalTakesDirectOnesReportsInheritedOnesAndUndoRestoresDisabledPlans() {
    Receipt r = run(action("RemoveLicenses"));

    assertThat(graph.user(ADA).directLicenses()).isEmpty();
    assertThat(graph.user(ADA).allLicenses()).containsExactly(EMS);
    assertThat(r.notes()).singleElement().asString().contains(EMS).contains("inherited");
    assertThat(r.before().get("disabledPlans." + E3)).isEqualTo("a23b959c-7ce8-4e57-9140-b90eb88a9e97");
    assertThat(run(action("RemoveLicenses")).changed()).isFalse();

    action("RemoveLicenses").undo(ada, r);
    assertThat(graph.user(ADA).directLicenses()).containsExactly(E3);
    assertThat(action("RemoveLicenses").snapshot(ada).get("disabledPlans." + E3))
        .isEqualTo("a23b959c-7ce8-4e57-9140-b90eb88a9e97");
  }

  @Test
  void oneDriveHandoverGivesTheManagerWriteOnceAndItsUndoTakesItBack() {
    Receipt grant = run(action("GrantOneDriveToManager"));
    assertThat(graph.driveAccess(ADA)).containsExactly(Map.entry(GRACE, List.of("write")));
    assertThat(action("GrantOneDriveToManager").verify(ada, grant).accessRemoved()).isFalse();

    Receipt again = run(action("GrantOneDriveToManager"));
    assertThat(again.changed()).isFalse();
    assertThat(graph.driveAccess(ADA)).hasSize(1);

    action("GrantOneDriveToManager").undo(ada, grant);
    action("GrantOneDriveToManager").undo(ada, grant);
    assertThat(graph.driveAccess(ADA)).isEmpty();
    assertThat(action("GrantOneDriveToManager").verify(ada, grant).accessRemoved()).isTrue();
  }

  @Test
  void throttlingIsRetriedAfterTheServersRetryAfter() {
    sandbox.server().faults().throttle("PATCH", "/graph/v1.0/users/", 1, 2);

    run(action("DisableAccount"));

    assertThat(graph.user(ADA).accountEnabled()).isFalse();
    List<SandboxServer.Logged> patches = sandbox.server().requests().stream()
        .filter(q -> q.method().equals("PATCH")).toList();
    assertThat(patches).extracting(SandboxServer.Logged::status).containsExactly(429, 204);
    assertThat(patches.get(1).atMillis() - patches.get(0).atMillis()).isGreaterThanOrEqualTo(2000);
  }

  @Test
  void aMissingPermissionIsReportedAsPermissionDeniedNamingIt() {
    graph.revokePermission("User.EnableDisableAccount.All");

    assertThatThrownBy(() -> run(action("DisableAccount")))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("403")
        .hasMessageContaining("User.EnableDisableAccount.All");
    assertThat(graph.user(ADA).accountEnabled()).isTrue();
  }

  @Test
  void aServerErrorThatOutlastsTheSdksRetriesIsRetryableForTemporal() {
    sandbox.server().faults().inject("POST", "/graph/v1.0/users/" + ADA_ID + "/revokeSignInSessions", 10,
        HttpResponse.json(503, Map.of("error", Map.of("code", "serviceNotAvailable", "message", "try later")))
            .withHeader("Retry-After", "0"));

    assertThatThrownBy(() -> run(action("RevokeSessions")))
        .isInstanceOf(TargetException.Retryable.class)
        .hasMessageContaining("503");
  }

  private TargetAction action(String name) {
    return entra.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  /** What the dispatcher does: snapshot, apply, receipt. */
  private Receipt run(TargetAction action) {
    Instant started = Instant.now();
    Map<String, String> before = action.snapshot(ada);
    Change c = action.apply(ada, before);
    return new Receipt("entra", action.name(), ada.accountId(), before, c.after(), c.changed(),
        action.reversible(), "req-1", c.apiRequestId(), started, Instant.now(), 1, c.remaining(), c.notes());
  }

  private long patches() {
    return sandbox.server().requests().stream().filter(q -> q.method().equals("PATCH")).count();
  }
}
