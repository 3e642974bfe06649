package dev.leaver.starter.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code POST /webhooks/<source>} and {@code GET /health}, enforces method, content type and
 * size, reads the raw body, and writes the JSON answer; one log line per request.
 *
 * <p>Blocking on purpose: the answer may only go out once the sink (Temporal) has returned, so the
 * request holds its thread until then. Jetty runs blocking handlers on its thread pool.
 */
final class WebhookHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
  static final String PREFIX = "/webhooks/";

  private final Map<String, WebhookSource> sources;
  private final DeliveryProcessor processor;

  /** How much of a too-large body is read and dropped so that the sender gets the 413. */
  private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

  private final int maxBodyBytes;
  private final Clock clock;

  WebhookHandler(
      Map<String, WebhookSource> sources,
      DeliveryProcessor processor,
      int maxBodyBytes,
      Clock clock) {
    this.sources = Map.copyOf(sources);
    this.processor = processor;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    String sourceName = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : null;
    Answer answer;
    try {
      answer = answer(request, path, sourceName);
    } catch (IOException | RuntimeException e) {
      // Never the body or the exception's message: either may carry personal data.
      LOG.error("webhook source={} failed: {}", sourceName, e.getClass().getName());
      answer = Answer.error(500, "internal error", null, "failed");
    }
    if (sourceName != null || !path.equals("/health") || answer.status() != 200) {
      LOG.info(
          "webhook source={} event={} employees={} outcome={} status={}{}",
          sourceName == null ? path : sourceName,
          answer.eventId() == null ? "-" : answer.eventId(),
          answer.employeeIds(),
          answer.outcome(),
          answer.status(),
          // Refusal reasons name fields and headers, never their values: safe to log, and the
          // operator's first question.
          answer.status() >= 400 ? " reason=\"" + answer.body().get("error") + "\"" : "");
    }
    write(response, answer, callback);
    return true;
  }

  private Answer answer(Request request, String path, String sourceName) throws IOException {
    String method = request.getMethod();
    if (path.equals("/health")) {
      if (!method.equals("GET")) {
        return Answer.notAllowed("GET");
      }
      return new Answer(
          200,
          Map.of("status", "ok", "sources", sources.keySet().stream().sorted().toList()),
          Map.of(),
          null,
          "health",
          List.of());
    }
    WebhookSource source = sourceName == null ? null : sources.get(sourceName);
    if (source == null) {
      return Answer.error(404, "no such endpoint", null, "not-found");
    }
    if (!method.equals("POST")) {
      return Answer.notAllowed("POST");
    }
    if (!source.accepts(mediaType(request))) {
      return Answer.error(
          415,
          "content type must be application/json"
              + (source instanceof BambooHrSource ? " or " + BambooHrSource.FORM : ""),
          null,
          "refused");
    }
    // Refuse by the declared length before keeping anything; keep at most one byte past the limit
    // when the length is not declared (chunked), so a huge body never fills the heap.
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (request.getLength() > maxBodyBytes) {
        return tooLarge(in);
      }
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        return tooLarge(in);
      }
      return processor.process(source, new Delivery(headers(request), body, clock.instant()));
    }
  }

  /**
   * 413, after reading and dropping what the sender is still sending (up to a bound): a server that
   * answers and closes while the client is mid-body makes the client see a reset, not the 413.
   */
  private Answer tooLarge(InputStream unread) throws IOException {
    long dropped = 0;
    byte[] sink = new byte[8192];
    for (int n; dropped < DRAIN_LIMIT && (n = unread.read(sink)) > 0; ) {
      dropped += n;
    }
    return tooLarge();
  }

  private Answer tooLarge() {
    return Answer.error(413, "body larger than " + maxBodyBytes + " bytes", null, "refused");
  }

  private static String mediaType(Request request) {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> headers(Request request) {
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.putIfAbsent(field.getLowerCaseName(), field.getValue());
    }
    return headers;
  }

  private static void write(Response response, Answer answer, Callback callback) {
    String json;
    try {
      json = JsonFields.JSON.writeValueAsString(answer.body());
    } catch (IOException e) {
      json = "{\"error\":\"internal error\"}";
    }
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    Content.Sink.write(response, true, json, callback);
  }
}
