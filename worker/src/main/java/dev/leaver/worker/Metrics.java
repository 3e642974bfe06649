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

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Scope scope;
  private HttpServer server;

  /**
   * HELP for Leaver's own metrics, by name as the workflow records them through Temporal's metrics
   * scope (which carries no descriptions).
   */
  static final java.util.Map<String, String> HELP =
      java.util.Map.of(
          LATENCY,
          "Seconds from the HR event (the termination's recorded time) to the last kill-switch step's"
              + " completion, per run; compare with the policy's maximum",
          "leaver_needs_attention",
          "Steps parked for an operator (a transition count: each time a step starts"
              + " waiting for retryStep or skipStep); runs parked now are leaver_needs_attention_runs",
          "leaver_offboardings_completed",
          "Offboarding runs that reached COMPLETED",
          "leaver_offboardings_nobody_found",
          "Offboarding runs that found no account of the leaver in any system"
              + " (ended NEEDS_ATTENTION)");

  /** The SDK's metrics have no descriptions either; this points at where they are explained. */
  static final String TEMPORAL_HELP =
      "Temporal SDK metric; see https://docs.temporal.io/references/sdk-metrics";

  /**
   * Tag values the SDK uses for "not applicable" (e.g. a worker-level meter's {@code
   * activity_type}). Such a tag is dropped: a label that says nothing is noise in every query.
   */
  static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("none", "");

  public Metrics() {
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                var tags =
                    id.getTags().stream()
                        .filter(t -> !PLACEHOLDERS.contains(t.getValue()))
                        .toList();
                String help = id.getDescription();
                if (help == null || help.isBlank()) {
                  help =
                      HELP.getOrDefault(
                          id.getName(),
                          id.getName().startsWith("leaver")
                              ? "Leaver metric " + id.getName()
                              : TEMPORAL_HELP);
                }
                return new Meter.Id(
                    id.getName(),
                    io.micrometer.core.instrument.Tags.of(tags),
                    id.getBaseUnit(),
                    help,
                    id.getType());
              }

              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
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
    scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
  }

  /** For Leaver's own meters (e.g. {@link ParkedRuns}). */
  public io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
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
    Supplier<Health> h =
        () ->
            healthy.getAsBoolean()
                ? new Health(true, "ok\n")
                : new Health(false, "worker not running\n");
    return serve(host, port, h, h);
  }

  /** As above, with the body and status {@code health} gives, e.g. per target system, for both. */
  public int serve(String host, int port, Supplier<Health> health) throws IOException {
    return serve(host, port, health, health);
  }

  /**
   * Serves {@code /metrics}, {@code /health/live} (the process works: restart it when this fails),
   * {@code /health/ready} (it can do its work now: Temporal answers and no system is blocked; route
   * and alert on this) and {@code /health}, the same as ready.
   */
  public int serve(String host, int port, Supplier<Health> live, Supplier<Health> ready)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/metrics", ex -> respond(ex, 200, registry.scrape()));
    server.createContext(
        "/health",
        ex -> {
          String path = ex.getRequestURI().getPath();
          Supplier<Health> which =
              path.equals("/health/live")
                  ? live
                  : path.equals("/health/ready")
                          || path.equals("/health")
                          || path.equals("/health/")
                      ? ready
                      : null;
          if (which == null) {
            respond(ex, 404, "not found: /health/live, /health/ready or /health\n");
            return;
          }
          Health h = which.get();
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
