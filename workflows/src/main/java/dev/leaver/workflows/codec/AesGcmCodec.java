package dev.leaver.workflows.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts each payload whole (its metadata and data) with AES-256-GCM under the current key, a
 * fresh random 96-bit nonce per payload. The result carries {@code encoding: binary/encrypted} and
 * {@code encryption-key-id} in the clear, and {@code nonce ‖ ciphertext ‖ tag} as its data; the key
 * id is bound to the ciphertext as associated data, so a payload relabelled with another key id
 * fails to decode instead of decrypting under the wrong key.
 *
 * <p>Decoding uses whichever configured key the payload names. A payload that is not encrypted
 * passes through unchanged: runs started before the codec was turned on keep working.
 */
public final class AesGcmCodec implements PayloadCodec {
  /** The {@code encoding} of an encrypted payload. */
  public static final String ENCODING = "binary/encrypted";

  /** The metadata key naming the key a payload was encrypted with. */
  public static final String KEY_ID = "encryption-key-id";

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  private final PayloadKeys keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmCodec(PayloadKeys keys) {
    this.keys = keys;
  }

  /** The id of the key new payloads are encrypted with. */
  public String currentKeyId() {
    return keys.current();
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  /**
   * Temporal's default converter behind this codec, failures included ({@code
   * encodeFailureAttributes}: an exception's message can name the leaver too).
   */
  public DataConverter dataConverter() {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(this), true);
  }

  /** Whether {@code p} is one of this codec's encrypted payloads. */
  public static boolean isEncrypted(Payload p) {
    return ENCODING_BYTES.equals(p.getMetadataOrDefault("encoding", ByteString.EMPTY));
  }

  private Payload encrypt(Payload plain) {
    if (isEncrypted(plain)) {
      return plain; // already sealed (e.g. the Web UI encoded it through the codec server)
    }
    String id = keys.current();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, keys.keys().get(id), nonce, id);
      byte[] sealed = c.doFinal(plain.toByteArray());
      return Payload.newBuilder()
          .putMetadata("encoding", ENCODING_BYTES)
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(id))
          .setData(ByteString.copyFrom(nonce).concat(ByteString.copyFrom(sealed)))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "cannot encrypt a payload with key '" + id + "': " + e.getMessage());
    }
  }

  private Payload decrypt(Payload p) {
    if (!isEncrypted(p)) {
      return p;
    }
    String id = p.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
    SecretKey key = keys.keys().get(id);
    if (key == null) {
      throw new PayloadCodecException(
          "payload encrypted with key '"
              + id
              + "', which is not configured (configured: "
              + keys.keys().keySet()
              + "); keep retired keys listed until no run needs them");
    }
    byte[] data = p.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("encrypted payload too short (" + data.length + " bytes)");
    }
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(data, NONCE_BYTES), id);
      return Payload.parseFrom(c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "payload does not decrypt with key '"
              + id
              + "' (altered, or a different key under the same id)");
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("decrypted payload is not a payload: " + e.getMessage());
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return c;
  }
}
