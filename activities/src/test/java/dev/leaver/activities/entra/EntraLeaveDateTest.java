package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SetLeaveDate: the run's effective time becomes Ada's employeeLeaveDateTime, and goes again. */
class EntraLeaveDateTest extends EntraSandbox {
  private final Target leaving = withFacts(Map.of("effectiveAt", "2026-12-01T17:30:45.123Z"));

  @Test
  void theLeaveDateIsTheRunsEffectiveTimeToTheSecondAndTheUndoClearsItAgain() {
    Receipt r = run("SetLeaveDate", leaving);

    assertThat(r.changed()).isTrue();
    assertThat(r.before()).containsEntry("employeeLeaveDateTime", "");
    assertThat(graph.employeeLeaveDateTime(ADA)).isEqualTo("2026-12-01T17:30:45Z");
    assertThat(action("SetLeaveDate").verify(leaving, r).accessRemoved()).isTrue();
    assertThat(run("SetLeaveDate", leaving).changed()).as("a second run writes nothing").isFalse();

    action("SetLeaveDate").undo(leaving, r, Progress.inMemory());

    assertThat(graph.employeeLeaveDateTime(ADA)).isNull();
    assertThat(requests("PATCH")).hasSize(2);
  }

  @Test
  void anEarlierLeaveDateComesBackWithTheUndoButALaterEditByAnAdminStands() {
    run("SetLeaveDate", withFacts(Map.of("effectiveAt", "2026-11-01T00:00:00Z"))); // an earlier run
    Receipt r = run("SetLeaveDate", leaving);
    action("SetLeaveDate").undo(leaving, r, Progress.inMemory());
    assertThat(graph.employeeLeaveDateTime(ADA)).isEqualTo("2026-11-01T00:00:00Z");

    Receipt again = run("SetLeaveDate", leaving);
    run(
        "SetLeaveDate",
        withFacts(Map.of("effectiveAt", "2027-01-15T09:00:00Z"))); // an admin's edit
    action("SetLeaveDate").undo(leaving, again, Progress.inMemory());

    assertThat(graph.employeeLeaveDateTime(ADA)).isEqualTo("2027-01-15T09:00:00Z");
  }

  @Test
  void withoutAnEffectiveDateTheStepParksInsteadOfGuessingAndWritesNothing() {
    TargetAction action = action("SetLeaveDate");
    PlannedChange preview =
        new Attempt("entra", action, ada, Clock.systemUTC(), 1, Progress.inMemory())
            .preview("entra.SetLeaveDate");

    Receipt r = run("SetLeaveDate", ada);

    assertThat(preview.wouldChange()).isFalse();
    assertThat(r.changed()).isFalse();
    assertThat(r.remaining()).singleElement().asString().contains("no effective date");
    assertThat(requests("PATCH")).isEmpty();
  }

  @Test
  void zoeSyncedFromAdGetsHerLeaveDateInEntra() {
    Target zoeLeaving = new Target(zoe.leaver(), ZOE_ID, "req-4", leaving.facts());

    assertThat(run("SetLeaveDate", zoeLeaving).changed()).isTrue();
    assertThat(graph.employeeLeaveDateTime(ZOE)).isEqualTo("2026-12-01T17:30:45Z");
  }

  private Target withFacts(Map<String, String> facts) {
    return new Target(new Leaver("E1001", ADA, GRACE), ADA_ID, "req-1", facts);
  }
}
