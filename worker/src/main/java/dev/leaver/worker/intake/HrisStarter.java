package dev.leaver.worker.intake;

import dev.leaver.starter.MassTerminationBrake;
import dev.leaver.starter.TerminationIntake;
import dev.leaver.starter.hris.bamboohr.BambooHrClient;
import dev.leaver.starter.hris.gusto.GustoClient;
import dev.leaver.starter.hris.gusto.GustoOAuth;
import dev.leaver.starter.hris.hibob.HiBobClient;
import dev.leaver.starter.hris.workday.WorkdayReportClient;
import dev.leaver.starter.webhook.SourceConfig;
import dev.leaver.starter.webhook.WebhookServer;
import dev.leaver.worker.HrisPolling;
import dev.leaver.worker.TemporalConnection;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The starter process: the webhook server in front of the {@link TerminationIntake}, with the HRIS
 * clients for payloads that carry only ids, and, when Workday is configured, the worker that serves
 * the Workday poll's schedule. Built from a {@link StarterConfig}.
 */
public final class HrisStarter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HrisStarter.class);

  /** How long a webhook waits for a worker to take a reschedule or rescind before a 503. */
  static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(10);

  private final WebhookServer server;
  private final TerminationIntake intake;
  private final WorkerFactory polling;

  private HrisStarter(WebhookServer server, TerminationIntake intake, WorkerFactory polling) {
    this.server = server;
    this.intake = intake;
    this.polling = polling;
  }

  /**
   * Builds and starts the server.
   *
   * @param stubs the connection to Temporal for the intake (gives up quickly); the caller closes it
   * @param pollStubs the connection the Workday poll's worker long-polls on; the caller closes it
   * @param secrets resolves a secret reference: (field name, reference) → value
   */
  public static HrisStarter start(
      StarterConfig cfg,
      WorkflowServiceStubs stubs,
      WorkflowServiceStubs pollStubs,
      BinaryOperator<String> secrets,
      Clock clock)
      throws Exception {
    return start(
        cfg,
        stubs,
        pollStubs,
        secrets,
        clock,
        io.temporal.common.converter.DefaultDataConverter.newDefaultInstance());
  }

  /**
   * As above, every payload through {@code converter} (the payload codec's, {@link
   * dev.leaver.worker.CodecKeys#converter}).
   */
  public static HrisStarter start(
      StarterConfig cfg,
      WorkflowServiceStubs stubs,
      WorkflowServiceStubs pollStubs,
      BinaryOperator<String> secrets,
      Clock clock,
      io.temporal.common.converter.DataConverter converter)
      throws Exception {
    WorkflowClient client = TemporalConnection.client(stubs, cfg.temporal().namespace(), converter);
    MassTerminationBrake brake =
        new MassTerminationBrake(
            cfg.brake().threshold(),
            cfg.brake().window(),
            clock,
            MassTerminationBrake.visibility(client));
    TerminationIntake intake = new TerminationIntake(client, brake, clock, UPDATE_TIMEOUT);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    WebhookServer.Builder b =
        WebhookServer.builder()
            .host(cfg.host())
            .port(cfg.port())
            .maxBodyBytes(cfg.maxBodyBytes())
            .clock(clock)
            .sink(intake);
    if (cfg.bamboohr() != null) {
      var c = cfg.bamboohr();
      ZoneId zone = zone("bamboohr.timeZone", c.timeZone());
      b.bambooHr(
          SourceConfig.of(secret(secrets, "bamboohr.webhookKey", c.webhookKey()), zone),
          new BambooHrClient(
              c.baseUrl(),
              c.companyDomain(),
              secret(secrets, "bamboohr.apiKey", c.apiKey()),
              zone,
              http));
    }
    if (cfg.gusto() != null) {
      var c = cfg.gusto();
      ZoneId zone = zone("gusto.timeZone", c.timeZone());
      b.gusto(
          SourceConfig.of(secret(secrets, "gusto.verificationToken", c.verificationToken()), zone),
          c.clientId() == null
              ? new GustoClient(
                  c.baseUrl(), secret(secrets, "gusto.accessToken", c.accessToken()), zone, http)
              : new GustoClient(c.baseUrl(), gustoOAuth(c, secrets, clock, http), zone, http));
      if (c.verificationTokenFile() != null) {
        if (("file:" + c.verificationTokenFile()).equals(c.verificationToken())) {
          throw new IllegalArgumentException(
              "gusto.verificationTokenFile must not be the file"
                  + " gusto.verificationToken is read from: an unsigned handshake could set the key");
        }
        b.onGustoVerificationToken(new TokenFile(java.nio.file.Path.of(c.verificationTokenFile())));
      }
    }
    if (cfg.hibob() != null) {
      var c = cfg.hibob();
      ZoneId zone = zone("hibob.timeZone", c.timeZone());
      SourceConfig source = SourceConfig.of(secret(secrets, "hibob.secret", c.secret()), zone);
      if (c.serviceUserId() == null) {
        b.hiBob(source);
      } else {
        b.hiBob(
            source,
            new HiBobClient(
                c.baseUrl(),
                c.serviceUserId(),
                secret(secrets, "hibob.serviceUserToken", c.serviceUserToken()),
                zone,
                http));
      }
    }
    if (cfg.standard() != null) {
      b.standard(
          SourceConfig.of(
              secret(secrets, "standard.secret", cfg.standard().secret()),
              zone("standard.timeZone", cfg.standard().timeZone())));
    }
    WorkerFactory polling = null;
    if (cfg.workday() != null) {
      var w = cfg.workday();
      polling =
          WorkerFactory.newInstance(
              TemporalConnection.client(pollStubs, cfg.temporal().namespace(), converter));
      HrisPolling.register(
          polling,
          new WorkdayReportClient(
              w.baseUrl(),
              w.tenant(),
              w.owner(),
              w.report(),
              w.user(),
              secret(secrets, "workday.password", w.password()),
              http),
          intake);
    }
    setUpWhenTemporalAnswers(
        stubs,
        cfg.temporal().namespace(),
        polling,
        cfg.workday() == null ? null : cfg.workday().every());
    WebhookServer server = b.build();
    server.start();
    return new HrisStarter(server, intake, polling);
  }

  /**
   * Gusto's OAuth tokens: the refresh token from {@code refreshTokenFile} when it holds one (the
   * latest rotation), else the configured one; each rotation is written back to the file.
   */
  private static GustoOAuth gustoOAuth(
      StarterConfig.Gusto c, BinaryOperator<String> secrets, Clock clock, HttpClient http)
      throws java.io.IOException {
    java.nio.file.Path file =
        c.refreshTokenFile() == null ? null : java.nio.file.Path.of(c.refreshTokenFile());
    String refresh =
        file != null && java.nio.file.Files.isRegularFile(file)
            ? java.nio.file.Files.readString(file).trim()
            : secret(secrets, "gusto.refreshToken", c.refreshToken());
    String access =
        c.accessToken() == null ? null : secret(secrets, "gusto.accessToken", c.accessToken());
    return new GustoOAuth(
        c.baseUrl(),
        c.clientId(),
        secret(secrets, "gusto.clientSecret", c.clientSecret()),
        c.redirectUri(),
        new GustoOAuth.Tokens(access, refresh, null),
        file == null ? t -> {} : new RefreshTokenFile(file),
        clock,
        http);
  }

  /**
   * Registers the search attributes and, with Workday, starts the poll's worker and creates or
   * updates its schedule: in the background, retrying every 10 s while Temporal cannot be reached,
   * because the webhooks must come up (and answer 503) regardless.
   */
  private static void setUpWhenTemporalAnswers(
      WorkflowServiceStubs stubs, String namespace, WorkerFactory polling, Duration every) {
    Thread t =
        new Thread(
            () -> {
              for (int attempt = 1; polling == null || !polling.isShutdown(); attempt++) {
                try {
                  stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
                  TemporalConnection.ensureSearchAttributes(stubs, namespace);
                  if (polling != null) {
                    if (!polling.isStarted()) {
                      polling.start();
                    }
                    HrisPolling.scheduleWorkday(polling.getWorkflowClient(), every);
                  }
                  return;
                } catch (RuntimeException e) {
                  if (attempt == 1 || attempt % 30 == 0) {
                    LOG.warn(
                        "Temporal unreachable ({}): search attributes{} not set up yet; retrying every"
                            + " 10 s",
                        e.getMessage(),
                        polling == null ? "" : " and the Workday poll");
                  }
                  try {
                    Thread.sleep(10_000);
                  } catch (InterruptedException ie) {
                    return;
                  }
                }
              }
            },
            "leaver-starter-setup");
    t.setDaemon(true);
    t.start();
  }

  public URI uri() {
    return server.uri();
  }

  public List<String> sources() {
    return server.sources();
  }

  public TerminationIntake intake() {
    return intake;
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
      if (polling != null) {
        try {
          polling.shutdown();
          polling.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (RuntimeException e) {
          // Telling an unreachable Temporal that the poller stops cannot succeed; stop anyway.
          LOG.warn("stopping the Workday poll's worker: {}", e.getMessage());
        }
      }
    } finally {
      intake.close();
    }
  }

  private static ZoneId zone(String field, String zone) {
    try {
      return zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + " is not a time zone: " + zone);
    }
  }

  /** The secret a config field refers to; the field is required. */
  private static String secret(BinaryOperator<String> secrets, String field, String reference) {
    return Objects.requireNonNull(secrets.apply(field, reference), field + " is required");
  }
}
