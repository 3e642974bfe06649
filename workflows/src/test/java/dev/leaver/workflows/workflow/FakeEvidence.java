package dev.leaver.workflows.workflow;

import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.contract.EvidenceActivities;
import io.temporal.activity.Activity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An evidence store in memory, to see what the workflow keeps and when. */
public final class FakeEvidence implements EvidenceActivities {
  /** One kept milestone. */
  public record Kept(
      String runId,
      EvidenceRecord.Milestone milestone,
      Instant recordedAt,
      OffboardingStatus status) {}

  private final List<Kept> kept = new ArrayList<>();

  @Override
  public synchronized EvidenceActivities.Kept keep(
      EvidenceRecord.Milestone milestone, Instant recordedAt, OffboardingStatus status) {
    kept.add(
        new Kept(
            Activity.getExecutionContext().getInfo().getWorkflowRunId(),
            milestone,
            recordedAt,
            status));
    return new EvidenceActivities.Kept(kept.size(), "fake");
  }

  public synchronized List<Kept> kept() {
    return List.copyOf(kept);
  }
}
