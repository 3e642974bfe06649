package dev.leaver.activities.evidence;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Opens an evidence store from its location, as the worker's {@code evidence:} key and {@code
 * --evidence} give it.
 *
 * <ul>
 *   <li>A directory: {@code /var/lib/leaver/evidence} (or {@code file:/var/lib/leaver/evidence}).
 *       Created on first append.
 *   <li>S3 with Object Lock: {@code
 *       s3://BUCKET/PREFIX?region=eu-west-1&retentionDays=400&mode=COMPLIANCE}. Optional {@code
 *       endpoint=https://…} for an S3-compatible server (path-style addressing is then used). The
 *       bucket must exist with Object Lock enabled. Credentials come from the AWS SDK's default
 *       chain ({@code AWS_ACCESS_KEY_ID}…, profiles, instance or pod roles). {@code retentionDays}
 *       defaults to 400 and {@code mode} to COMPLIANCE.
 * </ul>
 */
public final class EvidenceStores {
  /** The worker's store when its config says nothing: {@code ./evidence}. */
  public static final String DEFAULT_LOCATION = "evidence";

  static final int DEFAULT_RETENTION_DAYS = 400;
  private static final Set<String> S3_PARAMETERS =
      Set.of("region", "endpoint", "retentionDays", "mode");

  private EvidenceStores() {}

  /**
   * The store at {@code location}.
   *
   * @throws IllegalArgumentException saying what is wrong with the location
   */
  public static EvidenceStore open(String location) {
    if (location == null || location.isBlank()) {
      location = DEFAULT_LOCATION;
    }
    if (location.startsWith("s3://")) {
      S3Location s3 = S3Location.parse(location);
      return new ChainedStore(
          new S3ObjectLock(
              s3.client(), s3.bucket(), s3.prefix(), s3.mode(), s3.retention(), Clock.systemUTC()));
    }
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !location.startsWith("file:")) {
      throw new IllegalArgumentException(
          "evidence location " + location + ": not a directory or an s3:// address");
    }
    return directory(
        Path.of(location.startsWith("file:") ? URI.create(location).getPath() : location));
  }

  /** A store in a local or shared directory. */
  public static EvidenceStore directory(Path dir) {
    return new ChainedStore(new LocalDirectory(dir));
  }

  /**
   * A store in an S3 bucket with Object Lock, through a client the caller built.
   *
   * @param prefix key prefix; a trailing {@code /} is added when missing
   * @param mode COMPLIANCE or GOVERNANCE
   * @param retentionDays how long each record is locked from when it is written
   */
  public static EvidenceStore s3(
      S3Client client, String bucket, String prefix, ObjectLockMode mode, int retentionDays) {
    return new ChainedStore(
        new S3ObjectLock(
            client,
            bucket,
            S3Location.normalisedPrefix(prefix),
            mode,
            Duration.ofDays(retentionDays),
            Clock.systemUTC()));
  }

  /** A parsed {@code s3://} location. */
  record S3Location(
      String bucket,
      String prefix,
      String region,
      URI endpoint,
      ObjectLockMode mode,
      Duration retention) {

    static S3Location parse(String location) {
      URI uri;
      try {
        uri = URI.create(location);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("evidence location " + location + ": " + e.getMessage());
      }
      String bucket = uri.getHost();
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException(
            "evidence location " + location + ": no bucket (s3://BUCKET/PREFIX?region=…)");
      }
      Map<String, String> query = query(location, uri.getRawQuery());
      String region = query.getOrDefault("region", "us-east-1");
      URI endpoint = query.containsKey("endpoint") ? URI.create(query.get("endpoint")) : null;
      ObjectLockMode mode;
      try {
        mode =
            ObjectLockMode.valueOf(
                query.getOrDefault("mode", "COMPLIANCE").toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "evidence location "
                + location
                + ": mode must be COMPLIANCE or GOVERNANCE, not "
                + query.get("mode"));
      }
      if (mode == ObjectLockMode.UNKNOWN_TO_SDK_VERSION) {
        throw new IllegalArgumentException(
            "evidence location " + location + ": mode must be COMPLIANCE or GOVERNANCE");
      }
      int days;
      try {
        days =
            Integer.parseInt(
                query.getOrDefault("retentionDays", String.valueOf(DEFAULT_RETENTION_DAYS)));
      } catch (NumberFormatException e) {
        days = -1;
      }
      if (days < 1) {
        throw new IllegalArgumentException(
            "evidence location "
                + location
                + ": retentionDays must be a whole number of days, at least 1");
      }
      return new S3Location(
          bucket, normalisedPrefix(uri.getPath()), region, endpoint, mode, Duration.ofDays(days));
    }

    S3Client client() {
      S3ClientBuilder b =
          S3Client.builder()
              .region(Region.of(region))
              .credentialsProvider(DefaultCredentialsProvider.builder().build())
              .httpClientBuilder(
                  UrlConnectionHttpClient.builder()
                      .connectionTimeout(Duration.ofSeconds(5))
                      .socketTimeout(Duration.ofSeconds(30)));
      if (endpoint != null) {
        b.endpointOverride(endpoint).forcePathStyle(true);
      }
      return b.build();
    }

    static String normalisedPrefix(String path) {
      String p = path == null ? "" : path.replaceAll("^/+", "");
      return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    private static Map<String, String> query(String location, String raw) {
      Map<String, String> out = new LinkedHashMap<>();
      if (raw == null || raw.isEmpty()) {
        return out;
      }
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (!S3_PARAMETERS.contains(key)) {
          throw new IllegalArgumentException(
              "evidence location "
                  + location
                  + ": unknown parameter '"
                  + key
                  + "' (known: endpoint, mode, region, retentionDays)");
        }
        out.put(
            key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      return out;
    }
  }
}
