package dev.leaver.activities.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.leaver.activities.evidence.EvidenceStore.ChainCheck;
import dev.leaver.sandbox.pypi.PyPiServer;
import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.EvidenceRecord.Milestone;
import dev.leaver.workflows.api.Phase;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 backend through the AWS SDK v2 against moto in server mode (a real S3 API server from
 * PyPI), in a bucket created with Object Lock: each record is locked, an overwrite or a delete of a
 * record is refused, and the chain behaves as in a directory.
 */
class S3EvidenceStoreTest {
  private static final String ACCOUNT = "000000000771"; // the class's own moto account
  private static URI moto;
  private static S3Client s3;
  private static final Instant AT = Instant.parse("2026-11-30T09:00:05Z");

  private String bucket;

  @BeforeAll
  static void startMoto() {
    moto = PyPiServer.shared(PyPiServer.MOTO).url();
    s3 =
        S3Client.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(moto)
            .forcePathStyle(true)
            .overrideConfiguration(o -> o.putHeader("x-moto-account-id", ACCOUNT))
            .build();
  }

  @AfterAll
  static void close() {
    s3.close();
  }

  @BeforeEach
  void bucketWithObjectLock() {
    bucket = "leaver-evidence-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(r -> r.bucket(bucket).objectLockEnabledForBucket(true));
  }

  private EvidenceStore store(ObjectLockMode mode, int days) {
    return EvidenceStores.s3(s3, bucket, "prod", mode, days);
  }

  private static EvidenceRecord append(EvidenceStore store, String employee, Milestone m) {
    return store.append(
        "offboarding-" + employee,
        "run-" + employee,
        m,
        AT,
        EvidenceSamples.status(employee, Phase.COMPLETED));
  }

  @Test
  void eachRecordIsLockedInTheConfiguredModeForTheConfiguredDays() {
    EvidenceStore store = store(ObjectLockMode.COMPLIANCE, 400);
    append(store, "E1", Milestone.KILL_SWITCH_DONE);
    append(store, "E1", Milestone.CLOSED);

    for (String key :
        new String[] {"prod/records/000000000001.json", "prod/records/000000000002.json"}) {
      // What S3 says of the object (moto 5.2.5 does not answer GetObjectRetention; HEAD carries
      // it).
      var head = s3.headObject(r -> r.bucket(bucket).key(key));
      assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
      assertThat(head.objectLockRetainUntilDate())
          .isCloseTo(Instant.now().plus(400, ChronoUnit.DAYS), within(5, ChronoUnit.MINUTES));
    }
    var governance = store(ObjectLockMode.GOVERNANCE, 30);
    append(governance, "E2", Milestone.CLOSED);
    assertThat(
            s3.headObject(r -> r.bucket(bucket).key("prod/records/000000000003.json"))
                .objectLockMode())
        .isEqualTo(ObjectLockMode.GOVERNANCE);
  }

  @Test
  void aStoredRecordCannotBeOverwrittenOrDeleted() {
    EvidenceStore store = store(ObjectLockMode.COMPLIANCE, 400);
    append(store, "E1", Milestone.CLOSED);
    String key = "prod/records/000000000001.json";
    String version = s3.headObject(r -> r.bucket(bucket).key(key)).versionId();

    // The store's own write: If-None-Match: * refuses a sequence that is taken.
    assertThatThrownBy(
            () ->
                s3.putObject(
                    r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString("{}")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    // The locked version cannot be deleted, even by the bucket's owner.
    assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket(bucket).key(key).versionId(version)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    assertThat(
            s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).versionId(version)).asUtf8String())
        .contains("\"runId\" : \"run-E1\"");
    assertThat(store.verify()).isEqualTo(new ChainCheck.Intact(1));
  }

  @Test
  void aPlainPutOverARecordOnlyAddsAVersionWhichVerifyNamesWhileTheLockedOneStays() {
    EvidenceStore store = store(ObjectLockMode.COMPLIANCE, 400);
    append(store, "E1", Milestone.CLOSED);
    append(store, "E2", Milestone.CLOSED);
    String key = "prod/records/000000000001.json";
    String original = s3.headObject(r -> r.bucket(bucket).key(key)).versionId();
    String json = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();

    s3.putObject(
        r -> r.bucket(bucket).key(key),
        RequestBody.fromString(
            json.replaceFirst("\"state\" : \"DONE\"", "\"state\" : \"SKIPPED\"")));

    ChainCheck.Broken broken = (ChainCheck.Broken) store.verify();
    assertThat(broken.sequence()).isEqualTo(1);
    assertThat(broken.where()).isEqualTo("s3://" + bucket + "/" + key);
    assertThat(broken.why()).contains("does not match its hash");
    assertThat(
            s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).versionId(original)).asUtf8String())
        .isEqualTo(json);
  }

  @Test
  void theChainLinksAndAMilestoneIsStoredOnceInS3AsInADirectory() {
    EvidenceStore store = store(ObjectLockMode.COMPLIANCE, 1);
    EvidenceRecord first = append(store, "E1", Milestone.CLOSED);
    EvidenceRecord second = append(store, "E2", Milestone.CLOSED);
    EvidenceRecord again = append(store(ObjectLockMode.COMPLIANCE, 1), "E1", Milestone.CLOSED);

    assertThat(again).isEqualTo(first);
    assertThat(second.previousHash()).isEqualTo(first.hash());
    assertThat(store.records()).containsExactly(first, second);
    assertThat(store.verify()).isEqualTo(new ChainCheck.Intact(2));
  }

  @Test
  void aLocationStringOpensTheBucket() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    try {
      // The location's client has no moto account header: moto's default account holds this bucket.
      String other = "leaver-evidence-loc-" + UUID.randomUUID().toString().substring(0, 8);
      EvidenceStores.S3Location loc =
          EvidenceStores.S3Location.parse(
              "s3://"
                  + other
                  + "/a/b?endpoint="
                  + moto
                  + "&region=eu-west-1&retentionDays=7&mode=governance");
      try (S3Client client = loc.client()) {
        client.createBucket(
            r ->
                r.bucket(other)
                    .objectLockEnabledForBucket(true)
                    .createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
      }
      EvidenceStore store =
          EvidenceStores.open(
              "s3://"
                  + other
                  + "/a/b?endpoint="
                  + moto
                  + "&region=eu-west-1&retentionDays=7&mode=governance");
      append(store, "E1", Milestone.CLOSED);

      assertThat(store.records()).hasSize(1);
      assertThat(store.verify()).isEqualTo(new ChainCheck.Intact(1));
      assertThat(loc.prefix()).isEqualTo("a/b/");
      assertThat(loc.mode()).isEqualTo(ObjectLockMode.GOVERNANCE);
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
