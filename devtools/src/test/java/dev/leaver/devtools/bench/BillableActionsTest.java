package dev.leaver.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.devtools.bench.BillableActions.Kind;
import dev.leaver.devtools.bench.BillableActions.Part;
import dev.leaver.devtools.bench.BillableActions.Row;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counts a history recorded on the dev server (the workflows module's replay fixture: Ada
 * offboarded through Entra and Slack, her OneDrive handed to her manager, the handover ended by
 * revokeDelegationNow) by Temporal Cloud's rules.
 */
class BillableActionsTest {
  private static final Path HISTORY =
      Path.of("../workflows/src/test/resources/histories/offboarding-evidence-kept-devserver.json");

  @Test
  void aRecordedOffboardingCostsItsStartActivitiesUpsertsAndUpdateAndNoVersionMarker()
      throws Exception {
    var events = WorkflowExecutionHistory.fromJson(Files.readString(HISTORY)).getEvents();
    Map<Part, Row> rows = BillableActions.of(events);

    assertThat(rows.values().stream().mapToInt(Row::events).sum())
        .as("every event in some part")
        .isEqualTo(events.size());
    // 1 start + 26 activities + 11 search-attribute upserts + 1 update; its 2 version markers are
    // free.
    assertThat(rows.values().stream().mapToInt(Row::total).sum()).isEqualTo(39);
    assertThat(sum(rows, Kind.UPSERT)).isEqualTo(11);
    assertThat(sum(rows, Kind.UPDATE)).isEqualTo(1);
    assertThat(rows.get(Part.START).actions().get(Kind.WORKFLOW_STARTED)).isEqualTo(1);
    assertThat(rows.get(Part.START).actions().get(Kind.ACTIVITY))
        .as("the plan and two resolves")
        .isEqualTo(3);
    assertThat(rows.get(Part.KILL_SWITCH).actions().get(Kind.ACTIVITY))
        .as(
            "snapshot and apply of four kill-switch steps, and the evidence kept at the kill switch")
        .isEqualTo(9);
    assertThat(rows.get(Part.REVOCATION).actions().get(Kind.ACTIVITY))
        .as("the OneDrive grant taken back, verified")
        .isGreaterThanOrEqualTo(1);
    assertThat(rows.get(Part.CLOSE).actions().get(Kind.ACTIVITY))
        .as("the evidence kept at the close")
        .isEqualTo(1);
  }

  private static int sum(Map<Part, Row> rows, Kind kind) {
    return rows.values().stream().mapToInt(r -> r.actions().get(kind)).sum();
  }
}
