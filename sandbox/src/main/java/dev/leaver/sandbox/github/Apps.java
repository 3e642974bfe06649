package dev.leaver.sandbox.github;

import static dev.leaver.sandbox.github.GithubEmulator.map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GitHub Apps installed on the organisation: {@code POST /app/installations/{id}/access_tokens}
 * with the app's JWT (RS256, {@code iss} = app id, not expired, at most ten minutes long) answers
 * 201 with an installation token valid an hour, as GitHub does; a bad or expired JWT is 401.
 */
final class Apps {
  private record App(long appId, long installationId, PublicKey key) {}

  private final Map<Long, App> byInstallation = new ConcurrentHashMap<>();
  private final AtomicInteger minted = new AtomicInteger();

  void install(long appId, long installationId, PublicKey key) {
    byInstallation.put(installationId, new App(appId, installationId, key));
  }

  int minted() {
    return minted.get();
  }

  HttpResponse accessToken(GithubOrg org, HttpRequest req, long installationId) {
    App app = byInstallation.get(installationId);
    if (app == null) {
      return Answers.notFound();
    }
    String auth = req.header("Authorization");
    String jwt = auth == null ? "" : auth.replaceFirst("(?i)^bearer\\s+", "").trim();
    String[] parts = jwt.split("\\.");
    if (parts.length != 3 || !verified(app.key(), parts)) {
      return Answers.error(401, "A JSON web token could not be decoded");
    }
    JsonNode claims;
    try {
      claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException | IllegalArgumentException e) {
      return Answers.error(401, "A JSON web token could not be decoded");
    }
    long now = Instant.now().getEpochSecond();
    long exp = claims.path("exp").asLong();
    if (claims.path("iss").asLong() != app.appId()
        || exp < now
        || exp - claims.path("iat").asLong() > 660) {
      return Answers.error(
          401, "'Expiration time' claim ('exp') is too far in the future, or the JWT expired");
    }
    String token = "ghs_sandbox_minted_" + minted.incrementAndGet();
    org.tokens.add(
        new GithubOrg.Token(
            token,
            "installation",
            null,
            List.of("organization_personal_access_tokens:write", "members:write")));
    return HttpResponse.json(
        201,
        map(
            "token",
            token,
            "expires_at",
            Instant.ofEpochSecond(now + 3600).toString(),
            "permissions",
            map("organization_personal_access_tokens", "write", "members", "write"),
            "repository_selection",
            "all"));
  }

  private static boolean verified(PublicKey key, String[] parts) {
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(key);
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
