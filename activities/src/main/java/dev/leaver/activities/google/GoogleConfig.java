package dev.leaver.activities.google;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * How to reach Google Workspace: a service account with domain-wide delegation, acting as an
 * administrator of the customer.
 *
 * <p>{@code toString()} never shows the private key, so the config can be logged.
 *
 * @param rootUrl the Admin SDK's root; default {@value #ROOT_URL}. Directory calls go to {@code
 *     <rootUrl>admin/directory/v1/}, Data Transfer calls to {@code <rootUrl>admin/datatransfer/v1/}
 * @param tokenUri the OAuth token endpoint; default {@value #TOKEN_URI}
 * @param serviceAccountEmail the service account's {@code client_email}
 * @param privateKeyId the key's {@code private_key_id} (sent as the JWT's {@code kid}); may be null
 * @param privateKey the key's {@code private_key}, PKCS#8 PEM (a secret: {@code env:} or {@code
 *     file:} in the worker's YAML)
 * @param adminEmail the administrator the service account impersonates ({@code sub}); needs an
 *     admin role that may manage users, groups and data transfers
 * @param customerId the customer, default {@code my_customer} (the admin's own)
 * @param transferCalendar whether TransferDrive also moves the leaver's Calendar events; default
 *     false
 * @param throttleBackoffSeconds the delay asked of Temporal after Google throttles (403 {@code
 *     rateLimitExceeded}/{@code userRateLimitExceeded} or 429 without Retry-After); default {@value
 *     #DEFAULT_BACKOFF_SECONDS}
 */
public record GoogleConfig(
    String rootUrl,
    String tokenUri,
    String serviceAccountEmail,
    String privateKeyId,
    String privateKey,
    String adminEmail,
    String customerId,
    Boolean transferCalendar,
    Integer throttleBackoffSeconds) {
  public static final String ROOT_URL = "https://admin.googleapis.com/";
  public static final String TOKEN_URI = "https://oauth2.googleapis.com/token";
  public static final int DEFAULT_BACKOFF_SECONDS = 30;

  /** The sandbox's service account and the admin it impersonates (sandbox values). */
  public static final String SANDBOX_SERVICE_ACCOUNT =
      "leaver@leaver-sandbox.iam.gserviceaccount.com";

  public static final String SANDBOX_ADMIN = "leaver-admin@contoso.example";

  public GoogleConfig {
    rootUrl = withSlash(rootUrl == null ? ROOT_URL : rootUrl);
    tokenUri = tokenUri == null ? TOKEN_URI : tokenUri;
    Objects.requireNonNull(serviceAccountEmail, "serviceAccountEmail is required");
    // A key copied from the JSON key file into an environment variable keeps its "\n" escapes.
    privateKey = privateKey == null ? null : privateKey.replace("\\n", "\n");
    if (privateKey == null || !privateKey.contains("PRIVATE KEY")) {
      throw new IllegalArgumentException("privateKey must be the service account key's PKCS#8 PEM");
    }
    if (adminEmail == null || !adminEmail.contains("@")) {
      throw new IllegalArgumentException("adminEmail must be the address of the admin to act as");
    }
    customerId = customerId == null || customerId.isBlank() ? "my_customer" : customerId;
    transferCalendar = transferCalendar != null && transferCalendar;
    throttleBackoffSeconds =
        throttleBackoffSeconds == null ? DEFAULT_BACKOFF_SECONDS : throttleBackoffSeconds;
    if (throttleBackoffSeconds < 1) {
      throw new IllegalArgumentException("throttleBackoffSeconds must be at least 1");
    }
  }

  /** The delay Temporal waits after Google throttled a call that named none. */
  Duration throttleBackoff() {
    return Duration.ofSeconds(throttleBackoffSeconds);
  }

  /**
   * The sandbox's emulator: Admin SDK at {@code <base>/google/}, tokens at {@code
   * <base>/google/token}, a throwaway RSA key pair generated now (the emulator checks the JWT's
   * shape, not its signature), Calendar moved too.
   */
  public static GoogleConfig sandbox(String sandboxBaseUrl) {
    String base = sandboxBaseUrl.replaceAll("/+$", "");
    return new GoogleConfig(
        base + "/google/",
        base + "/google/token",
        SANDBOX_SERVICE_ACCOUNT,
        "sandbox-key",
        ThrowawayKey.PEM,
        SANDBOX_ADMIN,
        null,
        true,
        null);
  }

  @Override
  public String toString() {
    return "GoogleConfig[rootUrl="
        + rootUrl
        + ", tokenUri="
        + tokenUri
        + ", serviceAccountEmail="
        + serviceAccountEmail
        + ", privateKeyId="
        + privateKeyId
        + ", privateKey=***, adminEmail="
        + adminEmail
        + ", customerId="
        + customerId
        + ", transferCalendar="
        + transferCalendar
        + ", throttleBackoffSeconds="
        + throttleBackoffSeconds
        + "]";
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  /** One RSA-2048 key per JVM for the sandbox; never written anywhere. */
  private static final class ThrowawayKey {
    static final String PEM = generate();

    private static String generate() {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        return "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no RSA", e);
      }
    }
  }
}
