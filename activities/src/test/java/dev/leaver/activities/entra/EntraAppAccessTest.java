package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.graph.AppRoleAssignments.Assignment;
import dev.leaver.sandbox.graph.PermissionGrants.Grant;
import dev.leaver.workflows.contract.Receipt;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * App role assignments and consents to apps, against the demo tenant: Ada is assigned to
 * Salesforce, Workday and ServiceNow, and has consented to Zoom and Miro acting as her.
 */
class EntraAppAccessTest extends EntraSandbox {
  private static final String SALESFORCE = "5e0c1a2b-0001-4000-8000-0000000a0001";
  private static final String STANDARD_USER = "7a1e0001-0000-4000-8000-00000000a001";
  private static final String WORKDAY = "5e0c1a2b-0002-4000-8000-0000000a0002";

  @Test
  void appRoleAssignmentsAreRemovedAndTheUndoRecreatesExactlyThoseAndRecordsTheirNewIds() {
    List<Assignment> before = graph.appRoleAssignments().of(ADA);
    Receipt r = run("RemoveAppRoleAssignments");

    assertThat(r.changed()).isTrue();
    assertThat(r.before().get("apps")).isEqualTo("Salesforce, ServiceNow, Workday");
    assertThat(graph.appRoleAssignments().of(ADA)).isEmpty();
    assertThat(graph.appRoleAssignments().of(GRACE)).as("nobody else's").isEmpty();
    assertThat(action("RemoveAppRoleAssignments").verify(ada, r).accessRemoved()).isTrue();

    Map<String, String> undone =
        action("RemoveAppRoleAssignments").undo(ada, r, Progress.inMemory());

    List<Assignment> after = graph.appRoleAssignments().of(ADA);
    assertThat(after)
        .extracting(Assignment::resourceId, Assignment::appRoleId)
        .containsExactlyInAnyOrderElementsOf(
            before.stream()
                .map(a -> org.assertj.core.groups.Tuple.tuple(a.resourceId(), a.appRoleId()))
                .toList());
    assertThat(after)
        .extracting(Assignment::id)
        .doesNotContainAnyElementsOf(before.stream().map(Assignment::id).toList());
    assertThat(undone.get("restoredAssignmentIds").split(","))
        .hasSize(3)
        .allSatisfy(
            entry -> assertThat(after).extracting(Assignment::id).contains(entry.split("=")[1]));
    action("RemoveAppRoleAssignments").undo(ada, r, Progress.inMemory());
    assertThat(requests("POST"))
        .filteredOn(q -> q.path().endsWith("/appRoleAssignments"))
        .as("a second undo re-creates nothing")
        .hasSize(3);
  }

  @Test
  void anUndoAfterAHalfDoneRemovalRecreatesOnlyTheAssignmentItRemoved() {
    TargetAction action = action("RemoveAppRoleAssignments");
    Map<String, String> before = action.snapshot(ada);
    Assignment workday =
        graph.appRoleAssignments().of(ADA).stream()
            .filter(a -> a.resourceId().equals(WORKDAY))
            .findFirst()
            .orElseThrow();
    sandbox
        .server()
        .faults()
        .inject(
            "DELETE",
            "/graph/v1.0/users/" + ADA_ID + "/appRoleAssignments/" + workday.id(),
            1,
            HttpResponse.json(
                403,
                Map.of(
                    "error",
                    Map.of(
                        "code",
                        "Authorization_RequestDenied",
                        "message",
                        "Insufficient privileges to complete the operation."))));
    Progress progress = Progress.inMemory();
    Attempt attempt = new Attempt("entra", action, ada, Clock.systemUTC(), 1, progress);

    assertThatThrownBy(() -> attempt.apply(before))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("AppRoleAssignment.ReadWrite.All");
    assertThat(progress.items())
        .as("Salesforce went before Workday was refused")
        .containsExactly(SALESFORCE + ":" + STANDARD_USER);

    Attempt rescind = new Attempt("entra", action, ada, Clock.systemUTC(), 1, Progress.inMemory());
    rescind.undo(rescind.unanswered(before, progress.items()));

    assertThat(graph.appRoleAssignments().of(ADA)).hasSize(3);
    assertThat(requests("POST"))
        .filteredOn(q -> q.path().endsWith("/appRoleAssignments"))
        .hasSize(1);
  }

  @Test
  void consentsAreRevokedAndTheUndoRecreatesThemWithTheirScopesForTheLeaverOnly() {
    List<Grant> before = graph.permissionGrants().of(ADA);
    Receipt r = run("RevokeOAuthConsents");

    assertThat(r.changed()).isTrue();
    assertThat(graph.permissionGrants().of(ADA)).isEmpty();
    assertThat(graph.permissionGrants().of(ZOE))
        .as("Zoë's consent to the same app stays")
        .hasSize(1);
    assertThat(r.notes())
        .contains("access tokens already issued to these apps stay valid until they expire");
    assertThat(action("RevokeOAuthConsents").verify(ada, r).accessRemoved()).isTrue();

    action("RevokeOAuthConsents").undo(ada, r, Progress.inMemory());

    assertThat(graph.permissionGrants().of(ADA))
        .extracting(Grant::clientId, Grant::resourceId, Grant::scope, Grant::consentType)
        .containsExactlyInAnyOrderElementsOf(
            before.stream()
                .map(
                    g ->
                        org.assertj.core.groups.Tuple.tuple(
                            g.clientId(), g.resourceId(), g.scope(), "Principal"))
                .toList());
  }

  @Test
  void zoeSyncedFromAdLosesHerAppAssignmentsAndConsentsInEntra() {
    assertThat(run("RemoveAppRoleAssignments", zoe).changed()).isTrue();
    assertThat(run("RevokeOAuthConsents", zoe).changed()).isTrue();

    assertThat(graph.appRoleAssignments().of(ZOE)).isEmpty();
    assertThat(graph.permissionGrants().of(ZOE)).isEmpty();
    assertThat(graph.appRoleAssignments().of(ADA)).hasSize(3);
  }
}
