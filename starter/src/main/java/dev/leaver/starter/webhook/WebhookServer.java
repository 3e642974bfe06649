package dev.leaver.starter.webhook;

import dev.leaver.starter.hris.EmployeeLookup;
import dev.leaver.starter.hris.TerminationSink;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server HR systems send terminations to: {@code POST /webhooks/bamboohr}, {@code
 * /webhooks/gusto}, {@code /webhooks/hibob} and {@code /webhooks/standard} (only those configured
 * are mounted) and {@code GET /health}.
 *
 * <p>Each endpoint checks the vendor's signature over the raw body, reads the payload, looks the
 * employee up where the payload carries only ids, and hands a {@link
 * dev.leaver.starter.hris.TerminationEvent} to the {@link TerminationSink}. It answers 2xx only
 * after the sink returned, 503 (with {@code Retry-After}) when Temporal or the HRIS API is
 * unreachable so the HRIS retries, and 4xx with {@code {"error": reason}} for anything it refuses,
 * having started nothing.
 *
 * <pre>{@code
 * WebhookServer server = WebhookServer.builder()
 *     .host("0.0.0.0").port(8080)
 *     .sink(sink).clock(Clock.systemUTC())
 *     .bambooHr(SourceConfig.of(bambooKey, ZoneId.of("America/Denver")), bambooLookup)
 *     .standard(SourceConfig.of("whsec_...", ZoneId.of("Europe/London")))
 *     .build();
 * server.start();
 * ...
 * server.close();
 * }</pre>
 */
public final class WebhookServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

  private final Server jetty;
  private final ServerConnector connector;
  private final List<String> sources;

  private WebhookServer(Builder b) {
    Map<String, WebhookSource> byName = new LinkedHashMap<>();
    for (WebhookSource s : b.sources(b.clock)) {
      byName.put(s.name(), s);
    }
    this.sources = List.copyOf(byName.keySet());
    ReplayGuard replays = new ReplayGuard(b.replayTtl, b.replayCapacity, b.clock);
    WebhookHandler handler =
        new WebhookHandler(byName, new DeliveryProcessor(b.sink, replays), b.maxBodyBytes, b.clock);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("leaver-webhooks");
    jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(b.host);
    connector.setPort(b.port);
    jetty.addConnector(connector);
    jetty.setHandler(handler);
    jetty.setStopTimeout(b.stopTimeout.toMillis());
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds and starts serving.
   *
   * @throws Exception when the port cannot be bound or Jetty fails to start
   */
  public void start() throws Exception {
    jetty.start();
    LOG.info("webhook server listening on {}:{} for {}", connector.getHost(), port(), sources);
  }

  /** The bound port (the free one picked when configured with 0); -1 before {@link #start}. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port}, for clients and tests. */
  public URI uri() {
    String host = connector.getHost() == null ? "localhost" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /** The mounted sources, e.g. {@code [bamboohr, standard]}. */
  public List<String> sources() {
    return sources;
  }

  /**
   * Stops accepting, lets running requests finish within the stop timeout, and releases the port.
   */
  @Override
  public void close() throws Exception {
    jetty.stop();
  }

  /** Configures a {@link WebhookServer}; only {@link #sink} and one source are required. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private int maxBodyBytes = 256 * 1024;
    private Duration replayTtl = Duration.ofDays(3);
    private int replayCapacity = 100_000;
    private Duration stopTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private TerminationSink sink;
    private SourceConfig bambooHr;
    private EmployeeLookup bambooHrLookup;
    private SourceConfig gusto;
    private EmployeeLookup gustoLookup;
    private Consumer<String> gustoVerificationTokens =
        token -> LOG.warn("gusto sent a subscription verification token; no listener takes it");
    private SourceConfig hiBob;
    private EmployeeLookup hiBobLookup;
    private SourceConfig standard;

    private Builder() {}

    /** The address to bind; default {@code 127.0.0.1}, {@code 0.0.0.0} for any. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host == null");
      return this;
    }

    /** The port to bind; default 8080, 0 for a free one (see {@link WebhookServer#port}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
      this.port = port;
      return this;
    }

    /** The largest body accepted, else 413; default 256 KiB. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * How long, and how many, accepted event ids are remembered to answer redeliveries without
     * calling the sink; default 72 hours and 100,000.
     */
    public Builder replayGuard(Duration ttl, int capacity) {
      this.replayTtl = Objects.requireNonNull(ttl, "ttl == null");
      this.replayCapacity = capacity;
      return this;
    }

    /**
     * How long {@link WebhookServer#close} waits for running requests to finish; default 10 s, 0 to
     * stop at once (tests).
     */
    public Builder stopTimeout(Duration stopTimeout) {
      if (Objects.requireNonNull(stopTimeout, "stopTimeout == null").isNegative()) {
        throw new IllegalArgumentException("stopTimeout is negative: " + stopTimeout);
      }
      this.stopTimeout = stopTimeout;
      return this;
    }

    /** The clock for timestamp tolerances and the replay guard; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Where events go; required. */
    public Builder sink(TerminationSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink == null");
      return this;
    }

    /** Mounts {@code /webhooks/bamboohr}; the secret is the webhook's private key. */
    public Builder bambooHr(SourceConfig config, EmployeeLookup lookup) {
      this.bambooHr = Objects.requireNonNull(config, "config == null");
      this.bambooHrLookup = Objects.requireNonNull(lookup, "lookup == null");
      return this;
    }

    /** Mounts {@code /webhooks/gusto}; the secret is the subscription's verification token. */
    public Builder gusto(SourceConfig config, EmployeeLookup lookup) {
      this.gusto = Objects.requireNonNull(config, "config == null");
      this.gustoLookup = Objects.requireNonNull(lookup, "lookup == null");
      return this;
    }

    /**
     * Receives the verification token Gusto POSTs when a subscription is created, to be passed to
     * Gusto's verify call and configured as the secret. Default: logs that one came (never the
     * token).
     */
    public Builder onGustoVerificationToken(Consumer<String> listener) {
      this.gustoVerificationTokens = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Mounts {@code /webhooks/hibob}; the secret is the one in Bob's webhook settings. Without a
     * lookup, payloads must carry the work e-mail (else 422).
     */
    public Builder hiBob(SourceConfig config) {
      this.hiBob = Objects.requireNonNull(config, "config == null");
      return this;
    }

    /** Mounts {@code /webhooks/hibob}, reading e-mail and date from HiBob's API when missing. */
    public Builder hiBob(SourceConfig config, EmployeeLookup lookup) {
      this.hiBobLookup = Objects.requireNonNull(lookup, "lookup == null");
      return hiBob(config);
    }

    /** Mounts {@code /webhooks/standard}; the secret is {@code whsec_<base64>}. */
    public Builder standard(SourceConfig config) {
      StandardWebhookSource.key(Objects.requireNonNull(config, "config == null").secret());
      this.standard = config;
      return this;
    }

    public WebhookServer build() {
      if (sink == null) {
        throw new IllegalStateException("sink is required");
      }
      if (bambooHr == null && gusto == null && hiBob == null && standard == null) {
        throw new IllegalStateException("configure at least one source");
      }
      return new WebhookServer(this);
    }

    private List<WebhookSource> sources(Clock clock) {
      List<WebhookSource> list = new java.util.ArrayList<>();
      if (bambooHr != null) {
        list.add(new BambooHrSource(bambooHr, bambooHrLookup, clock));
      }
      if (gusto != null) {
        list.add(new GustoSource(gusto, gustoLookup, clock, gustoVerificationTokens));
      }
      if (hiBob != null) {
        list.add(new HiBobSource(hiBob, hiBobLookup, clock));
      }
      if (standard != null) {
        list.add(new StandardWebhookSource(standard));
      }
      return list;
    }
  }
}
