package dev.leaver.starter.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookServerTest extends WebhookFixture {

  @Test
  void theServerBindsAFreePortWhenAskedForPortZero() {
    assertThat(server.port()).isPositive();
    assertThat(server.sources()).containsExactly("bamboohr", "gusto", "hibob", "standard");
  }

  @Test
  void healthAnswers200WithTheMountedSources() {
    HttpResponse<String> r = send("GET", "/health", null, null, Map.of());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("ok");
    assertThat(json(r).get("sources")).hasSize(4);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
  }

  @Test
  void anUnknownPathIs404WithAJsonReason() {
    HttpResponse<String> r = post("workday", "{}".getBytes(UTF_8), Map.of());

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").asText()).isEqualTo("no such endpoint");
  }

  @Test
  void aSourceThatIsNotConfiguredIsNotMounted() throws Exception {
    WebhookServer only =
        WebhookServer.builder()
            .port(0)
            .stopTimeout(Duration.ZERO)
            .sink(sink)
            .standard(SourceConfig.of(STANDARD_SECRET, ZoneOffset.UTC))
            .build();
    server.close();
    server = only;
    server.start();

    assertThat(post("bamboohr", "{}".getBytes(UTF_8), Map.of()).statusCode()).isEqualTo(404);
    assertThat(server.sources()).containsExactly("standard");
  }

  @Test
  void aGetOnAWebhookPathIs405AndNamesPost() {
    HttpResponse<String> r = send("GET", "/webhooks/standard", null, null, Map.of());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertThat(json(r).get("error").asText()).contains("POST");
  }

  @Test
  void aPostOnHealthIs405() {
    assertThat(
            send("POST", "/health", "{}".getBytes(UTF_8), "application/json", Map.of())
                .statusCode())
        .isEqualTo(405);
  }

  @Test
  void aBodyThatIsNotJsonByContentTypeIs415() {
    HttpResponse<String> r =
        send("POST", "/webhooks/standard", "<xml/>".getBytes(UTF_8), "application/xml", Map.of());

    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(json(r).get("error").asText()).isEqualTo("content type must be application/json");
  }

  @Test
  void theDefaultLimitIs256KibAndABodyOneByteLargerIs413() throws Exception {
    WebhookServer defaults =
        WebhookServer.builder()
            .port(0)
            .stopTimeout(Duration.ZERO)
            .sink(sink)
            .standard(SourceConfig.of(STANDARD_SECRET, ZoneOffset.UTC))
            .build();
    server.close();
    server = defaults;
    server.start();

    HttpResponse<String> r = post("standard", new byte[256 * 1024 + 1], Map.of());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").asText()).isEqualTo("body larger than 262144 bytes");
    assertThat(sink.calls()).isZero();
  }

  @Test
  void theBuilderRefusesAServerWithoutSinkOrSources() {
    assertThatThrownBy(
            () ->
                WebhookServer.builder()
                    .standard(SourceConfig.of(STANDARD_SECRET, ZoneOffset.UTC))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sink is required");
    assertThatThrownBy(() -> WebhookServer.builder().sink(sink).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("configure at least one source");
  }

  @Test
  void aStandardSecretThatIsNotBase64IsRefusedAtConfiguration() {
    assertThatThrownBy(
            () ->
                WebhookServer.builder()
                    .standard(SourceConfig.of("whsec_not base64!", ZoneOffset.UTC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("not base64!");
  }

  @Test
  void aSourceConfigNeverPrintsItsSecret() {
    assertThat(SourceConfig.of(BAMBOO_KEY, DENVER).toString()).doesNotContain(BAMBOO_KEY);
  }
}
