package dev.leaver.starter.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC over the raw request bytes and a constant-time comparison, for every vendor's check.
 *
 * <p>Signatures are compared as decoded bytes with {@link MessageDigest#isEqual}, so the time taken
 * does not tell an attacker how many leading characters were right, and hex case does not matter.
 */
final class SignatureCheck {
  static final String SHA256 = "HmacSHA256";
  static final String SHA512 = "HmacSHA512";

  private SignatureCheck() {}

  /** HMAC of the parts, in order, as if they were one byte string. */
  static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
    try {
      // A Mac is not thread-safe and cheap to make: one per call.
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code given} (hex, any case) is {@code expected}; false for anything not hex. */
  static boolean hexMatches(byte[] expected, String given) {
    return same(expected, fromHex(given));
  }

  /** Whether {@code given} (standard base64) is {@code expected}; false for anything not base64. */
  static boolean base64Matches(byte[] expected, String given) {
    return same(expected, fromBase64(given));
  }

  static boolean same(byte[] expected, byte[] given) {
    return given != null && MessageDigest.isEqual(expected, given);
  }

  private static byte[] fromHex(String s) {
    if (s == null || s.length() % 2 != 0) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] fromBase64(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(s.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
