package dev.leaver.worker;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxAdmin;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sandbox ({@link Sandbox#main}, what {@code leaver sandbox} of the devtools serves) in its own
 * JVM with the demo tenant, on a free loopback port, driven through its admin API ({@link #admin}).
 * A restarted sandbox comes back on the same port with a fresh tenant: the state lives in the
 * process.
 */
final class SandboxProcess implements AutoCloseable {
  private static final Pattern BASE_URL = Pattern.compile("http://127\\.0\\.0\\.1:\\d+");
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  private final LeaverProcess process;
  private final String baseUrl;

  private SandboxProcess(LeaverProcess process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  static SandboxProcess start(Path dir) throws IOException, InterruptedException {
    LeaverProcess p =
        LeaverProcess.startMain(
            "sandbox", dir, Sandbox.class.getName(), List.of("0"), BASE_URL, START_LIMIT);
    java.util.regex.Matcher url = BASE_URL.matcher(p.readyLine());
    url.find();
    return new SandboxProcess(p, url.group());
  }

  /** As above, seeded from {@code tenant} (YAML or JSON) instead of the demo tenant. */
  static SandboxProcess start(Path dir, Path tenant) throws IOException, InterruptedException {
    LeaverProcess p =
        LeaverProcess.startMain(
            "sandbox",
            dir,
            Sandbox.class.getName(),
            List.of("0", tenant.toString()),
            BASE_URL,
            START_LIMIT);
    java.util.regex.Matcher url = BASE_URL.matcher(p.readyLine());
    url.find();
    return new SandboxProcess(p, url.group());
  }

  /** {@code http://127.0.0.1:PORT}. */
  String baseUrl() {
    return baseUrl;
  }

  SandboxAdmin admin() {
    return new SandboxAdmin(baseUrl);
  }

  /** SIGKILL; returns the exit status ({@link LeaverProcess#SIGKILLED}). */
  int kill() throws InterruptedException {
    return process.kill();
  }

  /** Starts it again on the same port, with the tenant as seeded. */
  void restart() throws IOException, InterruptedException {
    int port = URI.create(baseUrl).getPort();
    process.restart(List.of(Integer.toString(port)), BASE_URL, START_LIMIT);
  }

  String output() {
    return process.output();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
