package dev.leaver.sandbox.hris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Gusto's OAuth token endpoint and the access tokens it issued, for the {@link GustoEmulator}: the
 * refresh_token grant, expiring access tokens, and refresh tokens that rotate (the previous one is
 * revoked on the first use of the new access token, as Gusto documents). Thread-safe.
 */
public final class OAuth {
  static final String TOKEN_PATH = "/gusto/oauth/token";

  private final String clientId;
  private final String clientSecret;
  private final Duration lifetime;
  private final Clock clock;
  private final Set<String> refreshTokens = new HashSet<>(); // guarded by this
  private final Map<String, Instant> accessTokens = new HashMap<>(); // token → expiry
  private final Map<String, String> revokeOnFirstUse = new HashMap<>(); // access → old refresh
  private int refreshes;
  private int rejected;

  OAuth(JsonNode section, Clock clock) {
    this.clientId = section.path("clientId").asText(null);
    this.clientSecret = section.path("clientSecret").asText(null);
    this.lifetime = Duration.ofSeconds(section.path("accessTokenSeconds").asLong(7200));
    this.clock = clock;
    section.path("refreshTokens").forEach(t -> refreshTokens.add(t.asText()));
  }

  /** Whether {@code bearer} is an access token this endpoint issued that has not expired. */
  synchronized boolean accepts(String bearer) {
    Instant expires = bearer == null ? null : accessTokens.get(bearer);
    if (expires == null) {
      return false;
    }
    if (!clock.instant().isBefore(expires)) {
      rejected++;
      return false;
    }
    String old = revokeOnFirstUse.remove(bearer);
    if (old != null) {
      refreshTokens.remove(old);
    }
    return true;
  }

  synchronized HttpResponse token(HttpRequest r) {
    if (!r.method().equals("POST")) {
      return error(405, "invalid_request", "POST only");
    }
    Map<String, String> p = params(r);
    if (clientId == null
        || !Credentials.matches(p.get("client_id"), clientId)
        || !Credentials.matches(p.get("client_secret"), clientSecret)) {
      return error(401, "invalid_client", "Client authentication failed.");
    }
    if (!"refresh_token".equals(p.get("grant_type"))) {
      return error(400, "unsupported_grant_type", "The sandbox emulates the refresh_token grant.");
    }
    String refresh = p.get("refresh_token");
    if (refresh == null || !refreshTokens.contains(refresh)) {
      return error(
          400,
          "invalid_grant",
          "The provided authorization grant is invalid, expired,"
              + " revoked, does not match the redirection URI used in the authorization request, or"
              + " was issued to another client.");
    }
    Instant now = clock.instant();
    String access = "sandbox-gusto-access-" + UUID.randomUUID();
    String next = "sandbox-gusto-refresh-" + UUID.randomUUID();
    accessTokens.put(access, now.plus(lifetime));
    refreshTokens.add(next);
    revokeOnFirstUse.put(access, refresh);
    refreshes++;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", access);
    body.put("token_type", "bearer");
    body.put("expires_in", lifetime.toSeconds());
    body.put("refresh_token", next);
    body.put("created_at", now.getEpochSecond());
    return HttpResponse.json(200, body);
  }

  /** Makes every access token issued so far expired, as two hours later. */
  public synchronized void expireAccessTokens() {
    Instant now = clock.instant();
    accessTokens.replaceAll((t, e) -> now);
  }

  /** How many refresh_token grants were answered with new tokens. */
  public synchronized int refreshes() {
    return refreshes;
  }

  /** How many requests came with an issued access token that had expired. */
  public synchronized int expiredTokensSeen() {
    return rejected;
  }

  /** Whether this refresh token would be accepted now. */
  public synchronized boolean refreshTokenValid(String token) {
    return refreshTokens.contains(token);
  }

  private static Map<String, String> params(HttpRequest r) {
    String type = r.header("Content-Type");
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      Map<String, String> m = new HashMap<>();
      try {
        Json.MAPPER
            .readTree(r.body())
            .properties()
            .forEach(e -> m.put(e.getKey(), e.getValue().asText()));
      } catch (IOException | RuntimeException e) {
        return Map.of();
      }
      return m;
    }
    return r.form();
  }

  private static HttpResponse error(int status, String error, String description) {
    return HttpResponse.json(status, Map.of("error", error, "error_description", description));
  }
}
