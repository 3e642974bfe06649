package dev.leaver.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as an emulator sees it.
 *
 * @param method upper-case HTTP method
 * @param path the decoded path, with repeated slashes collapsed
 * @param query decoded query parameters (last value wins)
 * @param headers header name (lower case) → values
 * @param body the raw body
 */
@SuppressWarnings(
    "ArrayRecordComponent") // the body as it came off the wire; requests are never compared
public record HttpRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, List<String>> headers,
    byte[] body) {

  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Form fields of an {@code application/x-www-form-urlencoded} body (Slack Web API). */
  public Map<String, String> form() {
    return parseQuery(bodyText());
  }

  static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
