package dev.leaver.worker;

import dev.leaver.worker.cli.LeaverCli;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code leaver} subcommand in a JVM of its own, run from the test's classpath, that a test can
 * kill with SIGKILL and start again: a crash the process cannot clean up after. Its output goes to
 * {@code <dir>/<name>.log}, every incarnation appended.
 */
final class LeaverProcess implements AutoCloseable {
  /** The exit status of a JVM ended by SIGKILL (128 + 9). */
  static final int SIGKILLED = 137;

  private final String name;
  private final Path log;
  private String mainClass = LeaverCli.class.getName();
  private List<String> args;
  private java.util.Map<String, String> env = java.util.Map.of();
  private Process process;
  private long logStart;
  private String readyLine;

  private LeaverProcess(String name, Path log, List<String> args) {
    this.name = name;
    this.log = log;
    this.args = List.copyOf(args);
  }

  /**
   * Starts {@code leaver <args>} and waits until its output has a line matching {@code ready}.
   *
   * @return the process; {@link #readyLine} holds the matching line
   */
  static LeaverProcess start(
      String name, Path dir, List<String> args, Pattern ready, Duration limit)
      throws IOException, InterruptedException {
    return start(name, dir, args, java.util.Map.of(), ready, limit);
  }

  /** As above, with {@code env} added to (and overriding) the test JVM's environment. */
  static LeaverProcess start(
      String name,
      Path dir,
      List<String> args,
      java.util.Map<String, String> env,
      Pattern ready,
      Duration limit)
      throws IOException, InterruptedException {
    LeaverProcess p = new LeaverProcess(name, dir.resolve(name + ".log"), args);
    p.env = java.util.Map.copyOf(env);
    // A test JVM that dies without its @AfterAll must not leave a worker polling behind it.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (p.process != null) {
                    p.process.destroyForcibly();
                  }
                }));
    p.launch(ready, limit);
    return p;
  }

  /**
   * As {@link #start(String, Path, List, Pattern, Duration)}, running {@code mainClass} instead of
   * {@code leaver} (the sandbox's own main: the worker's CLI no longer carries it).
   */
  static LeaverProcess startMain(
      String name, Path dir, String mainClass, List<String> args, Pattern ready, Duration limit)
      throws IOException, InterruptedException {
    LeaverProcess p = new LeaverProcess(name, dir.resolve(name + ".log"), args);
    p.mainClass = mainClass;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (p.process != null) {
                    p.process.destroyForcibly();
                  }
                }));
    p.launch(ready, limit);
    return p;
  }

  /** The line of the current incarnation's output that said it was ready. */
  String readyLine() {
    return readyLine;
  }

  /** The operating system's process id of the current incarnation. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Starts it again, with other arguments from now on (e.g. the port the first one was given). */
  void restart(List<String> newArgs, Pattern ready, Duration limit)
      throws IOException, InterruptedException {
    if (isAlive()) {
      throw new IllegalStateException(name + " is still running (pid " + pid() + ")");
    }
    args = List.copyOf(newArgs);
    launch(ready, limit);
  }

  /**
   * Kills it with SIGKILL ({@link Process#destroyForcibly} on Linux): no shutdown hook, no graceful
   * worker shutdown, no answer to anything in flight.
   *
   * @return its exit status, {@link #SIGKILLED} when the signal ended it
   */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not die of SIGKILL within 30 s");
    }
    return process.exitValue();
  }

  /** Stops it the way an operator would (SIGTERM, shutdown hooks run), or kills it after 20 s. */
  @Override
  public void close() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** The whole log, every incarnation, for a failing test's message. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private void launch(Pattern ready, Duration limit) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Two cores shared by a dev server, the test JVM and these: keep each JVM small and
                // quick to start.
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // Surefire sets java.class.path to the test classpath (test classes, the reactor's
                // modules, every dependency), so the child runs the code under test.
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    cmd.addAll(args);
    if (!args.isEmpty()
        && args.get(0).equals("worker")
        && !args.contains("--evidence")
        && !args.contains("--config")) {
      // In the test's directory, not in the module's default ./evidence (a config says where).
      cmd.addAll(List.of("--evidence", log.getParent().resolve("evidence").toString()));
    }
    logStart = Files.exists(log) ? Files.size(log) : 0;
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
    readyLine = awaitLine(ready, limit);
  }

  /** The first line this incarnation printed that matches {@code pattern}. */
  String awaitLine(Pattern pattern, Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      for (String line : linesSinceLaunch()) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return line;
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited "
                + process.exitValue()
                + " before printing /"
                + pattern
                + "/; its output:\n"
                + tail());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            name
                + " printed no /"
                + pattern
                + "/ within "
                + limit.toSeconds()
                + " s; its output:\n"
                + tail());
      }
      Thread.sleep(100);
    }
  }

  private List<String> linesSinceLaunch() throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long length = f.length();
      if (length <= logStart) {
        return List.of();
      }
      byte[] bytes = new byte[(int) (length - logStart)];
      f.seek(logStart);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
  }

  private String tail() {
    String all = output();
    return all.length() <= 4000 ? all : all.substring(all.length() - 4000);
  }
}
