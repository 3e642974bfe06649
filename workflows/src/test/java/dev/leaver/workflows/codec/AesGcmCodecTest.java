package dev.leaver.workflows.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AesGcmCodecTest {
  private static final byte[] K1 = bytes(1);
  private static final byte[] K2 = bytes(2);

  private static byte[] bytes(int seed) {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }

  private static PayloadKeys keys(Object... idsAndKeys) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < idsAndKeys.length; i += 2) {
      m.put((String) idsAndKeys[i], (byte[]) idsAndKeys[i + 1]);
    }
    return PayloadKeys.newestLast(m);
  }

  private static Payload json(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow();
  }

  @Test
  void anEncryptedPayloadHidesTheNameAndNamesItsKey() {
    Payload plain = json(Map.of("upn", "ada.lovelace@contoso.example"));
    Payload sealed = new AesGcmCodec(keys("k1", K1)).encode(List.of(plain)).get(0);

    assertThat(sealed.getMetadataMap().get("encoding").toStringUtf8())
        .isEqualTo("binary/encrypted");
    assertThat(sealed.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    assertThat(sealed.getData().toStringUtf8())
        .doesNotContain("ada.lovelace")
        .doesNotContain("json/plain");
    assertThat(new AesGcmCodec(keys("k1", K1)).decode(List.of(sealed))).containsExactly(plain);
  }

  @Test
  void eachPayloadGetsItsOwnNonce() {
    var codec = new AesGcmCodec(keys("k1", K1));
    Payload plain = json("same text");
    var sealed = codec.encode(List.of(plain, plain));
    assertThat(sealed.get(0).getData()).isNotEqualTo(sealed.get(1).getData());
    assertThat(sealed.get(0).getData().substring(0, 12))
        .isNotEqualTo(sealed.get(1).getData().substring(0, 12));
  }

  @Test
  void afterRotationNewPayloadsUseTheNewKeyAndOldOnesStillDecode() {
    Payload plain = json("ada.lovelace@contoso.example");
    Payload old = new AesGcmCodec(keys("k1", K1)).encode(List.of(plain)).get(0);
    var rotated = new AesGcmCodec(keys("k1", K1, "k2", K2));

    Payload fresh = rotated.encode(List.of(plain)).get(0);
    assertThat(fresh.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k2");
    assertThat(rotated.decode(List.of(old, fresh))).containsExactly(plain, plain);
  }

  @Test
  void aPayloadWrittenBeforeTheCodecWasOnDecodesAsItIs() {
    Payload plain = json(Map.of("employeeId", "E1004"));
    assertThat(new AesGcmCodec(keys("k1", K1)).decode(List.of(plain))).containsExactly(plain);
  }

  @Test
  void aRetiredKeyThatIsNoLongerConfiguredIsNamed() {
    Payload old = new AesGcmCodec(keys("k1", K1)).encode(List.of(json("x"))).get(0);
    assertThatThrownBy(() -> new AesGcmCodec(keys("k2", K2)).decode(List.of(old)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("'k1'")
        .hasMessageContaining("[k2]");
  }

  @Test
  void alteredCiphertextOrARelabelledKeyIdFailsInsteadOfDecoding() {
    var both = new AesGcmCodec(keys("k1", K1, "k2", K1)); // same bytes under two ids
    Payload sealed = both.encode(List.of(json("x"))).get(0);
    byte[] data = sealed.getData().toByteArray();
    data[20] ^= 1;
    Payload altered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();
    Payload relabelled =
        sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("k1")).build();

    assertThatThrownBy(() -> both.decode(List.of(altered)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("does not decrypt");
    assertThatThrownBy(() -> both.decode(List.of(relabelled)))
        .isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void aKeyOfTheWrongSizeIsRefusedByIdWithoutItsValue() {
    assertThatThrownBy(() -> keys("k1", new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payload key 'k1' must be 32 bytes (AES-256), got 16");
    assertThat(keys("k1", K1, "k2", K2).toString()).isEqualTo("PayloadKeys[k1, k2] current k2");
  }

  @Test
  void theDataConverterEncryptsValuesAndFailures() {
    var converter = new AesGcmCodec(keys("k1", K1)).dataConverter();
    Payload p = converter.toPayload("ada.lovelace@contoso.example").orElseThrow();
    assertThat(p.getData().toStringUtf8()).doesNotContain("ada.lovelace");
    assertThat(converter.fromPayload(p, String.class, String.class))
        .isEqualTo("ada.lovelace@contoso.example");

    var failure =
        converter.exceptionToFailure(
            io.temporal.failure.ApplicationFailure.newFailure(
                "no mailbox for ada.lovelace@contoso.example", "X"));
    assertThat(failure.getMessage()).doesNotContain("ada.lovelace");
    assertThat(failure.hasEncodedAttributes()).isTrue();
  }
}
