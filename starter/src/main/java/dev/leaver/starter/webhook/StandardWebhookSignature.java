package dev.leaver.starter.webhook;

import java.util.Base64;

/**
 * The Standard Webhooks v1 signature: HMAC-SHA256 over {@code {id}.{timestamp}.{body}}, keyed with
 * the base64 part of a {@code whsec_} secret. The one place that says what is signed, for the
 * endpoint's check and for senders (the benchmark, a customer's own HR bridge).
 */
public final class StandardWebhookSignature {
  private StandardWebhookSignature() {}

  /** The {@code webhook-signature} header value for a delivery: {@code v1,<base64>}. */
  public static String v1(String secret, String id, String timestamp, byte[] body) {
    return "v1,"
        + Base64.getEncoder()
            .encodeToString(mac(StandardWebhookSource.key(secret), id, timestamp, body));
  }

  static byte[] mac(byte[] key, String id, String timestamp, byte[] body) {
    return SignatureCheck.hmac(
        SignatureCheck.SHA256, key, SignatureCheck.utf8(id + "." + timestamp + "."), body);
  }
}
