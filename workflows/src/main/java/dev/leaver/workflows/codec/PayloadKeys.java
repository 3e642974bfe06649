package dev.leaver.workflows.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payload keys: every configured one decrypts, the newest ({@code current}) encrypts. A key is
 * rotated by adding a new one and making it current; payloads written under the old one still
 * decode as long as it stays listed.
 *
 * @param keys AES-256 keys by id, in the order configured (oldest first)
 * @param current the id of the key that encrypts
 */
public record PayloadKeys(Map<String, SecretKey> keys, String current) {
  /** Key ids go into every payload's metadata and the Web UI's view of it: short and plain. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public PayloadKeys {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("no payload key configured");
    }
    keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    keys.forEach(
        (id, key) -> {
          if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                "payload key id '" + id + "' must be 1-64 of A-Z a-z 0-9 . _ -");
          }
          if (key.getEncoded() == null || key.getEncoded().length != 32) {
            throw new IllegalArgumentException(
                "payload key '" + id + "' must be 32 bytes (AES-256)");
          }
        });
    if (!keys.containsKey(current)) {
      throw new IllegalArgumentException(
          "current payload key '" + current + "' is not among " + keys.keySet());
    }
  }

  /**
   * Keys from raw bytes, the last one current.
   *
   * @param raw 32 bytes per id, oldest first
   * @throws IllegalArgumentException naming the id of a key that is not 32 bytes (never its value)
   */
  public static PayloadKeys newestLast(Map<String, byte[]> raw) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String last = null;
    for (var e : raw.entrySet()) {
      if (e.getValue() == null || e.getValue().length != 32) {
        throw new IllegalArgumentException(
            "payload key '"
                + e.getKey()
                + "' must be 32 bytes (AES-256), got "
                + (e.getValue() == null ? 0 : e.getValue().length));
      }
      keys.put(e.getKey(), new SecretKeySpec(e.getValue(), "AES"));
      last = e.getKey();
    }
    return new PayloadKeys(keys, last);
  }

  /** Never the key material: the ids only. */
  @Override
  public String toString() {
    return "PayloadKeys" + keys.keySet() + " current " + current;
  }
}
