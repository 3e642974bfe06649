package dev.leaver.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code leaver worker} in its own JVM, its connectors pointed at a sandbox that runs elsewhere
 * ({@code --sandbox-url}), so a test can kill the worker with SIGKILL and start it again while the
 * tenant's state lives on.
 */
final class WorkerProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("^worker running: ");
  private static final Duration START_LIMIT = Duration.ofSeconds(90);

  private final LeaverProcess process;
  private final List<String> args;

  private WorkerProcess(LeaverProcess process, List<String> args) {
    this.process = process;
    this.args = args;
  }

  /**
   * Starts a worker against Temporal at {@code temporalAddress} (host:port) with the default
   * policy, and waits until it polls.
   */
  static WorkerProcess start(Path dir, String temporalAddress, String sandboxUrl)
      throws IOException, InterruptedException {
    // No metrics port: a fixed 9464 could be taken by another test run on this machine.
    List<String> args =
        List.of(
            "worker",
            "--address",
            temporalAddress,
            "--sandbox-url",
            sandboxUrl,
            "--metrics-port",
            "0");
    return new WorkerProcess(LeaverProcess.start("worker", dir, args, READY, START_LIMIT), args);
  }

  /**
   * A worker named {@code name} (its log is {@code <dir>/<name>.log}) run from a worker YAML, with
   * {@code env} added to its environment (for the {@code env:} references in the YAML): several
   * workers on the same queues, as a deployment runs them.
   */
  static WorkerProcess start(
      String name, Path dir, String temporalAddress, Path config, java.util.Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> args =
        List.of(
            "worker",
            "--address",
            temporalAddress,
            "--config",
            config.toString(),
            "--metrics-port",
            "0");
    return new WorkerProcess(LeaverProcess.start(name, dir, args, env, READY, START_LIMIT), args);
  }

  /** SIGKILL; returns the exit status ({@link LeaverProcess#SIGKILLED}). */
  int kill() throws InterruptedException {
    return process.kill();
  }

  /** Starts a new worker process with the same arguments, and waits until it polls. */
  void restart() throws IOException, InterruptedException {
    process.restart(args, READY, START_LIMIT);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() {
    return process.output();
  }

  /** Graceful stop (SIGTERM: the worker's shutdown hook drains it). */
  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
