package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.target.Target;
import dev.leaver.sandbox.graph.GraphEmulator.DrivePermission;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OneDrive handover to the manager, and its revocation when the handover period ends. */
class EntraHandoverTest extends EntraSandbox {

  @Test
  void oneDriveHandoverGivesTheManagerWriteOnceAndItsUndoTakesItBack() {
    Receipt grant = run("GrantOneDriveToManager");
    List<DrivePermission> perms = graph.drivePermissions(ADA);
    assertThat(perms).singleElement().satisfies(p -> {
      assertThat(p.email()).isEqualTo(GRACE);
      assertThat(p.roles()).containsExactly("write");
    });
    assertThat(grant.changed()).isTrue();
    assertThat(grant.apiRequestId()).matches(UUID_PATTERN);
    assertThat(grant.after()).containsEntry("permissionId", perms.get(0).id())
        .containsKeys("driveId", "rootId");
    assertThat(requests("POST")).filteredOn(q -> q.path().endsWith("/invite")).singleElement()
        .satisfies(q -> assertThat(q.path()).startsWith("/graph/v1.0/drives/"));
    assertThat(action("GrantOneDriveToManager").verify(ada, grant).accessRemoved()).isFalse();

    Receipt again = run("GrantOneDriveToManager");
    assertThat(again.changed()).isFalse();
    assertThat(again.after()).containsEntry("permissionId", perms.get(0).id());
    assertThat(graph.drivePermissions(ADA)).as("still one permission").hasSize(1);
    assertThat(requests("POST")).as("no second invite").filteredOn(q -> q.path().endsWith("/invite")).hasSize(1);

    action("GrantOneDriveToManager").undo(ada, grant);
    action("GrantOneDriveToManager").undo(ada, grant); // Graph's 404 for a deleted permission = done
    assertThat(graph.drivePermissions(ADA)).isEmpty();
    assertThat(action("GrantOneDriveToManager").verify(ada, grant).accessRemoved()).isTrue();
  }

  @Test
  void withoutAManagerNothingIsGrantedAndTheStepSaysWhy() {
    Target noManager = new Target(new Leaver("E1001", ADA, null), ADA_ID, "req-3");

    Receipt r = run("GrantOneDriveToManager", noManager);

    assertThat(r.changed()).isFalse();
    assertThat(r.remaining()).singleElement().asString().contains("no manager");
    assertThat(graph.drivePermissions(ADA)).isEmpty();
    action("GrantOneDriveToManager").undo(noManager, r);
    assertThat(requests("DELETE")).isEmpty();
  }

  @Test
  void aLeaverWithoutAOneDriveHasNothingToHandOver() {
    Target alan = new Target(new Leaver("E1002", ALAN, GRACE), ALAN_ID, "req-4");

    Receipt r = run("GrantOneDriveToManager", alan);

    assertThat(r.changed()).isFalse();
    assertThat(r.remaining()).isEmpty();
    assertThat(r.notes()).singleElement().asString().contains("no OneDrive");
    action("GrantOneDriveToManager").undo(alan, r);
    assertThat(action("GrantOneDriveToManager").verify(alan, r).accessRemoved()).isTrue();
  }

  @Test
  void accessTheManagerAlreadyHadIsNotDuplicatedAndIsTakenBackAtTheEndAsTheNoteSays() {
    Receipt first = run("GrantOneDriveToManager");
    // The first attempt's result was lost (say the worker died): Temporal runs the step again.
    Receipt retried = run("GrantOneDriveToManager");

    assertThat(retried.notes()).singleElement().asString().contains("removed when the handover ends");
    action("GrantOneDriveToManager").undo(ada, retried);
    assertThat(graph.drivePermissions(ADA)).isEmpty();
    assertThat(first.after().get("permissionId")).isEqualTo(retried.after().get("permissionId"));
  }
}
