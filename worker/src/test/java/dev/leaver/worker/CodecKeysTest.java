package dev.leaver.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.worker.intake.StarterConfig;
import io.temporal.api.common.v1.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecKeysTest {
  private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K2 = Base64.getEncoder().encodeToString(filled(2));

  @TempDir Path dir;

  private static byte[] filled(int b) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) b);
    return k;
  }

  private static String keyId(Payload p) {
    return p.getMetadataMap().get("encryption-key-id").toStringUtf8();
  }

  @Test
  void theExampleConfigsEncryptWithTheirKeyFromTheEnvironment() throws Exception {
    Map<String, String> env = Map.of("LEAVER_CODEC_K1", K1);
    var worker =
        CodecKeys.load(WorkerConfig.read(Path.of("../deploy/worker.example.yaml")).codec(), env);
    var starter =
        CodecKeys.load(StarterConfig.read(Path.of("../deploy/starter.example.yaml")).codec(), env);

    Payload sealed =
        CodecKeys.converter(worker).toPayload("ada.lovelace@contoso.example").orElseThrow();
    assertThat(keyId(sealed)).isEqualTo("k1");
    assertThat(CodecKeys.converter(starter).fromPayload(sealed, String.class, String.class))
        .isEqualTo("ada.lovelace@contoso.example");
  }

  @Test
  void theCommandsReadTheSameKeysFromLeaverCodecKeysNewestLast() throws Exception {
    Files.write(dir.resolve("k1"), Base64.getDecoder().decode(K1)); // 32 raw bytes
    Files.writeString(dir.resolve("k2"), K2 + "\n"); // base64 text
    Map<String, String> before = Map.of(CodecKeys.ENV, "k1=file:" + dir.resolve("k1"));
    Map<String, String> after =
        Map.of(CodecKeys.ENV, "k1=file:" + dir.resolve("k1") + ", k2=file:" + dir.resolve("k2"));

    Payload old = CodecKeys.converter(CodecKeys.load(null, before)).toPayload("x").orElseThrow();
    var rotated = CodecKeys.converter(CodecKeys.load(null, after));
    assertThat(keyId(old)).isEqualTo("k1");
    assertThat(keyId(rotated.toPayload("y").orElseThrow())).isEqualTo("k2");
    assertThat(rotated.fromPayload(old, String.class, String.class)).isEqualTo("x");
    assertThat(CodecKeys.describe(CodecKeys.load(null, after)))
        .isEqualTo("payloads encrypted (key k2)");
  }

  @Test
  void withoutKeysPayloadsStayInClearTextAndTheStartLineSaysSo() {
    var none = CodecKeys.load(null, Map.of());
    assertThat(none).isEmpty();
    assertThat(CodecKeys.describe(none)).contains("NOT encrypted");
    assertThat(CodecKeys.converter(none).toPayload("E1004").orElseThrow().getData().toStringUtf8())
        .isEqualTo("\"E1004\"");
  }

  @Test
  void badKeysAreNamedByIdAndReferenceNeverByValue() {
    String shortKey = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(UTF_8));
    assertThatThrownBy(() -> CodecKeys.load(null, Map.of(CodecKeys.ENV, "k1=env:K", "K", shortKey)))
        .hasMessage(
            "LEAVER_CODEC_KEYS[k1] (env:K): not base64 of 32 bytes (16 bytes);"
                + " make one with: head -c 32 /dev/urandom | base64");
    assertThatThrownBy(
            () ->
                CodecKeys.load(
                    new WorkerConfig.Codec(List.of(new WorkerConfig.Codec.Key("k1", "env:NOPE"))),
                    Map.of()))
        .hasMessage("codec.keys[k1]: environment variable NOPE is not set");
    assertThatThrownBy(
            () ->
                CodecKeys.load(
                    new WorkerConfig.Codec(List.of(new WorkerConfig.Codec.Key("k1", K1))),
                    Map.of()))
        .hasMessage(
            "codec.keys[k1] must be a reference (env:NAME or file:/path), not a literal key")
        .message()
        .doesNotContain(K1);
    assertThatThrownBy(
            () -> CodecKeys.load(null, Map.of(CodecKeys.ENV, "k1=env:A,k1=env:A", "A", K1)))
        .hasMessage("LEAVER_CODEC_KEYS: key id 'k1' is listed twice");
    assertThatThrownBy(() -> CodecKeys.load(new WorkerConfig.Codec(List.of()), Map.of()))
        .hasMessageContaining("codec.keys: list at least one key");
  }
}
