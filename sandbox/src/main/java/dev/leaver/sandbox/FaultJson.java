package dev.leaver.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Fault} as the admin API reads and writes it, e.g. {@code {"method":"PATCH",
 * "path":"/graph/v1.0/users/","kind":"DELAY_AFTER","delayMillis":30000,"times":1}} or {@code
 * {"path":"/graph","kind":"ANSWER","answer":{"status":503},"lastingMillis":120000}}.
 *
 * @param method HTTP method, or null for any
 * @param path path prefix, or a regular expression starting with {@code ^}
 * @param kind DELAY_BEFORE, DELAY_AFTER, DROP_ANSWER or ANSWER
 * @param delayMillis the delay of the three delaying kinds
 * @param answer ANSWER's response
 * @param times how many matching requests, or null for no limit
 * @param lastingMillis how long from now, or null for until cleared
 */
record FaultJson(
    String method,
    String path,
    Fault.Kind kind,
    Long delayMillis,
    Answer answer,
    Integer times,
    Long lastingMillis) {

  /**
   * A canned response. Without a body it is the sandbox's error body for {@code status}; a throttle
   * is {@code {"status":429,"headers":{"Retry-After":"2"}}}.
   *
   * @param status HTTP status
   * @param headers response headers, may be null
   * @param body the body as text, or null for the canned error body
   */
  record Answer(int status, Map<String, String> headers, String body) {}

  static FaultJson of(Fault f) {
    Answer answer =
        f.answer() == null
            ? null
            : new Answer(
                f.answer().status(),
                f.answer().headers(),
                new String(f.answer().body(), StandardCharsets.UTF_8));
    return new FaultJson(
        f.method(),
        f.path(),
        f.kind(),
        f.delay().toMillis(),
        answer,
        f.times(),
        f.lasting() == null ? null : f.lasting().toMillis());
  }

  Fault toFault() {
    if (path == null || kind == null) {
      throw new IllegalArgumentException("a fault needs a path and a kind");
    }
    HttpResponse response = null;
    if (kind == Fault.Kind.ANSWER) {
      if (answer == null) {
        throw new IllegalArgumentException("kind ANSWER needs an answer with a status");
      }
      response =
          answer.body() == null
              ? Fault.cannedError(answer.status(), null)
              : new HttpResponse(
                  answer.status(),
                  new LinkedHashMap<>(),
                  answer.body().getBytes(StandardCharsets.UTF_8));
      if (answer.headers() != null) {
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
          response = response.withHeader(h.getKey(), h.getValue());
        }
      }
    }
    return new Fault(
        method,
        path,
        kind,
        delayMillis == null ? Duration.ZERO : Duration.ofMillis(delayMillis),
        response,
        times,
        lastingMillis == null ? null : Duration.ofMillis(lastingMillis));
  }
}
