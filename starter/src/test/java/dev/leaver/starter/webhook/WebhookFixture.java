package dev.leaver.starter.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real {@link WebhookServer} on a free loopback port with every source mounted, a recording sink,
 * fake HRIS lookups and a fixed clock; and a real HTTP client to talk to it.
 */
abstract class WebhookFixture {
  static final Instant NOW = Instant.parse("2026-11-20T09:00:00Z");
  static final int MAX_BODY = 16 * 1024;
  static final String BAMBOO_KEY = "bamboo-private-key-0f3c9a";
  static final String GUSTO_TOKEN = "6590f590-3dba-495e-9bea-c361e1e2efc0";
  static final String HIBOB_SECRET = "hibob-webhook-secret-7d21";
  static final String STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final ZoneId DENVER = ZoneId.of("America/Denver");
  static final ZoneId LONDON = ZoneId.of("Europe/London");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  final RecordingSink sink = new RecordingSink();
  final FakeLookup bambooHr = new FakeLookup();
  final FakeLookup gusto = new FakeLookup();
  WebhookServer server;

  @BeforeEach
  void startServer() throws Exception {
    start(b -> {});
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  /** (Re)starts the server with every source, then {@code extra} applied to the builder. */
  void start(Consumer<WebhookServer.Builder> extra) throws Exception {
    if (server != null) {
      server.close();
    }
    WebhookServer.Builder b =
        WebhookServer.builder()
            .host("127.0.0.1")
            .port(0)
            .maxBodyBytes(MAX_BODY)
            // Graceful stop waits a second for idle keep-alive connections: not in tests.
            .stopTimeout(Duration.ZERO)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .sink(sink)
            .bambooHr(SourceConfig.of(BAMBOO_KEY, DENVER), bambooHr)
            .gusto(SourceConfig.of(GUSTO_TOKEN, DENVER), gusto)
            .hiBob(SourceConfig.of(HIBOB_SECRET, LONDON))
            .standard(SourceConfig.of(STANDARD_SECRET, LONDON));
    extra.accept(b);
    server = b.build();
    server.start();
  }

  /** POSTs {@code body} as JSON to {@code /webhooks/<source>} with the headers given. */
  HttpResponse<String> post(String source, byte[] body, Map<String, String> headers) {
    return send("POST", "/webhooks/" + source, body, "application/json", headers);
  }

  HttpResponse<String> send(
      String method, String path, byte[] body, String contentType, Map<String, String> headers) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(10));
    if (contentType != null) {
      r.header("Content-Type", contentType);
    }
    headers.forEach(r::header);
    r.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sample payload from {@code src/test/resources/webhook/}, byte for byte. */
  static byte[] sample(String name) {
    try (InputStream in = WebhookFixture.class.getResourceAsStream("/webhook/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sample with one piece of text replaced, for variants of a real payload. */
  static byte[] sample(String name, String target, String replacement) {
    String text = new String(sample(name), StandardCharsets.UTF_8);
    if (!text.contains(target)) {
      throw new IllegalArgumentException(name + " has no " + target);
    }
    return text.replace(target, replacement).getBytes(StandardCharsets.UTF_8);
  }

  /** A syntactically valid JSON body of about {@code size} bytes. */
  static byte[] oversized(int size) {
    return ("{\"padding\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
