package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HandOverOwnership against the demo tenant: Ada alone owns the group Difference Engine Archive and
 * the app registration Analytical Engine Connector (which has a client secret), and owns the group
 * Compiler Guild with Grace, her manager.
 */
class EntraOwnershipTest extends EntraSandbox {
  private static final String ARCHIVE = "Difference Engine Archive";
  private static final String GUILD = "Compiler Guild";
  private static final String APP = "Analytical Engine Connector";

  @Test
  void aSolelyOwnedGroupAndAppGoToTheManagerAndTheCoOwnedGroupOnlyLosesTheLeaver() {
    Receipt r = run("HandOverOwnership");

    assertThat(r.changed()).isTrue();
    assertThat(graph.ownership().ownersOf(ARCHIVE)).containsExactly(GRACE);
    assertThat(graph.ownership().ownersOf(GUILD)).containsExactly(GRACE);
    assertThat(graph.ownership().ownersOf(APP)).containsExactly(GRACE);
    assertThat(requests("POST"))
        .filteredOn(q -> q.path().endsWith("/owners/$ref"))
        .as("the manager is added only where Ada was alone")
        .hasSize(2);
    assertThat(r.notes())
        .containsExactly(
            "group '"
                + ARCHIVE
                + "': the leaver was its only owner; the manager ("
                + GRACE
                + ") is an owner now",
            "app registration '"
                + APP
                + "': the leaver was its only owner; the manager ("
                + GRACE
                + ") is an owner now");
    assertThat(r.after().get("ownerOf")).isEmpty();
    assertThat(action("HandOverOwnership").verify(ada, r).accessRemoved()).isTrue();
  }

  @Test
  void anAppRegistrationWithCredentialsTheLeaverOwnedIsReportedForAnOperatorHonestly() {
    Receipt r = run("HandOverOwnership");

    assertThat(r.remaining())
        .singleElement()
        .asString()
        .isEqualTo(
            "app registration '"
                + APP
                + "' has 1 client secret(s), 0 certificate(s); Graph does not"
                + " record who created a credential: if the leaver may know one, rotate it");
    assertThat(r.before().get("credentials.4a9b0c1d-1001-4e2f-8a3b-00000000a1f1"))
        .as("counts only: no secret or hint in the evidence")
        .isEqualTo("1 client secret(s), 0 certificate(s)");
  }

  @Test
  void theUndoRestoresTheOwnersExactlyAndRemovesTheManagerOnlyWhereThisStepAddedThem() {
    TargetAction action = action("HandOverOwnership");
    Map<String, String> before = action.snapshot(ada);
    Receipt r = run("HandOverOwnership");

    action.undo(ada, r, Progress.inMemory());
    int writes = requests("POST").size() + requests("DELETE").size();
    action.undo(ada, r, Progress.inMemory());

    assertThat(graph.ownership().ownersOf(ARCHIVE)).containsExactly(ADA);
    assertThat(graph.ownership().ownersOf(APP)).containsExactly(ADA);
    assertThat(graph.ownership().ownersOf(GUILD))
        .as("Grace owned it before: she stays")
        .containsExactlyInAnyOrder(ADA, GRACE);
    assertThat(action.snapshot(ada)).isEqualTo(before);
    assertThat(requests("POST").size() + requests("DELETE").size())
        .as("a second undo writes nothing")
        .isEqualTo(writes);
  }

  @Test
  void aManagerAddedBeforeTheAttemptFailedIsTakenAwayByTheUndoOfTheHalfDoneStep() {
    TargetAction action = action("HandOverOwnership");
    Map<String, String> before = action.snapshot(ada);
    sandbox
        .server()
        .faults()
        .inject(
            "DELETE",
            "/graph/v1.0/groups/0b1e2f3a-6666-4aaa-8000-000000000006/owners/",
            1,
            HttpResponse.json(
                503, Map.of("error", Map.of("code", "serviceNotAvailable", "message", "down"))));
    Progress progress = Progress.inMemory();
    Attempt attempt = new Attempt("entra", action, ada, Clock.systemUTC(), 1, progress);

    assertThatThrownBy(() -> attempt.apply(before)).isInstanceOf(TargetException.Retryable.class);
    assertThat(graph.ownership().ownersOf(ARCHIVE)).containsExactly(ADA, GRACE);

    Attempt rescind = new Attempt("entra", action, ada, Clock.systemUTC(), 1, Progress.inMemory());
    rescind.undo(rescind.unanswered(before, progress.items()));

    assertThat(graph.ownership().ownersOf(ARCHIVE)).containsExactly(ADA);
    assertThat(graph.ownership().ownersOf(GUILD)).containsExactlyInAnyOrder(ADA, GRACE);
    assertThat(action.snapshot(ada)).isEqualTo(before);
  }

  @Test
  void withoutAManagerWhatTheLeaverOwnsAloneIsLeftBehindAndOnlyTheCoOwnedGroupChanges() {
    Target noManager = new Target(new Leaver("E1001", ADA, null), ADA_ID, "req-2");

    Receipt r = run("HandOverOwnership", noManager);

    assertThat(graph.ownership().ownersOf(GUILD)).containsExactly(GRACE);
    assertThat(graph.ownership().ownersOf(ARCHIVE)).containsExactly(ADA);
    assertThat(graph.ownership().ownersOf(APP)).containsExactly(ADA);
    assertThat(r.remaining()).filteredOn(s -> s.contains("no manager in Entra")).hasSize(2);
    assertThat(action("HandOverOwnership").verify(noManager, r).accessRemoved()).isFalse();
  }

  @Test
  void theDecisionComesFromTheBeforeImageAloneSoTheDryRunShowsTheSamePlan() {
    TargetAction action = action("HandOverOwnership");
    Map<String, String> before = action.snapshot(ada);
    int reads = sandbox.server().requests().size();

    Decision d = action.decide(ada, before);

    assertThat(sandbox.server().requests()).hasSize(reads);
    assertThat(d).isInstanceOf(Decision.Write.class);
    assertThat(d.plan())
        .isEqualTo(
            "remove the leaver as owner of group '"
                + GUILD
                + "' (other owners remain), "
                + "group '"
                + ARCHIVE
                + "' → manager, app registration '"
                + APP
                + "' → manager");
  }

  @Test
  void zoeSyncedFromAdHandsHerLabGroupToGraceAndLeavesTheSharedOne() {
    Receipt r = run("HandOverOwnership", zoe);

    assertThat(r.changed()).isTrue();
    assertThat(graph.ownership().ownersOf("Lab Operations")).containsExactly(GRACE);
    assertThat(graph.ownership().ownersOf("Hybrid Migration")).containsExactly(GRACE);
    assertThat(graph.ownership().ownersOf("Lab Telemetry Uploader")).containsExactly(GRACE);
    assertThat(graph.ownership().ownersOf(ARCHIVE)).containsExactly(ADA);
  }
}
