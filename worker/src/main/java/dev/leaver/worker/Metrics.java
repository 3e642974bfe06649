package dev.leaver.worker;

import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Prometheus {@code /metrics} (Temporal SDK metrics through Micrometer, plus Leaver's counters and
 * the HR-event-to-kill-switch histogram recorded by the workflow) and {@code /health}.
 */
public final class Metrics implements AutoCloseable {
  static final String LATENCY = "leaver_hr_event_to_kill_switch";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Scope scope;
  private HttpServer server;

  public Metrics() {
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().startsWith(LATENCY)) {
          return DistributionStatisticConfig.builder()
              .percentilesHistogram(true)
              .minimumExpectedValue((double) Duration.ofMillis(100).toNanos())
              .maximumExpectedValue((double) Duration.ofHours(4).toNanos())
              .build()
              .merge(config);
        }
        return config;
      }
    });
    scope = new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
  }

  /** The scope to hand to Temporal's service stubs. */
  public Scope scope() {
    return scope;
  }

  public String scrape() {
    return registry.scrape();
  }

  /**
   * What {@code /health} answers.
   *
   * @param ok 200 when true, else 503
   * @param body plain text saying why; never a secret
   */
  public record Health(boolean ok, String body) {}

  /** Serves /metrics and /health on loopback-or-all interfaces at {@code port}; 0 picks one. */
  public int serve(String host, int port, BooleanSupplier healthy) throws IOException {
    return serve(host, port, () -> healthy.getAsBoolean()
        ? new Health(true, "ok\n") : new Health(false, "worker not running\n"));
  }

  /** As above, with the body and status {@code health} gives, e.g. per target system. */
  public int serve(String host, int port, Supplier<Health> health) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/metrics", ex -> respond(ex, 200, registry.scrape()));
    server.createContext("/health", ex -> {
      Health h = health.get();
      respond(ex, h.ok() ? 200 : 503, h.body());
    });
    server.start();
    return server.getAddress().getPort();
  }

  private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    try {
      scope.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // Closing flushes the last report; a failure there loses nothing worth failing for.
    }
    registry.close();
  }
}
