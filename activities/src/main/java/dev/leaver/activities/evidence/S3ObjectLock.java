package dev.leaver.activities.evidence;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket with Object Lock (versioning on, as Object Lock requires). Each record is written
 * once with {@code If-None-Match: *}, so a sequence another worker took is refused (412), and with
 * a retention (COMPLIANCE or GOVERNANCE) until now + the configured days, so no one can delete or
 * overwrite that version before then. Index entries are plain objects that later writes replace.
 */
final class S3ObjectLock implements Storage {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final ObjectLockMode mode;
  private final Duration retention;
  private final Clock clock;

  /**
   * @param prefix key prefix, empty or ending in {@code /}
   * @param mode COMPLIANCE (no one, root included, can shorten it) or GOVERNANCE
   * @param retention how long each record is locked from when it is written
   */
  S3ObjectLock(
      S3Client s3,
      String bucket,
      String prefix,
      ObjectLockMode mode,
      Duration retention,
      Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.mode = mode;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    try {
      return Optional.of(
          s3.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      throw failed("read", key, e);
    }
  }

  @Override
  public boolean createNew(String key, byte[] content) throws IOException {
    PutObjectRequest put =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(prefix + key)
            .contentType("application/json")
            .ifNoneMatch("*")
            .objectLockMode(mode)
            // Whole seconds: S3 keeps no finer time, and moto cannot parse nanoseconds.
            .objectLockRetainUntilDate(
                clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(retention))
            .build();
    try {
      s3.putObject(put, RequestBody.fromBytes(content));
      return true;
    } catch (S3Exception e) {
      // 412: the key exists. 409: a concurrent conditional write to it is in flight.
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw failed("write", key, e);
    }
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
    try {
      s3.putObject(
          r -> r.bucket(bucket).key(prefix + key).contentType("text/plain"),
          RequestBody.fromBytes(content));
    } catch (S3Exception e) {
      throw failed("write", key, e);
    }
  }

  @Override
  public List<String> list(String under, String startAfter) throws IOException {
    List<String> keys = new ArrayList<>();
    try {
      for (var page :
          s3.listObjectsV2Paginator(
              r -> {
                r.bucket(bucket).prefix(prefix + under);
                if (startAfter != null) {
                  r.startAfter(prefix + startAfter);
                }
              })) {
        for (S3Object o : page.contents()) {
          keys.add(o.key().substring(prefix.length()));
        }
      }
    } catch (S3Exception e) {
      throw failed("list", under, e);
    }
    return keys; // S3 lists in ascending UTF-8 key order
  }

  @Override
  public String where(String key) {
    return "s3://" + bucket + "/" + prefix + key;
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }

  private IOException failed(String what, String key, S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return new IOException(
        "cannot "
            + what
            + " "
            + where(key)
            + ": HTTP "
            + e.statusCode()
            + (code == null ? "" : " " + code),
        e);
  }
}
