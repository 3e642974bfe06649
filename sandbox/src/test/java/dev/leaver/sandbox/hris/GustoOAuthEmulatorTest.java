package dev.leaver.sandbox.hris;

import static dev.leaver.sandbox.hris.TestHttp.get;
import static dev.leaver.sandbox.hris.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Gusto emulator's OAuth token endpoint: the refresh_token grant, expiry and rotation. */
class GustoOAuthEmulatorTest {
  private static final String ADA = "9f1c3a52-7e4b-4d2a-8c61-00000000e101";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestHttp.MovableClock clock =
      new TestHttp.MovableClock(Instant.parse("2026-01-15T12:00:00Z"));
  private SandboxServer server;
  private GustoEmulator gusto;

  @BeforeEach
  void start() throws Exception {
    gusto = new GustoEmulator(Sandbox.readTenant(Sandbox.DEMO_TENANT).path("gusto"), clock);
    server = new SandboxServer(0).mount(gusto).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> token(String secret, String refresh) throws Exception {
    String form =
        "client_id=sandbox-gusto-client-id&client_secret="
            + secret
            + "&redirect_uri=https%3A%2F%2Fexample.com%2Fcb&refresh_token="
            + refresh
            + "&grant_type=refresh_token";
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/gusto/oauth/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int employee(String accessToken) throws Exception {
    return get(
            server.baseUrl() + "/gusto/v1/employees/" + ADA,
            "Authorization",
            "Bearer " + accessToken)
        .statusCode();
  }

  @Test
  void aRefreshAnswersATwoHourTokenAndRotatesTheRefreshTokenOnTheNewTokensFirstUse()
      throws Exception {
    HttpResponse<String> r = token("sandbox-gusto-client-secret", "sandbox-gusto-refresh-token");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode t = json(r);
    assertThat(t.path("expires_in").asLong()).isEqualTo(7200);
    assertThat(t.path("token_type").asText()).isEqualTo("bearer");
    String access = t.path("access_token").asText();
    String next = t.path("refresh_token").asText();
    assertThat(gusto.oauth().refreshTokenValid("sandbox-gusto-refresh-token")).isTrue();

    assertThat(employee(access)).isEqualTo(200);
    assertThat(gusto.oauth().refreshTokenValid("sandbox-gusto-refresh-token")).isFalse();
    assertThat(gusto.oauth().refreshTokenValid(next)).isTrue();
    assertThat(token("sandbox-gusto-client-secret", "sandbox-gusto-refresh-token").statusCode())
        .isEqualTo(400);

    clock.advance(Duration.ofHours(2));
    assertThat(employee(access)).as("expired").isEqualTo(401);
    assertThat(gusto.oauth().expiredTokensSeen()).isEqualTo(1);
  }

  @Test
  void aWrongClientSecretIs401AndAnUnknownRefreshTokenIs400() throws Exception {
    assertThat(token("wrong", "sandbox-gusto-refresh-token").statusCode()).isEqualTo(401);
    HttpResponse<String> r = token("sandbox-gusto-client-secret", "not-issued");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("error").asText()).isEqualTo("invalid_grant");
    assertThat(gusto.oauth().refreshes()).isZero();
  }
}
