package dev.leaver.starter.hris.gusto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.starter.hris.HrisCall;
import dev.leaver.starter.hris.HrisUnavailable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gusto's OAuth access token, refreshed with the refresh_token grant (docs.gusto.com "OAuth2",
 * "Refresh access token"): {@code POST https://api.gusto.com/oauth/token} with {@code client_id},
 * {@code client_secret}, {@code redirect_uri}, {@code refresh_token} and {@code
 * grant_type=refresh_token}, answered {@code {access_token, token_type, expires_in, refresh_token,
 * created_at}}. Access tokens live two hours ({@code expires_in} 7200); refresh tokens rotate: each
 * refresh answers a new one and the previous is revoked on the first use of the new access token,
 * so the new one is kept (and handed to {@code onRotate}, to be stored where the next start reads
 * it: a restart with the old one can no longer refresh).
 *
 * <p>Refreshed {@link #EARLY} before the token expires, at the first use when no access token or
 * expiry is known, and once after a 401 (an access token revoked or expired early); concurrent
 * callers share one refresh. A refused grant or client (400/401) is a configuration error reported
 * as {@link HrisUnavailable}, so the webhook answers 503 and Gusto redelivers once it is fixed.
 * Never logs a token.
 */
public final class GustoOAuth implements AccessTokens {
  /** How long before the expiry a token is refreshed. */
  public static final Duration EARLY = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(GustoOAuth.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Tokens as issued.
   *
   * @param accessToken the access token, or null when none is known yet
   * @param refreshToken the refresh token to use next
   * @param expiresAt when the access token expires, or null when unknown
   */
  public record Tokens(String accessToken, String refreshToken, Instant expiresAt) {
    public Tokens {
      Objects.requireNonNull(refreshToken, "refreshToken == null");
    }

    @Override
    public String toString() {
      return "Tokens[expiresAt=" + expiresAt + "]"; // never the tokens
    }
  }

  private final URI tokenUri;
  private final String clientId;
  private final String clientSecret;
  private final String redirectUri;
  private final HttpClient http;
  private final Clock clock;
  private final Consumer<Tokens> onRotate;
  private Tokens tokens; // guarded by this

  /**
   * @param baseUrl {@code https://api.gusto.com} (or the sandbox's {@code .../gusto})
   * @param clientId the application's client id
   * @param clientSecret the application's client secret; never logged
   * @param redirectUri the application's redirect URI, or null
   * @param initial the tokens to start from (an access token may be absent)
   * @param onRotate called with each new pair, to store the new refresh token
   */
  public GustoOAuth(
      String baseUrl,
      String clientId,
      String clientSecret,
      String redirectUri,
      Tokens initial,
      Consumer<Tokens> onRotate,
      Clock clock,
      HttpClient http) {
    this.tokenUri =
        URI.create(
            Objects.requireNonNull(baseUrl, "baseUrl == null").replaceAll("/+$", "")
                + "/oauth/token");
    this.clientId = Objects.requireNonNull(clientId, "clientId == null");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret == null");
    this.redirectUri = redirectUri;
    this.tokens = Objects.requireNonNull(initial, "initial == null");
    this.onRotate = Objects.requireNonNull(onRotate, "onRotate == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.http = Objects.requireNonNull(http, "http == null");
  }

  @Override
  public synchronized String current() throws HrisUnavailable {
    Tokens t = tokens;
    if (t.accessToken() == null
        || t.expiresAt() == null
        || !clock.instant().isBefore(t.expiresAt().minus(EARLY))) {
      refresh();
    }
    return tokens.accessToken();
  }

  @Override
  public synchronized String afterRejection(String rejected) throws HrisUnavailable {
    if (tokens.accessToken() != null && !tokens.accessToken().equals(rejected)) {
      return tokens.accessToken(); // refreshed meanwhile
    }
    refresh();
    return tokens.accessToken();
  }

  /** The tokens now (for a test, or to store on shutdown). */
  public synchronized Tokens tokens() {
    return tokens;
  }

  private void refresh() throws HrisUnavailable {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    if (redirectUri != null) {
      form.put("redirect_uri", redirectUri);
    }
    form.put("refresh_token", tokens.refreshToken());
    form.put("grant_type", "refresh_token");
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    Instant sentAt = clock.instant();
    HttpRequest request =
        HttpRequest.newBuilder(tokenUri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<byte[]> response = HrisCall.send(http, request, "Gusto OAuth");
    int status = response.statusCode();
    if (status == 400 || status == 401) {
      throw new HrisUnavailable(
          "Gusto refused the token refresh (HTTP "
              + status
              + "): a"
              + " configuration error; check the client id and secret, and that the refresh token is"
              + " the latest one (Gusto rotates them)",
          null);
    }
    if (status != 200) {
      throw new HrisUnavailable(
          "Gusto's token endpoint is unavailable (HTTP " + status + ")", null);
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new HrisUnavailable(
          "Gusto's token endpoint answered 200 with a body that is not JSON", e);
    }
    String access = json.path("access_token").asText(null);
    if (access == null || access.isBlank()) {
      throw new HrisUnavailable("Gusto's token endpoint answered no access_token", null);
    }
    String next = json.path("refresh_token").asText(null);
    long expiresIn = json.path("expires_in").asLong(7200);
    tokens =
        new Tokens(
            access,
            next == null || next.isBlank() ? tokens.refreshToken() : next,
            sentAt.plusSeconds(expiresIn));
    log.info("refreshed the Gusto access token; it expires at {}", tokens.expiresAt());
    try {
      onRotate.accept(tokens);
    } catch (RuntimeException e) {
      // The new pair works for this process; a restart would start from a revoked token.
      log.error(
          "could not store the rotated Gusto refresh token ({}): a restart will need a new"
              + " one",
          e.getClass().getSimpleName());
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
