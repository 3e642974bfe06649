package dev.leaver.devtools.bench;

import java.io.IOException;
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
 * {@code leaver worker} in a JVM of its own, started with the JVM options a deployment would use,
 * read from the outside the way an operator's tools read it: resident memory and threads from
 * {@code /proc/<pid>/status}, CPU time from {@code /proc/<pid>/stat}, the heap after a full GC
 * through {@code jcmd}. It can be killed with SIGKILL and started again (same arguments).
 */
final class WorkerJvm implements AutoCloseable {
  /**
   * What the benchmark ships the worker with: the serial collector (the JVM's own choice in a
   * container under 1792 MiB; one GC thread, no concurrent marking threads idling on 2 cores) and a
   * heap bounded well inside a 512 MiB container, so RSS follows the live set, not the host's RAM.
   */
  static final String PRODUCTION_OPTIONS =
      "-XX:+UseSerialGC -Xms64m -Xmx320m -XX:+ExitOnOutOfMemoryError";

  private static final String READY = "worker running: ";
  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final List<String> command;
  private final Path log;
  private Process process;

  private WorkerJvm(List<String> command, Path log) {
    this.command = command;
    this.log = log;
  }

  /** Starts {@code leaver worker <args>} with these JVM options and waits until it polls. */
  static WorkerJvm start(String jvmOptions, List<String> workerArgs, Path log)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String o : jvmOptions.trim().split("\\s+")) {
      if (!o.isEmpty()) {
        cmd.add(o);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.leaver.worker.cli.LeaverCli");
    cmd.add("worker");
    cmd.addAll(workerArgs);
    WorkerJvm w = new WorkerJvm(List.copyOf(cmd), log);
    w.launch();
    return w;
  }

  private void launch() throws IOException, InterruptedException {
    long from = Files.exists(log) ? Files.size(log) : 0;
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the worker exited with " + process.exitValue() + ": " + tail(from));
      }
      if (tail(from).contains(READY)) {
        return;
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the worker did not say it runs within 120 s: " + tail(from));
  }

  private String tail(long from) throws IOException {
    byte[] all = Files.readAllBytes(log);
    return new String(
        all,
        (int) Math.min(from, all.length),
        (int) Math.max(0, all.length - from),
        StandardCharsets.UTF_8);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, nothing in flight answered. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the worker did not die of SIGKILL within 30 s");
    }
  }

  /** A new process with the same command line, once the old one is dead. */
  void restart() throws IOException, InterruptedException {
    if (process.isAlive()) {
      throw new IllegalStateException("the worker still runs (pid " + pid() + ")");
    }
    launch();
  }

  /** Resident set size now, in MiB ({@code VmRSS}). */
  double rssMiB() throws IOException {
    return statusKb("VmRSS") / 1024.0;
  }

  /** Threads now ({@code Threads} in /proc/pid/status). */
  long threads() throws IOException {
    return statusKb("Threads");
  }

  private long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no " + field + " in /proc/" + pid() + "/status");
  }

  /** User plus system CPU time used so far, in seconds. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    // Fields after the command name (which may hold spaces) in parentheses: utime is 14th, stime
    // 15th.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
  }

  /**
   * Runs a full GC ({@code jcmd GC.run}) and returns the Java heap in use after it, in MiB (the
   * generations' "used", metaspace left out), or NaN when jcmd is not there.
   */
  double heapUsedAfterGcMiB() {
    try {
      jcmd("GC.run");
      String info = jcmd("GC.heap_info");
      Matcher m = Pattern.compile("used (\\d+)K").matcher("");
      long kb = 0;
      for (String line : info.split("\n")) {
        String t = line.trim();
        if (t.startsWith("Metaspace") || t.startsWith("class space")) {
          continue;
        }
        if (t.contains("generation") || t.contains("heap")) {
          m.reset(t);
          if (m.find()) {
            kb += Long.parseLong(m.group(1));
          }
        }
      }
      return kb / 1024.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }

  private String jcmd(String what) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(
                Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid()), what)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + what + " failed: " + out);
    }
    return out;
  }

  /** Graceful stop (SIGTERM), or SIGKILL after 20 s. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
