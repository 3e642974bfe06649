package dev.leaver.worker.intake;

import dev.leaver.starter.MassTerminationBrake;
import dev.leaver.starter.TerminationIntake;
import dev.leaver.starter.hris.bamboohr.BambooHrClient;
import dev.leaver.starter.hris.gusto.GustoClient;
import dev.leaver.starter.webhook.SourceConfig;
import dev.leaver.starter.webhook.WebhookServer;
import dev.leaver.worker.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * The starter process: the webhook server in front of the {@link TerminationIntake}, with the HRIS
 * clients for payloads that carry only ids. Built from a {@link StarterConfig}.
 */
public final class HrisStarter implements AutoCloseable {
  /** How long a webhook waits for a worker to take a reschedule or rescind before a 503. */
  static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(10);

  private final WebhookServer server;
  private final TerminationIntake intake;

  private HrisStarter(WebhookServer server, TerminationIntake intake) {
    this.server = server;
    this.intake = intake;
  }

  /**
   * Builds and starts the server.
   *
   * @param stubs the connection to Temporal; the caller closes it
   * @param secrets resolves a secret reference: (field name, reference) → value
   */
  public static HrisStarter start(StarterConfig cfg, WorkflowServiceStubs stubs,
      BinaryOperator<String> secrets, Clock clock) throws Exception {
    WorkflowClient client = TemporalConnection.client(stubs, cfg.temporal().namespace());
    MassTerminationBrake brake = new MassTerminationBrake(cfg.brake().threshold(),
        cfg.brake().window(), clock, MassTerminationBrake.visibility(client));
    TerminationIntake intake = new TerminationIntake(client, brake, clock, UPDATE_TIMEOUT);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    WebhookServer.Builder b = WebhookServer.builder()
        .host(cfg.host()).port(cfg.port()).maxBodyBytes(cfg.maxBodyBytes())
        .clock(clock).sink(intake);
    if (cfg.bamboohr() != null) {
      var c = cfg.bamboohr();
      ZoneId zone = zone("bamboohr.timeZone", c.timeZone());
      b.bambooHr(
          SourceConfig.of(required("bamboohr.webhookKey", secrets.apply("bamboohr.webhookKey", c.webhookKey())), zone),
          new BambooHrClient(c.baseUrl(), c.companyDomain(),
              required("bamboohr.apiKey", secrets.apply("bamboohr.apiKey", c.apiKey())), zone, http));
    }
    if (cfg.gusto() != null) {
      var c = cfg.gusto();
      ZoneId zone = zone("gusto.timeZone", c.timeZone());
      b.gusto(
          SourceConfig.of(required("gusto.verificationToken",
              secrets.apply("gusto.verificationToken", c.verificationToken())), zone),
          new GustoClient(c.baseUrl(),
              required("gusto.accessToken", secrets.apply("gusto.accessToken", c.accessToken())), zone, http));
      if (c.verificationTokenFile() != null) {
        b.onGustoVerificationToken(new TokenFile(java.nio.file.Path.of(c.verificationTokenFile())));
      }
    }
    if (cfg.hibob() != null) {
      b.hiBob(SourceConfig.of(required("hibob.secret", secrets.apply("hibob.secret", cfg.hibob().secret())),
          zone("hibob.timeZone", cfg.hibob().timeZone())));
    }
    if (cfg.standard() != null) {
      b.standard(SourceConfig.of(
          required("standard.secret", secrets.apply("standard.secret", cfg.standard().secret())),
          zone("standard.timeZone", cfg.standard().timeZone())));
    }
    WebhookServer server = b.build();
    server.start();
    return new HrisStarter(server, intake);
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

  private static String required(String field, String value) {
    return Objects.requireNonNull(value, field + " is required");
  }
}
