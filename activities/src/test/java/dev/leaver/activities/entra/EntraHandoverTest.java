package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.sandbox.graph.GraphEmulator.DrivePermission;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OneDrive handover to the manager, and its revocation when the handover period ends. */
class EntraHandoverTest extends EntraSandbox {

  @Test
  void oneDriveHandoverGivesTheManagerWriteOnceAndItsUndoTakesItBack() {
    Receipt grant = run("GrantOneDriveToManager");
    List<DrivePermission> perms = graph.drivePermissions(ADA);
    assertThat(perms)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.email()).isEqualTo(GRACE);
              assertThat(p.roles()).containsExactly("write");
            });
    assertThat(grant.changed()).isTrue();
    assertThat(grant.apiRequestId()).matches(UUID_PATTERN);
    assertThat(grant.after())
        .containsEntry("permissionId", perms.get(0).id())
        .containsKeys("driveId", "rootId");
    assertThat(requests("POST"))
        .filteredOn(q -> q.path().endsWith("/invite"))
        .singleElement()
        .satisfies(q -> assertThat(q.path()).startsWith("/graph/v1.0/drives/"));
    assertThat(action("GrantOneDriveToManager").verify(ada, grant).accessRemoved()).isFalse();

    Receipt again = run("GrantOneDriveToManager");
    assertThat(again.changed()).isFalse();
    assertThat(again.after()).containsEntry("permissionId", perms.get(0).id());
    assertThat(graph.drivePermissions(ADA)).as("still one permission").hasSize(1);
    assertThat(requests("POST"))
        .as("no second invite")
        .filteredOn(q -> q.path().endsWith("/invite"))
        .hasSize(1);

    action("GrantOneDriveToManager").undo(ada, grant, Progress.inMemory());
    action("GrantOneDriveToManager")
        .undo(ada, grant, Progress.inMemory()); // Graph's 404 for a deleted permission = done
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
    action("GrantOneDriveToManager").undo(noManager, r, Progress.inMemory());
    assertThat(requests("DELETE")).isEmpty();
  }

  @Test
  void aLeaverWithoutAOneDriveHasNothingToHandOver() {
    Target alan = new Target(new Leaver("E1002", ALAN, GRACE), ALAN_ID, "req-4");

    Receipt r = run("GrantOneDriveToManager", alan);

    assertThat(r.changed()).isFalse();
    assertThat(r.remaining()).isEmpty();
    assertThat(r.notes()).singleElement().asString().contains("no OneDrive");
    action("GrantOneDriveToManager").undo(alan, r, Progress.inMemory());
    assertThat(action("GrantOneDriveToManager").verify(alan, r).accessRemoved()).isTrue();
  }

  @Test
  void aGrantWhoseAnswerWasLostIsFoundByTheRetryAndStillTakenBack() {
    TargetAction grant = action("GrantOneDriveToManager");
    Map<String, String> before = grant.snapshot(ada); // taken once, before the first attempt
    Receipt lost = attempt(grant).apply(before); // the write landed, the answer was lost

    Receipt retried = attempt(grant).apply(before);

    assertThat(retried.changed()).as("the retry says Leaver granted it").isTrue();
    assertThat(retried.after().get("permissionId")).isEqualTo(lost.after().get("permissionId"));
    assertThat(graph.drivePermissions(ADA)).as("granted once").hasSize(1);
    grant.undo(ada, retried, Progress.inMemory());
    assertThat(graph.drivePermissions(ADA)).as("taken back when the handover ends").isEmpty();
  }

  @Test
  void accessTheManagerHadBeforeLeaverIsLeftAloneAndNeverRevoked() {
    run("GrantOneDriveToManager"); // the manager's access from before this offboarding

    Receipt r = run("GrantOneDriveToManager");

    assertThat(r.changed()).isFalse();
    assertThat(r.notes()).singleElement().asString().contains("left alone, not revoked by Leaver");
    action("GrantOneDriveToManager").undo(ada, r, Progress.inMemory());
    assertThat(graph.drivePermissions(ADA)).as("the manager keeps it").hasSize(1);
  }

  private dev.leaver.activities.target.Attempt attempt(TargetAction action) {
    return new dev.leaver.activities.target.Attempt(
        "entra", action, ada, java.time.Clock.systemUTC(), 1, Progress.inMemory());
  }
}
