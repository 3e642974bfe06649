package dev.leaver.activities.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.workflows.api.EvidenceRecord;
import dev.leaver.workflows.api.OffboardingStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hash chain over a {@link Storage}. Records are {@code records/<12-digit sequence>.json}; the
 * index {@code index/<runId>.<MILESTONE>} says which sequence holds a run's milestone.
 *
 * <p>An append first claims its sequence in the index ({@code "7 pending"}), then creates the
 * record, then marks the claim {@code "7 written"}. A retry whose first answer was lost finds the
 * claim and the record and returns that record; a claim left pending by a crash is taken over; a
 * sequence another worker took first is given up for the next one. {@link #verify} uses the written
 * claims to notice the newest record's removal, which the chain alone cannot show.
 */
final class ChainedStore implements EvidenceStore {
  static final String RECORDS = "records/";
  static final String INDEX = "index/";
  private static final int ATTEMPTS = 50;

  private final Storage storage;
  private String lastKnown; // the newest record key seen, to list only what follows it

  ChainedStore(Storage storage) {
    this.storage = storage;
  }

  @Override
  public synchronized EvidenceRecord append(
      String workflowId,
      String runId,
      EvidenceRecord.Milestone milestone,
      Instant recordedAt,
      OffboardingStatus status) {
    Objects.requireNonNull(runId, "runId == null");
    Objects.requireNonNull(milestone, "milestone == null");
    String claimKey = INDEX + runId + "." + milestone;
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        Optional<EvidenceRecord> already = claimed(claimKey, runId, milestone);
        if (already.isPresent()) {
          mark(claimKey, already.get().sequence(), "written");
          return already.get();
        }
        Tail tail = tail();
        long sequence = tail.sequence() + 1;
        mark(claimKey, sequence, "pending");
        EvidenceRecord record =
            CanonicalJson.sealed(
                new EvidenceRecord(
                    sequence, workflowId, runId, milestone, recordedAt, status, tail.hash(), null));
        if (storage.createNew(recordKey(sequence), CanonicalJson.stored(record))) {
          lastKnown = recordKey(sequence);
          mark(claimKey, sequence, "written");
          return record;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot append to the evidence store " + storage + ": " + e.getMessage(), e);
    }
    throw new IllegalStateException(
        "the evidence store "
            + storage
            + " stayed busy: "
            + ATTEMPTS
            + " sequences taken by other writers in a row");
  }

  @Override
  public List<EvidenceRecord> records() {
    List<EvidenceRecord> out = new ArrayList<>();
    try {
      for (String key : recordKeys(null)) {
        byte[] bytes = storage.read(key).orElse(null);
        if (bytes == null) {
          continue; // removed since it was listed
        }
        try {
          out.add(CanonicalJson.record(CanonicalJson.parse(bytes)));
        } catch (IOException e) {
          throw new IllegalStateException(
              storage.where(key)
                  + " cannot be read as an evidence record: "
                  + firstLine(e.getMessage())
                  + " (run `leaver evidence verify`)",
              e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the evidence store " + storage + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public ChainCheck verify() {
    try {
      long expected = 1;
      String previousHash = CanonicalJson.GENESIS;
      for (String key : recordKeys(null)) {
        long sequence = sequenceOf(key);
        if (sequence != expected) {
          return new ChainCheck.Broken(
              expected,
              storage.where(recordKey(expected)),
              "missing: the chain goes from record " + (expected - 1) + " to record " + sequence);
        }
        byte[] bytes = storage.read(key).orElse(null);
        if (bytes == null) {
          return new ChainCheck.Broken(
              sequence, storage.where(key), "missing (removed while being read)");
        }
        JsonNode tree;
        try {
          tree = CanonicalJson.parse(bytes);
        } catch (IOException e) {
          return new ChainCheck.Broken(
              sequence,
              storage.where(key),
              "not a readable JSON record: " + firstLine(e.getMessage()));
        }
        if (tree.path("sequence").asLong(-1) != sequence) {
          return new ChainCheck.Broken(
              sequence,
              storage.where(key),
              "its sequence field says " + tree.path("sequence") + ", its name says " + sequence);
        }
        String stored = tree.path("hash").asText();
        String recomputed;
        try {
          recomputed = CanonicalJson.recomputedHash(tree);
        } catch (IllegalArgumentException e) {
          return new ChainCheck.Broken(sequence, storage.where(key), e.getMessage());
        }
        if (!recomputed.equals(stored)) {
          return new ChainCheck.Broken(
              sequence,
              storage.where(key),
              "its content does not match its hash: changed after it was written (hash "
                  + abbreviated(stored)
                  + ", content hashes to "
                  + abbreviated(recomputed)
                  + ")");
        }
        if (!previousHash.equals(tree.path("previousHash").asText())) {
          return new ChainCheck.Broken(
              sequence,
              storage.where(key),
              "its previousHash is not record "
                  + (sequence - 1)
                  + "'s hash: the record before it was"
                  + " replaced, or this one was");
        }
        previousHash = stored;
        expected++;
      }
      long count = expected - 1;
      for (String claim : storage.list(INDEX, null)) {
        Claim c = Claim.parse(storage.read(claim).orElse(new byte[0]));
        if (c != null && c.written() && c.sequence() > count) {
          return new ChainCheck.Broken(
              c.sequence(),
              storage.where(recordKey(c.sequence())),
              "missing: the index ("
                  + claim.substring(INDEX.length())
                  + ") says it was written, the"
                  + " chain ends at record "
                  + count);
        }
      }
      return new ChainCheck.Intact(count);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the evidence store " + storage + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return storage.toString();
  }

  /** The record the claim points at, if it is this run's milestone. */
  private Optional<EvidenceRecord> claimed(
      String claimKey, String runId, EvidenceRecord.Milestone milestone) throws IOException {
    Claim claim = storage.read(claimKey).map(Claim::parse).orElse(null);
    if (claim == null) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = storage.read(recordKey(claim.sequence()));
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    EvidenceRecord record = CanonicalJson.record(CanonicalJson.parse(bytes.get()));
    return runId.equals(record.runId()) && milestone == record.milestone()
        ? Optional.of(record)
        : Optional.empty();
  }

  private void mark(String claimKey, long sequence, String state) throws IOException {
    storage.replace(claimKey, (sequence + " " + state + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private record Tail(long sequence, String hash) {}

  private Tail tail() throws IOException {
    List<String> newer = recordKeys(lastKnown);
    String last = newer.isEmpty() ? lastKnown : newer.get(newer.size() - 1);
    if (last == null) {
      return new Tail(0, CanonicalJson.GENESIS);
    }
    byte[] bytes = storage.read(last).orElse(null);
    if (bytes == null) { // the remembered tail is gone: list again from the start
      lastKnown = null;
      List<String> all = recordKeys(null);
      if (all.isEmpty()) {
        return new Tail(0, CanonicalJson.GENESIS);
      }
      last = all.get(all.size() - 1);
      bytes =
          storage.read(last).orElseThrow(() -> new IOException("record vanished while reading"));
    }
    lastKnown = last;
    // Link to the hash as stored: if that record was altered, verify names it, not this one.
    return new Tail(sequenceOf(last), CanonicalJson.parse(bytes).path("hash").asText());
  }

  private List<String> recordKeys(String startAfter) throws IOException {
    return storage.list(RECORDS, startAfter).stream().filter(k -> sequenceOf(k) > 0).toList();
  }

  static String recordKey(long sequence) {
    return RECORDS + String.format("%012d", sequence) + ".json";
  }

  /** The sequence a record key names, or -1 for any other name. */
  static long sequenceOf(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    if (!name.matches("\\d{12}\\.json")) {
      return -1;
    }
    return Long.parseLong(name.substring(0, 12));
  }

  private static String abbreviated(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** An index entry: {@code "<sequence> pending|written"}. */
  private record Claim(long sequence, boolean written) {
    static Claim parse(byte[] bytes) {
      String[] parts = new String(bytes, StandardCharsets.UTF_8).trim().split(" ");
      try {
        return new Claim(Long.parseLong(parts[0]), parts.length > 1 && parts[1].equals("written"));
      } catch (NumberFormatException e) {
        return null; // unreadable index entries are ignored: the chain is the evidence
      }
    }
  }
}
