package dev.leaver.starter.hris.bamboohr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.starter.hris.HrisCall;
import dev.leaver.starter.hris.HrisUnavailable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs against BambooHR: throttling (429, and 503, which BambooHR used for rate limits until
 * September 2026), other 5xx and I/O failures become {@link HrisUnavailable}; other answers are
 * returned for the caller to judge. Never puts the key or a response body in a message.
 */
final class BambooHrHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer that was not a throttle or a server error; {@code body} is parsed for a 200. */
  record Reply(int status, JsonNode body) {

    /** Passes a 200; 401 and 403 are configuration errors reported as unavailable (see client). */
    void requireOk(String what) throws HrisUnavailable {
      switch (status) {
        case 200 -> {}
        case 401 ->
            throw new HrisUnavailable(
                "BambooHR rejected the API key (HTTP 401) reading "
                    + what
                    + ": a configuration error; check the company domain and API key",
                null);
        case 403 ->
            throw new HrisUnavailable(
                "BambooHR's API key may not read "
                    + what
                    + " (HTTP 403): a configuration error; give the key's user access to all employees,"
                    + " terminated ones included",
                null);
        default ->
            throw new IllegalStateException(
                "BambooHR answered HTTP " + status + " reading " + what);
      }
    }
  }

  private final HttpClient http;
  private final String authorization;

  BambooHrHttp(HttpClient http, String authorization) {
    this.http = http;
    this.authorization = authorization;
  }

  Reply get(URI uri) throws HrisUnavailable {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response = HrisCall.send(http, request, "BambooHR");
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
      throw new HrisUnavailable(
          "BambooHR is unavailable (HTTP "
              + status
              + (retryAfter == null ? "" : ", Retry-After " + retryAfter)
              + ")",
          null);
    }
    if (status != 200) {
      return new Reply(status, null);
    }
    try {
      return new Reply(status, JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new HrisUnavailable("BambooHR answered 200 with a body that is not JSON", e);
    }
  }
}
