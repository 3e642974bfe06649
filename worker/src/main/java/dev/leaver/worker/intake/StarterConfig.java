package dev.leaver.worker.intake;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.leaver.worker.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The starter's YAML file: where Temporal is, where to listen, the brake, and one block per HRIS.
 * Secrets are references ({@code env:NAME}, {@code file:/path}). See {@code
 * deploy/starter.example.yaml} and {@code docs/hris.md}.
 *
 * @param temporal where Temporal is (as for the worker)
 * @param host the address to listen on; default 127.0.0.1
 * @param port the webhook port; default 8080
 * @param maxBodyBytes the largest delivery accepted; default 256 KiB
 * @param brake the mass-termination brake
 * @param bamboohr BambooHR, or null
 * @param gusto Gusto, or null
 * @param hibob HiBob, or null
 * @param standard a Standard Webhooks sender, or null
 * @param workday the Workday report to poll, or null
 * @param codec the payload keys (as for the worker); none = {@code LEAVER_CODEC_KEYS}, else clear
 *     text
 */
public record StarterConfig(
    WorkerConfig.Temporal temporal,
    String host,
    Integer port,
    Integer maxBodyBytes,
    Brake brake,
    BambooHr bamboohr,
    Gusto gusto,
    HiBob hibob,
    Standard standard,
    Workday workday,
    WorkerConfig.Codec codec) {

  /** As the canonical constructor, without a codec section. */
  public StarterConfig(
      WorkerConfig.Temporal temporal,
      String host,
      Integer port,
      Integer maxBodyBytes,
      Brake brake,
      BambooHr bamboohr,
      Gusto gusto,
      HiBob hibob,
      Standard standard,
      Workday workday) {
    this(
        temporal, host, port, maxBodyBytes, brake, bamboohr, gusto, hibob, standard, workday, null);
  }

  public StarterConfig {
    temporal =
        temporal == null ? new WorkerConfig.Temporal(null, null, null, null, null, null) : temporal;
    host = host == null ? "127.0.0.1" : host;
    port = port == null ? 8080 : port;
    maxBodyBytes = maxBodyBytes == null ? 256 * 1024 : maxBodyBytes;
    brake = brake == null ? new Brake(null, null) : brake;
  }

  /**
   * More than {@code threshold} terminations within {@code window} start held.
   *
   * @param threshold default 25; 0 holds every termination
   * @param window default 1 hour
   */
  public record Brake(Integer threshold, Duration window) {
    public Brake {
      threshold = threshold == null ? 25 : threshold;
      window = window == null ? Duration.ofHours(1) : window;
    }
  }

  /**
   * @param webhookKey reference to the webhook's private key (BambooHR shows it once)
   * @param timeZone the company's zone (BambooHR's API gives none)
   * @param baseUrl default {@code https://api.bamboohr.com}
   * @param companyDomain the BambooHR subdomain
   * @param apiKey reference to an API key of a user who can read employees
   */
  public record BambooHr(
      String webhookKey, String timeZone, String baseUrl, String companyDomain, String apiKey) {
    public BambooHr {
      baseUrl = baseUrl == null ? "https://api.bamboohr.com" : baseUrl;
    }
  }

  /**
   * @param verificationToken reference to the webhook subscription's verification token
   * @param timeZone the company's zone
   * @param baseUrl default {@code https://api.gusto.com}
   * @param accessToken reference to the company's access token; with {@code clientId}, the first
   *     one (optional: refreshed at once without it)
   * @param verificationTokenFile where to write the token Gusto POSTs when the subscription is
   *     created (owner-only permissions), for the operator to verify the subscription with; null to
   *     drop it
   * @param clientId the OAuth application's client id: set it to refresh the access token (the
   *     refresh_token grant); null for a fixed access token
   * @param clientSecret reference to the application's client secret
   * @param redirectUri the application's redirect URI, if Gusto asks for it
   * @param refreshToken reference to the refresh token to start from
   * @param refreshTokenFile where each rotated refresh token is kept (owner-only permissions) and
   *     read from at start-up, ahead of {@code refreshToken}: Gusto revokes the previous one
   */
  public record Gusto(
      String verificationToken,
      String timeZone,
      String baseUrl,
      String accessToken,
      String verificationTokenFile,
      String clientId,
      String clientSecret,
      String redirectUri,
      String refreshToken,
      String refreshTokenFile) {
    public Gusto {
      baseUrl = baseUrl == null ? "https://api.gusto.com" : baseUrl;
    }
  }

  /**
   * @param secret reference to the webhook secret from Bob's settings
   * @param timeZone zone for dates whose site has none
   * @param baseUrl default {@code https://api.hibob.com}
   * @param serviceUserId the API service user's id: set it (v2 webhooks carry ids only) to decide
   *     each delivery from the employee record; null for payloads that carry the e-mail
   * @param serviceUserToken reference to the service user's token
   */
  public record HiBob(
      String secret,
      String timeZone,
      String baseUrl,
      String serviceUserId,
      String serviceUserToken) {
    public HiBob {
      baseUrl = baseUrl == null ? "https://api.hibob.com" : baseUrl;
    }
  }

  /**
   * @param secret reference to the {@code whsec_...} signing secret
   * @param timeZone zone for dates without one
   */
  public record Standard(String secret, String timeZone) {}

  /**
   * @param baseUrl the Workday services host
   * @param tenant the tenant name
   * @param owner the report owner
   * @param report the report's web service name
   * @param user the integration system user
   * @param password reference to its password
   * @param every how often to poll; default 15 minutes
   */
  public record Workday(
      String baseUrl,
      String tenant,
      String owner,
      String report,
      String user,
      String password,
      Duration every) {
    public Workday {
      every = every == null ? Duration.ofMinutes(15) : every;
    }
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  public static StarterConfig read(Path file) throws IOException {
    return YAML.readValue(Files.readString(file), StarterConfig.class);
  }
}
