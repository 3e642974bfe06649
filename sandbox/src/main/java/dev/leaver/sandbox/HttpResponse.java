package dev.leaver.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response an emulator returns.
 *
 * @param status HTTP status
 * @param headers response headers
 * @param body raw body, may be empty
 */
@SuppressWarnings(
    "ArrayRecordComponent") // the body as it goes on the wire; responses are never compared
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

  public static HttpResponse json(int status, Object body) {
    try {
      byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
      return new HttpResponse(
          status, new LinkedHashMap<>(Map.of("Content-Type", "application/json")), bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse empty(int status) {
    return new HttpResponse(status, new LinkedHashMap<>(), new byte[0]);
  }

  public static HttpResponse text(int status, String text) {
    return new HttpResponse(
        status,
        new LinkedHashMap<>(Map.of("Content-Type", "text/plain")),
        text.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpResponse(status, h, body);
  }
}
