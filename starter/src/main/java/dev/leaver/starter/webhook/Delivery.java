package dev.leaver.starter.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * One POST as it arrived: headers (names lower-cased, first value only), the raw body bytes the
 * signature covers, and when we received it.
 */
@SuppressWarnings(
    "ArrayRecordComponent") // the signed bytes as received; deliveries are never compared
record Delivery(Map<String, String> headers, byte[] body, Instant receivedAt) {

  Delivery {
    headers = Map.copyOf(headers);
  }

  /** The header's first value, or null; {@code name} in any case. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The fallback event id for vendors that send none: the same body redelivered hashes the same.
   */
  String bodyId() {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
