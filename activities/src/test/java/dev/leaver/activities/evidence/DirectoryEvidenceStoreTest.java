package dev.leaver.activities.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leaver.activities.evidence.EvidenceStore.ChainCheck;
import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.EvidenceRecord.Milestone;
import dev.leaver.workflows.api.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryEvidenceStoreTest {
  private static final Instant AT = Instant.parse("2026-11-30T09:00:05Z");

  @TempDir Path dir;

  private EvidenceRecord append(EvidenceStore store, String employee, Milestone m) {
    return store.append(
        "offboarding-" + employee,
        "run-" + employee,
        m,
        AT,
        EvidenceSamples.status(
            employee, m == Milestone.CLOSED ? Phase.COMPLETED : Phase.KILL_SWITCH));
  }

  @Test
  void recordsComeBackInChainOrderEachLinkedToTheOneBefore() {
    EvidenceStore store = EvidenceStores.open(dir.toString());
    EvidenceRecord first = append(store, "E1", Milestone.KILL_SWITCH_DONE);
    EvidenceRecord second = append(store, "E1", Milestone.CLOSED);
    EvidenceRecord third = append(store, "E2", Milestone.CLOSED);

    List<EvidenceRecord> records = EvidenceStores.open(dir.toString()).records();
    assertThat(records).containsExactly(first, second, third);
    assertThat(records).extracting(EvidenceRecord::sequence).containsExactly(1L, 2L, 3L);
    assertThat(first.previousHash()).isEqualTo("0".repeat(64));
    assertThat(second.previousHash()).isEqualTo(first.hash());
    assertThat(third.previousHash()).isEqualTo(second.hash());
    assertThat(records.get(1).status().steps().get(0).receipt().after())
        .containsEntry("accountEnabled", "false");
    assertThat(store.verify()).isEqualTo(new ChainCheck.Intact(3));
  }

  @Test
  void appendingARunsMilestoneAgainStoresNothingNewAndAnswersTheSameRecord() throws IOException {
    EvidenceStore store = EvidenceStores.open(dir.toString());
    EvidenceRecord first = append(store, "E1", Milestone.CLOSED);
    // A second worker (another instance) retrying the same activity.
    EvidenceRecord again = append(EvidenceStores.open(dir.toString()), "E1", Milestone.CLOSED);

    assertThat(again).isEqualTo(first);
    try (var files = Files.list(dir.resolve("records"))) {
      assertThat(files.count()).isEqualTo(1);
    }
  }

  @Test
  void tamperingWithOneRecordMakesVerifyNameIt() throws IOException {
    EvidenceStore store = EvidenceStores.open(dir.toString());
    append(store, "E1", Milestone.KILL_SWITCH_DONE);
    append(store, "E1", Milestone.CLOSED);
    append(store, "E2", Milestone.CLOSED);
    Path second = dir.resolve("records/000000000002.json");
    String json = Files.readString(second);
    assertThat(json).contains("\"state\" : \"DONE\"");
    Files.writeString(second, json.replaceFirst("\"state\" : \"DONE\"", "\"state\" : \"SKIPPED\""));

    ChainCheck check = store.verify();

    assertThat(check).isInstanceOf(ChainCheck.Broken.class);
    ChainCheck.Broken broken = (ChainCheck.Broken) check;
    assertThat(broken.sequence()).isEqualTo(2);
    assertThat(broken.where()).isEqualTo(second.toString());
    assertThat(broken.why()).contains("does not match its hash");
  }

  @Test
  void replacingARecordWithAFreshlyHashedOneBreaksTheLinkOfTheNext() throws IOException {
    EvidenceStore store = EvidenceStores.open(dir.toString());
    append(store, "E1", Milestone.CLOSED);
    append(store, "E2", Milestone.CLOSED);
    append(store, "E3", Milestone.CLOSED);
    // Someone who knows the format rewrites record 2 and its hash: record 3 no longer links to it.
    EvidenceRecord two = store.records().get(1);
    EvidenceRecord forged =
        CanonicalJson.sealed(
            new EvidenceRecord(
                2,
                two.workflowId(),
                two.runId(),
                two.milestone(),
                two.recordedAt(),
                EvidenceSamples.status("E2", Phase.RESCINDED),
                two.previousHash(),
                null));
    Files.write(dir.resolve("records/000000000002.json"), CanonicalJson.stored(forged));

    ChainCheck.Broken broken = (ChainCheck.Broken) store.verify();

    assertThat(broken.sequence()).isEqualTo(3);
    assertThat(broken.why()).contains("previousHash is not record 2's hash");
  }

  @Test
  void removingARecordMakesVerifyNameIt() throws IOException {
    EvidenceStore store = EvidenceStores.open(dir.toString());
    append(store, "E1", Milestone.CLOSED);
    append(store, "E2", Milestone.CLOSED);
    append(store, "E3", Milestone.CLOSED);
    Files.delete(dir.resolve("records/000000000002.json"));

    ChainCheck.Broken broken = (ChainCheck.Broken) store.verify();

    assertThat(broken.sequence()).isEqualTo(2);
    assertThat(broken.where()).isEqualTo(dir.resolve("records/000000000002.json").toString());
    assertThat(broken.why()).startsWith("missing");
  }

  @Test
  void removingTheNewestRecordIsNamedThroughTheIndex() throws IOException {
    EvidenceStore store = EvidenceStores.open(dir.toString());
    append(store, "E1", Milestone.CLOSED);
    append(store, "E2", Milestone.CLOSED);
    Files.delete(dir.resolve("records/000000000002.json"));

    ChainCheck.Broken broken = (ChainCheck.Broken) EvidenceStores.open(dir.toString()).verify();

    assertThat(broken.sequence()).isEqualTo(2);
    assertThat(broken.why()).contains("the index (run-E2.CLOSED) says it was written");
  }

  @Test
  void aClaimLeftPendingByACrashedWriterIsTakenOverByTheRetry() throws IOException {
    EvidenceStore store = EvidenceStores.open(dir.toString());
    append(store, "E1", Milestone.CLOSED);
    Files.createDirectories(dir.resolve("index"));
    Files.writeString(dir.resolve("index/run-E2.CLOSED"), "2 pending\n");

    EvidenceRecord retried = append(store, "E2", Milestone.CLOSED);

    assertThat(retried.sequence()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("index/run-E2.CLOSED"))).isEqualTo("2 written\n");
    assertThat(store.verify()).isEqualTo(new ChainCheck.Intact(2));
  }

  @Test
  void writersInTwoWorkersNeverTakeTheSameSequence() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Callable<EvidenceRecord>> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      EvidenceStore own =
          EvidenceStores.open(dir.toString()); // each thread its own instance, like a worker
      for (int i = 0; i < 10; i++) {
        String employee = "W" + w + "-" + i;
        writers.add(() -> append(own, employee, Milestone.CLOSED));
      }
    }
    List<EvidenceRecord> written = new ArrayList<>();
    for (Future<EvidenceRecord> f : pool.invokeAll(writers)) {
      written.add(f.get());
    }
    pool.shutdown();

    assertThat(written).extracting(EvidenceRecord::sequence).doesNotHaveDuplicates().hasSize(40);
    assertThat(EvidenceStores.open(dir.toString()).verify()).isEqualTo(new ChainCheck.Intact(40));
  }

  @Test
  void anAuditorRecomputesAHashWithJqAndSha256sum() throws Exception {
    assumeThat(Path.of("/usr/bin/jq")).exists();
    EvidenceRecord record = append(EvidenceStores.open(dir.toString()), "E1", Milestone.CLOSED);
    Process p =
        new ProcessBuilder("sh", "-c", "jq -jcS 'del(.hash)' records/000000000001.json | sha256sum")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();

    assertThat(out.split(" ")[0]).isEqualTo(record.hash());
  }

  @Test
  void aLocationThatIsNeitherADirectoryNorS3IsRefusedClearly() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EvidenceStores.open("ftp://host/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("evidence location ftp://host/x: not a directory or an s3:// address");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EvidenceStores.open("s3://bucket/p?retention=30"))
        .hasMessageContaining("unknown parameter 'retention'");
  }
}
