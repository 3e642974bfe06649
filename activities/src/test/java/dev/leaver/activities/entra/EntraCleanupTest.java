package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.workflows.contract.Receipt;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clean-up: group memberships and licences, against the demo tenant where Ada is in five groups.
 */
class EntraCleanupTest extends EntraSandbox {
  static final String ENGINEERING = "0b1e2f3a-1111-4aaa-8000-000000000001";
  static final String APOLLO = "0b1e2f3a-2222-4aaa-8000-000000000002";
  static final String LICENSING_EMS = "0b1e2f3a-3333-4aaa-8000-000000000003";

  @Test
  void groupRemovalPagesThroughMemberOfRemovesWhatGraphCanAndReportsTheRest() {
    Receipt r = run("RemoveGroupMemberships");

    assertThat(r.changed()).isTrue();
    assertThat(r.before().get("groups").split(", "))
        .as("all three pages read")
        .containsExactlyInAnyOrder(
            "Engineering",
            "Project Apollo",
            "Licensing - EMS",
            "All Staff",
            "Finance Announcements");
    assertThat(r.after().get("changedItems").split(","))
        .containsExactlyInAnyOrder(ENGINEERING, APOLLO, LICENSING_EMS);
    assertThat(graph.groupNamesOf(ADA)).containsExactly("All Staff", "Finance Announcements");
    assertThat(graph.isMember("Engineering", ADA)).isFalse();
    assertThat(graph.isMember("Engineering", GRACE)).as("other members untouched").isTrue();
    assertThat(r.remaining())
        .hasSize(2)
        .anySatisfy(s -> assertThat(s).startsWith("All Staff: dynamic membership rule"))
        .anySatisfy(s -> assertThat(s).startsWith("Finance Announcements: distribution"));
    assertThat(sandbox.server().requests())
        .filteredOn(q -> q.path().endsWith("/memberOf"))
        .as("5 groups at 2 a page: 3 pages for the snapshot, 1 for the two left after")
        .hasSize(4);
    assertThat(graph.user(ADA).allLicenses())
        .as("EMS came with Licensing - EMS")
        .doesNotContain(EMS);
    assertThat(action("RemoveGroupMemberships").verify(ada, r).accessRemoved()).isTrue();
  }

  @Test
  void repeatingGroupRemovalWritesNothingAndStillReportsTheGroupsGraphCannotChange() {
    run("RemoveGroupMemberships");
    int deletes = requests("DELETE").size();

    Receipt again = run("RemoveGroupMemberships");

    assertThat(again.changed()).isFalse();
    assertThat(again.after().get("changedItems")).isNull();
    assertThat(requests("DELETE")).hasSize(deletes);
    assertThat(again.remaining()).hasSize(2);
  }

  @Test
  void groupRemovalTreatsGraphsNotFoundAndDoNotExistAnswersAsAlreadyRemovedAndVerifyStillChecks() {
    // Between the read and the write someone else removed two memberships: Graph answers the
    // first DELETE with its 404 form and the second with its 400 "do not exist" form.
    sandbox
        .server()
        .faults()
        .inject(
            "DELETE",
            "/graph/v1.0/groups/",
            1,
            HttpResponse.json(
                404,
                Map.of(
                    "error",
                    Map.of(
                        "code",
                        "Request_ResourceNotFound",
                        "message",
                        "Resource does not exist"))));
    sandbox
        .server()
        .faults()
        .inject(
            "DELETE",
            "/graph/v1.0/groups/",
            1,
            HttpResponse.json(
                400,
                Map.of(
                    "error",
                    Map.of(
                        "code",
                        "Request_BadRequest",
                        "message",
                        "One or more removed object "
                            + "references do not exist for the following modified properties: 'members'."))));

    Receipt r = run("RemoveGroupMemberships");

    // Both were in the step's before-image, so their absence counts as this step's progress.
    assertThat(r.after().get("changedItems").split(",")).hasSize(3);
    // The sandbox's faults only pretended those two were gone: the re-read is what counts.
    assertThat(action("RemoveGroupMemberships").verify(ada, r).accessRemoved()).isFalse();
    assertThat(action("RemoveGroupMemberships").verify(ada, r).detail())
        .contains("Engineering", "Project Apollo");
  }

  @Test
  void undoOfGroupRemovalReaddsExactlyTheGroupsItRemovedAndIsSafeToRepeat() {
    Receipt r = run("RemoveGroupMemberships");
    action("RemoveGroupMemberships").undo(ada, r, Progress.inMemory());
    action("RemoveGroupMemberships").undo(ada, r, Progress.inMemory()); // finds them back: no write

    assertThat(graph.groupNamesOf(ADA))
        .containsExactlyInAnyOrder(
            "Engineering",
            "Project Apollo",
            "Licensing - EMS",
            "All Staff",
            "Finance Announcements");
    assertThat(graph.user(ADA).allLicenses()).contains(EMS);
    assertThat(requests("POST")).filteredOn(q -> q.path().endsWith("/members/$ref")).hasSize(3);
  }

  @Test
  void groupRemovalWithoutGroupMemberWriteIsPermissionDeniedAndRemovesNothing() {
    graph.revokePermission("GroupMember.ReadWrite.All");
    graph.revokePermission("Group.ReadWrite.All"); // Graph accepts it for memberships too

    assertThatThrownBy(() -> run("RemoveGroupMemberships"))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("GroupMember.ReadWrite.All");
    assertThat(graph.groupNamesOf(ADA)).hasSize(5);
  }

  @Test
  void licenceRemovalTakesDirectOnesReportsInheritedOnesAndUndoRestoresDisabledPlans() {
    Receipt r = run("RemoveLicenses");

    assertThat(r.changed()).isTrue();
    assertThat(r.apiRequestId()).matches(UUID_PATTERN);
    assertThat(graph.user(ADA).directLicenses()).isEmpty();
    assertThat(graph.user(ADA).allLicenses()).containsExactly(EMS);
    assertThat(r.notes())
        .singleElement()
        .asString()
        .startsWith("EMS inherited from group Licensing - EMS:");
    assertThat(r.remaining()).isEmpty();
    assertThat(r.before().get("disabledPlans." + E3))
        .isEqualTo("a23b959c-7ce8-4e57-9140-b90eb88a9e97");
    assertThat(action("RemoveLicenses").verify(ada, r).accessRemoved()).isTrue();

    Receipt again = run("RemoveLicenses");
    assertThat(again.changed()).isFalse();
    assertThat(requests("POST")).filteredOn(q -> q.path().endsWith("/assignLicense")).hasSize(1);

    action("RemoveLicenses").undo(ada, r, Progress.inMemory());
    assertThat(graph.user(ADA).directLicenses()).containsExactly(E3);
    assertThat(action("RemoveLicenses").snapshot(ada).get("disabledPlans." + E3))
        .isEqualTo("a23b959c-7ce8-4e57-9140-b90eb88a9e97");
    assertThat(action("RemoveLicenses").verify(ada, r).accessRemoved()).isFalse();
  }

  @Test
  void licenceRemovalDeniedByGraphIsPermissionDeniedNamingLicenseAssignment() {
    graph.denyWrites(true);

    assertThatThrownBy(() -> run("RemoveLicenses"))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("LicenseAssignment.ReadWrite.All");
    assertThat(graph.user(ADA).directLicenses()).containsExactly(E3);
  }
}
