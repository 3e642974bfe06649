package dev.leaver.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.devtools.SandboxHris;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.starter.webhook.StandardWebhookSignature;
import dev.leaver.worker.Secrets;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.worker.WorkerConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HrisStarterTest {

  @Test
  void withTemporalDownAtBootTheStarterComesUpAndAnswersDeliveries503SoTheHrisRetries()
      throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    var temporal =
        new WorkerConfig.Temporal("127.0.0.1:" + closed, "default", null, null, null, null);
    var stubs =
        TemporalConnection.stubs(temporal, new Secrets(Map.of()), null, Duration.ofSeconds(2));
    try (Sandbox sandbox = Sandbox.startDemo(0);
        // Workday configured too: its worker and schedule must not stop the webhooks coming up.
        HrisStarter starter =
            HrisStarter.start(
                SandboxHris.config(sandbox.baseUrl(), temporal, "127.0.0.1", 0, null),
                stubs,
                stubs,
                (field, value) -> value,
                Clock.systemUTC())) {
      HttpClient http = HttpClient.newHttpClient();
      assertThat(
              http.send(
                      HttpRequest.newBuilder(starter.uri().resolve("/health")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);

      byte[] body =
          ("{\"type\":\"employee.terminated\",\"timestamp\":\""
                  + Instant.now()
                  + "\",\"data\":"
                  + "{\"employeeId\":\"E1001\",\"email\":\"ada.lovelace@contoso.example\","
                  + "\"effectiveDate\":\"2026-11-30\",\"timeZone\":\"Europe/London\"}}")
              .getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> r =
          http.send(
              standard(starter.uri(), "msg_boot_1", body), HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
    } finally {
      stubs.shutdownNow();
    }
  }

  private static HttpRequest standard(URI base, String id, byte[] body) {
    String ts = Long.toString(Instant.now().getEpochSecond());
    String signature = StandardWebhookSignature.v1(SandboxHris.STANDARD_SECRET, id, ts, body);
    return HttpRequest.newBuilder(base.resolve("/webhooks/standard"))
        .header("Content-Type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", ts)
        .header("webhook-signature", signature)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }
}
