package dev.leaver.activities.evidence;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The few operations the chain needs from where it is kept: keys like {@code records/…} and {@code
 * index/…}, read, listed in key order, written once, or replaced (the index only).
 */
interface Storage {
  Optional<byte[]> read(String key) throws IOException;

  /**
   * Writes {@code key} only if nothing is there yet, atomically: a reader sees all of it or none.
   *
   * @return false when the key was already taken (another writer won)
   */
  boolean createNew(String key, byte[] content) throws IOException;

  /** Writes or replaces {@code key} (index entries, never records). */
  void replace(String key, byte[] content) throws IOException;

  /**
   * Keys under {@code prefix} in ascending order, those after {@code startAfter} only (may be
   * null).
   */
  List<String> list(String prefix, String startAfter) throws IOException;

  /** The file or object a key names, for people: a path or an {@code s3://} address. */
  String where(String key);
}
