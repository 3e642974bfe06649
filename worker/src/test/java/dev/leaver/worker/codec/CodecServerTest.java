package dev.leaver.worker.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.leaver.worker.CodecKeys;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.workflows.api.OffboardingRequest;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The codec server over real HTTP, with the keys loaded as the worker loads them. */
class CodecServerTest {
  private static final String UI = "http://localhost:8233";
  private static final String UPN = "ada.lovelace@contoso.example";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static Map<String, String> env;
  static CodecServer rotated; // k1 and k2, k2 current
  static CodecServer withToken;

  @BeforeAll
  static void start() throws Exception {
    byte[] k1 = new byte[32];
    byte[] k2 = new byte[32];
    new java.security.SecureRandom().nextBytes(k1);
    new java.security.SecureRandom().nextBytes(k2);
    Files.write(dir.resolve("k1.raw"), k1); // raw bytes in a file
    env =
        Map.of(
            "K2",
            Base64.getEncoder().encodeToString(k2),
            CodecKeys.ENV,
            "k1=file:" + dir.resolve("k1.raw"));
    var both =
        CodecKeys.load(
                new WorkerConfig.Codec(
                    List.of(
                        new WorkerConfig.Codec.Key("k1", "file:" + dir.resolve("k1.raw")),
                        new WorkerConfig.Codec.Key("k2", "env:K2"))),
                env)
            .orElseThrow();
    rotated = CodecServer.start(both, "127.0.0.1", 0, Set.of(UI), null);
    withToken = CodecServer.start(both, "127.0.0.1", 0, Set.of(UI), "s3cret-token");
  }

  @AfterAll
  static void stop() {
    rotated.close();
    withToken.close();
  }

  /** What a worker configured with {@code LEAVER_CODEC_KEYS=k1=…} (before the rotation) writes. */
  private static Payload encryptedByTheWorkerBeforeRotation() {
    OffboardingRequest request =
        new OffboardingRequest(
            "E1004",
            UPN,
            "grace.hopper@contoso.example",
            Instant.parse("2026-11-30T17:00:00Z"),
            "Europe/London",
            "ev-1",
            Instant.parse("2026-11-30T09:00:00Z"),
            "bamboohr",
            false,
            false);
    return CodecKeys.converter(CodecKeys.load(null, env)).toPayload(request).orElseThrow();
  }

  private static HttpResponse<String> post(
      CodecServer s, String op, Payload p, Map<String, String> headers) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(s.uri() + "/" + op + "?preserveStorageRefs=true"))
            .header("Content-Type", "application/json")
            .header("X-Namespace", "default")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JsonFormat.printer().print(Payloads.newBuilder().addPayloads(p))));
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Payload only(HttpResponse<String> r) throws Exception {
    Payloads.Builder b = Payloads.newBuilder();
    JsonFormat.parser().merge(r.body(), b);
    return b.getPayloads(0);
  }

  @Test
  void aPayloadTheWorkerEncryptedUnderTheOldKeyDecodesAfterRotation() throws Exception {
    Payload sealed = encryptedByTheWorkerBeforeRotation();
    assertThat(sealed.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    assertThat(sealed.getData().toStringUtf8()).doesNotContain(UPN);

    var r = post(rotated, "decode", sealed, Map.of("Origin", UI));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(UI);
    Payload plain = only(r);
    assertThat(plain.getMetadataMap().get("encoding").toStringUtf8()).isEqualTo("json/plain");
    assertThat(plain.getData().toStringUtf8()).contains(UPN).contains("\"employeeId\":\"E1004\"");
  }

  @Test
  void encodeUsesTheNewestKeyAndItsResultDecodesBack() throws Exception {
    Payload plain =
        io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE
            .toPayload(
                Map.of(
                    "step",
                    "slack.Deactivate",
                    "reason",
                    "ticket 42",
                    "operator",
                    "ops@contoso.example"))
            .orElseThrow();
    Payload sealed = only(post(rotated, "encode", plain, Map.of()));
    assertThat(sealed.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("k2");
    assertThat(sealed.getData().toStringUtf8()).doesNotContain("ops@contoso.example");
    assertThat(only(post(rotated, "decode", sealed, Map.of()))).isEqualTo(plain);
  }

  @Test
  void theWebUisPreflightIsGrantedWithTheHeadersItSends() throws Exception {
    var r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(rotated.uri() + "/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", UI)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-namespace")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(UI);
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("POST");
    assertThat(
            r.headers()
                .firstValue("Access-Control-Allow-Headers")
                .orElseThrow()
                .toLowerCase(Locale.ROOT))
        .contains("content-type")
        .contains("x-namespace")
        .contains("authorization");
  }

  @Test
  void anotherOriginGetsNoCorsGrantAndNothingDecoded() throws Exception {
    String evil = "https://evil.example";
    var preflight =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(rotated.uri() + "/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", evil)
                .header("Access-Control-Request-Method", "POST")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

    var r = post(rotated, "decode", encryptedByTheWorkerBeforeRotation(), Map.of("Origin", evil));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(r.body()).doesNotContain(UPN);
  }

  @Test
  void withATokenConfiguredARequestWithoutItIsRefused() throws Exception {
    Payload sealed = encryptedByTheWorkerBeforeRotation();
    assertThat(post(withToken, "decode", sealed, Map.of()).statusCode()).isEqualTo(401);
    assertThat(
            post(withToken, "decode", sealed, Map.of("Authorization", "Bearer wrong")).statusCode())
        .isEqualTo(401);
    var ok = post(withToken, "decode", sealed, Map.of("Authorization", "Bearer s3cret-token"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(only(ok).getData().toStringUtf8()).contains(UPN);
  }

  @Test
  void aPayloadUnderAKeyTheServerLacksIsAClearErrorNotAStackTrace() throws Exception {
    byte[] other = new byte[32];
    other[0] = 7;
    Payload sealed =
        new dev.leaver.workflows.codec.AesGcmCodec(
                dev.leaver.workflows.codec.PayloadKeys.newestLast(Map.of("k9", other)))
            .encode(
                List.of(
                    encryptedByTheWorkerBeforeRotation().toBuilder()
                        .clearMetadata()
                        .putMetadata(
                            "encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
                        .build()))
            .get(0);
    var r = post(rotated, "decode", sealed, Map.of());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("'k9'").contains("not configured").doesNotContain("Exception");
  }
}
