package dev.leaver.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium, started once per test class with the DevTools protocol on a loopback
 * port, and the Playwright scripts of {@code src/test/browser} (playwright-core from npm, pinned in
 * its package-lock.json; it downloads no browser) that drive it.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path SCRIPTS = Path.of("src", "test", "browser");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final String cdp;

  private HeadlessChromium(Process process, String cdp) {
    this.process = process;
    this.cdp = cdp;
  }

  /** Why the browser test cannot run here, or empty when it can. */
  static Optional<String> missing() {
    if (!Files.isExecutable(chromium())) {
      return Optional.of(chromium() + " is missing (apt-get install chromium)");
    }
    if (onPath("node").isEmpty()) {
      return Optional.of("node is not on the PATH (apt-get install nodejs npm)");
    }
    if (!Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
      return Optional.of("playwright-core is not installed (cd worker/src/test/browser && npm ci)");
    }
    return Optional.empty();
  }

  static Path chromium() {
    return Path.of(System.getenv().getOrDefault("LEAVER_CHROMIUM", "/usr/bin/chromium"));
  }

  static Optional<Path> onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static HeadlessChromium start(Path profile) throws Exception {
    Process p =
        new ProcessBuilder(
                chromium().toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    // The endpoint is printed on stderr; keep draining it so Chromium never blocks on a full pipe.
    var found = new java.util.concurrent.CompletableFuture<String>();
    Thread drain =
        new Thread(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  Matcher m = DEVTOOLS.matcher(line);
                  if (m.find()) {
                    found.complete(m.group(1));
                  }
                }
              } catch (java.io.IOException ignored) {
                // the browser is gone
              }
              found.completeExceptionally(
                  new IllegalStateException("chromium exited without a DevTools endpoint"));
            },
            "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    try {
      return new HeadlessChromium(p, found.get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /**
   * Runs {@code webui.mjs} with {@code args} (plus this browser's endpoint) and returns its JSON
   * answer; a script error is a test failure carrying the script's own message.
   */
  JsonNode run(java.util.Map<String, Object> args) throws Exception {
    var all = new java.util.LinkedHashMap<String, Object>(args);
    all.put("cdp", cdp);
    Process node =
        new ProcessBuilder(
                onPath("node").orElseThrow().toString(), "webui.mjs", JSON.writeValueAsString(all))
            .directory(SCRIPTS.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(2, TimeUnit.MINUTES) || node.exitValue() != 0) {
      throw new AssertionError("webui.mjs failed: " + output);
    }
    String last = output.strip().lines().reduce((a, b) -> b).orElse("{}");
    JsonNode answer = JSON.readTree(last);
    if (answer.has("error")) {
      throw new AssertionError(
          "in the browser: "
              + answer.get("error").asText()
              + "\npage text:\n"
              + answer.path("text").asText());
    }
    return answer;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
