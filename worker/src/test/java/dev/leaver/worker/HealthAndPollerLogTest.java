package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * /health/live and /health/ready answer separately; the SDK's poller errors are logged once per
 * kind.
 */
class HealthAndPollerLogTest {

  @Test
  void liveAndReadyAreSeparate() throws Exception {
    try (Metrics metrics = new Metrics()) {
      int port =
          metrics.serve(
              "127.0.0.1",
              0,
              () -> new Metrics.Health(true, "worker: running\n"),
              () -> new Metrics.Health(false, "temporal: UNREACHABLE since …\n"));
      HttpClient http = HttpClient.newHttpClient();
      assertThat(status(http, port, "/health/live")).isEqualTo(200);
      assertThat(status(http, port, "/health/ready")).isEqualTo(503);
      assertThat(status(http, port, "/health")).as("/health is readiness").isEqualTo(503);
      assertThat(status(http, port, "/health/other")).isEqualTo(404);
    }
  }

  @Test
  void pollerFailuresAreLoggedOncePerKindUntilTemporalAnswersAgain() {
    PollerErrorLogFilter.install();
    Logger poller = (Logger) LoggerFactory.getLogger(PollerErrorLogFilter.POLLER_LOGGER);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    poller.addAppender(seen);
    try {
      PollerErrorLogFilter.recovered();
      var unavailable = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
      for (int i = 0; i < 500; i++) {
        poller.warn(
            "Failure in poller thread {}", "Activity Poller taskQueue=\"q\": " + i, unavailable);
      }
      assertThat(seen.list).hasSize(1);
      poller.warn(
          "Failure in poller thread {}",
          "Workflow Poller",
          Status.PERMISSION_DENIED.asRuntimeException());
      assertThat(seen.list).as("another kind of failure is news").hasSize(2);
      PollerErrorLogFilter.recovered();
      poller.warn(
          "Failure in poller thread {}",
          "Workflow Poller",
          Status.PERMISSION_DENIED.asRuntimeException());
      assertThat(seen.list).as("after Temporal answered again, the same kind is news").hasSize(3);
      poller.warn("something else {}", "x");
      poller.warn("something else {}", "x");
      assertThat(seen.list).as("other messages pass").hasSize(5);
      assertThat(PollerErrorLogFilter.suppressed()).isGreaterThanOrEqualTo(499);
      // A worker stopped while Temporal is down: one line, not one per task queue.
      Logger shutdown =
          (Logger) LoggerFactory.getLogger("io.temporal.internal.worker.ShutdownManager");
      shutdown.addAppender(seen);
      try {
        for (int i = 0; i < 10; i++) {
          shutdown.warn("failed to call shutdown worker", Status.UNAVAILABLE.asRuntimeException());
        }
      } finally {
        shutdown.detachAppender(seen);
      }
      assertThat(seen.list).hasSize(6);
    } finally {
      poller.detachAppender(seen);
    }
  }

  private static int status(HttpClient http, int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }
}
