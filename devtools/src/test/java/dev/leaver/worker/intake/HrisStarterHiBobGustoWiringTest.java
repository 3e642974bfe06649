package dev.leaver.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.devtools.SandboxHris;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.worker.Secrets;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.worker.WorkerConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starter's configuration reaches the HiBob API client (service user) and Gusto's OAuth refresh
 * (rotated refresh token kept in its file): deliveries about employees the HRIS does not know are
 * read from the sandbox's emulators and answered 200 ignored, before Temporal is needed.
 */
class HrisStarterHiBobGustoWiringTest {

  @Test
  void hiBobV2DeliveriesAreReadThroughTheServiceUserAndGustosRotatedRefreshTokenIsKept(
      @TempDir Path dir) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    var temporal =
        new WorkerConfig.Temporal("127.0.0.1:" + closed, "default", null, null, null, null);
    var stubs =
        TemporalConnection.stubs(temporal, new Secrets(Map.of()), null, Duration.ofSeconds(2));
    Path refreshFile = dir.resolve("gusto-refresh-token");
    try (Sandbox sandbox = Sandbox.startDemo(0)) {
      StarterConfig base = SandboxHris.config(sandbox.baseUrl(), temporal, "127.0.0.1", 0, null);
      StarterConfig cfg =
          new StarterConfig(
              base.temporal(),
              base.host(),
              base.port(),
              base.maxBodyBytes(),
              base.brake(),
              null,
              new StarterConfig.Gusto(
                  SandboxHris.GUSTO_VERIFICATION_TOKEN,
                  SandboxHris.ZONE,
                  sandbox.baseUrl() + "/gusto",
                  null,
                  null,
                  "sandbox-gusto-client-id",
                  "sandbox-gusto-client-secret",
                  null,
                  "sandbox-gusto-refresh-token",
                  refreshFile.toString()),
              base.hibob(),
              null,
              null);
      try (HrisStarter starter =
          HrisStarter.start(cfg, stubs, stubs, (field, value) -> value, Clock.systemUTC())) {
        HttpClient http = HttpClient.newHttpClient();

        byte[] left =
            ("{\"companyId\":645101,\"type\":\"employee.left\",\"triggeredBy\":\"1\","
                    + "\"triggeredAt\":\""
                    + Instant.now()
                    + "\",\"version\":\"v2\","
                    + "\"data\":{\"employeeId\":\"3332883884017719999\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r =
            http.send(
                post(
                    starter.uri(),
                    "hibob",
                    left,
                    Map.of(
                        "Bob-Signature",
                        Base64.getEncoder()
                            .encodeToString(mac("HmacSHA512", SandboxHris.HIBOB_SECRET, left)))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("employee not found in hibob");

        byte[] updated =
            ("{\"uuid\":\"0b9e4c3e-1f7a-4d1c-9a8b-00000000beef\",\"event_type\":"
                    + "\"employee.updated\",\"entity_type\":\"Employee\",\"entity_uuid\":"
                    + "\"9f1c3a52-7e4b-4d2a-8c61-00000000ffff\",\"timestamp\":"
                    + Instant.now().getEpochSecond()
                    + "}")
                .getBytes(StandardCharsets.UTF_8);
        r =
            http.send(
                post(
                    starter.uri(),
                    "gusto",
                    updated,
                    Map.of(
                        "X-Gusto-Signature",
                        HexFormat.of()
                            .formatHex(
                                mac("HmacSHA256", SandboxHris.GUSTO_VERIFICATION_TOKEN, updated)))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("employee not found in gusto");

        assertThat(sandbox.gusto().oauth().refreshes()).isEqualTo(1);
        String kept = Files.readString(refreshFile).trim();
        assertThat(kept).isNotEqualTo("sandbox-gusto-refresh-token");
        assertThat(sandbox.gusto().oauth().refreshTokenValid(kept)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(refreshFile)))
            .isEqualTo("rw-------");
      }
    } finally {
      stubs.shutdownNow();
    }
  }

  private static HttpRequest post(
      URI base, String source, byte[] body, Map<String, String> headers) {
    var b =
        HttpRequest.newBuilder(base.resolve("/webhooks/" + source))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return b.build();
  }

  private static byte[] mac(String algorithm, String key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
    return mac.doFinal(data);
  }
}
