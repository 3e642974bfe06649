package dev.leaver.activities.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.target.TargetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * GitHub App installation tokens, minted from the app's private key when the config names an app
 * ({@code appId}, {@code appInstallationId}, {@code appPrivateKey}): a JWT signed RS256 with the
 * key, then {@code POST /app/installations/{id}/access_tokens}. A token lives an hour; it is kept
 * until five minutes before it expires. Without an app, the configured {@code appInstallationToken}
 * is used as it is.
 */
final class AppTokens {
  private static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

  private final GithubConfig config;
  private final HttpClient http;
  private final Clock clock;
  private final PrivateKey key;
  private String token;
  private Instant expires = Instant.MIN;

  AppTokens(GithubConfig config, HttpClient http, Clock clock) {
    this.config = config;
    this.http = http;
    this.clock = clock;
    this.key = config.appPrivateKey() == null ? null : privateKey(config.appPrivateKey());
  }

  /** The token for the fine-grained token calls; null when none is configured. */
  synchronized String current() {
    if (key == null) {
      return config.appInstallationToken();
    }
    if (token == null || clock.instant().isAfter(expires.minus(REFRESH_BEFORE))) {
      mint();
    }
    return token;
  }

  private void mint() {
    String path = "/app/installations/" + config.appInstallationId() + "/access_tokens";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.apiUrl() + path))
            .timeout(Duration.ofSeconds(20))
            .header("Accept", "application/vnd.github+json")
            .header("Authorization", "Bearer " + jwt())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TargetException.Retryable("github POST " + path + ": " + e.getMessage(), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException.Retryable("github POST " + path + ": interrupted", null, e);
    }
    JsonNode body;
    try {
      body = GithubApi.JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
    } catch (IOException e) {
      body = GithubApi.JSON.createObjectNode();
    }
    if (r.statusCode() != 201) {
      throw GithubErrors.fromStatus(
          "POST " + path,
          r.statusCode(),
          h -> r.headers().firstValue(h).orElse(null),
          body.path("message").asText(null),
          clock,
          GithubTarget.PAT_WRITE + " (the app's installation token)");
    }
    token = body.path("token").asText();
    expires =
        Instant.parse(body.path("expires_at").asText(clock.instant().plusSeconds(3600).toString()));
  }

  /**
   * A JWT for the app: issued a minute ago (clock drift), valid nine minutes (GitHub's max is ten).
   */
  private String jwt() {
    long now = clock.instant().getEpochSecond();
    String header = b64(Map.of("alg", "RS256", "typ", "JWT"));
    String claims = b64(Map.of("iat", now - 60, "exp", now + 540, "iss", config.appId()));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(key);
      rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
      return header
          + "."
          + claims
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the GitHub App JWT", e);
    }
  }

  private static String b64(Map<String, Object> json) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(GithubApi.JSON.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The app's PEM private key: PKCS#8 ({@code BEGIN PRIVATE KEY}) or, as GitHub issues it, PKCS#1
   * ({@code BEGIN RSA PRIVATE KEY}), which is wrapped into PKCS#8 for the JDK.
   */
  static PrivateKey privateKey(String pem) {
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("appPrivateKey is not a PEM private key");
    }
    try {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8(der) : der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("appPrivateKey is not an RSA private key");
    }
  }

  /** PrivateKeyInfo { version 0, AlgorithmIdentifier rsaEncryption NULL, OCTET STRING pkcs1 }. */
  static byte[] pkcs8(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] key = der(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(key);
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write((n >> 8) & 0xff);
      out.write(n & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
