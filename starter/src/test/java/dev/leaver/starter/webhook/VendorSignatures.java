package dev.leaver.starter.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each vendor's signature, computed in the test straight from the vendor's documentation rather
 * than through {@link SignatureCheck}, so a wrong algorithm in production code fails the tests.
 */
final class VendorSignatures {
  private VendorSignatures() {}

  /** BambooHR: hex HMAC-SHA256 with the private key over raw body + X-BambooHR-Timestamp. */
  static String bambooHr(String privateKey, byte[] body, String timestamp) {
    return HexFormat.of()
        .formatHex(mac("HmacSHA256", utf8(privateKey), concat(body, utf8(timestamp))));
  }

  /** Gusto: hex HMAC-SHA256 of the raw body with the verification token. */
  static String gusto(String verificationToken, byte[] body) {
    return HexFormat.of().formatHex(mac("HmacSHA256", utf8(verificationToken), body));
  }

  /** HiBob: base64 HMAC-SHA512 of the raw body with the webhook secret. */
  static String hiBob(String secret, byte[] body) {
    return Base64.getEncoder().encodeToString(mac("HmacSHA512", utf8(secret), body));
  }

  /**
   * Standard Webhooks: v1,base64 HMAC-SHA256 over "{id}.{timestamp}.{body}", key = whsec_ decoded.
   */
  static String standard(String whsecSecret, String id, String timestamp, byte[] body) {
    byte[] key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
    byte[] signed = concat(utf8(id + "." + timestamp + "."), body);
    return "v1," + Base64.getEncoder().encodeToString(mac("HmacSHA256", key, signed));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] mac(String algorithm, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
