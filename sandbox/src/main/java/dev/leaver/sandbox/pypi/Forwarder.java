package dev.leaver.sandbox.pypi;

import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Hands a sandbox request on to a real server and its answer back, so a real server sits behind the
 * sandbox's one port: the request log, fault injection (throttle, drop the answer after the write)
 * and the demo's single base URL then work for it as for any emulator.
 */
public final class Forwarder {
  // The JDK client refuses to set these itself; the rest are hop-by-hop.
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "content-length",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive");

  private final Supplier<URI> upstream;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1) // scim2-server speaks HTTP/1.0
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * @param upstream the real server's root (looked up per request, so it can start lazily)
   */
  public Forwarder(Supplier<URI> upstream) {
    this.upstream = upstream;
  }

  /**
   * Forwards the request with {@code prefix} taken off its path and {@code replacement} put in its
   * place (e.g. {@code /scim/acme} → {@code /acme/v2} on scim2-server).
   */
  public HttpResponse forward(HttpRequest request, String prefix, String replacement) {
    String path = request.path();
    if (!path.startsWith(prefix)) {
      throw new IllegalArgumentException(path + " is not under " + prefix);
    }
    String rest = replacement + path.substring(prefix.length());
    URI root = upstream.get();
    URI target;
    try {
      target =
          new URI(
              root.getScheme(),
              null,
              root.getHost(),
              root.getPort(),
              rest.isEmpty() ? "/" : rest,
              null,
              null);
    } catch (URISyntaxException e) {
      return HttpResponse.text(400, "sandbox: cannot forward path " + rest);
    }
    if (!request.query().isEmpty()) {
      target =
          URI.create(
              target
                  + "?"
                  + request.query().entrySet().stream()
                      .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                      .collect(Collectors.joining("&")));
    }
    var builder =
        java.net.http.HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(30))
            .method(
                request.method(),
                request.body().length == 0
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.body()));
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> builder.header(name, v));
              }
            });
    try {
      var answer = send(builder.build());
      Map<String, String> headers = new LinkedHashMap<>();
      answer
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))
                    && !name.startsWith(":")) {
                  headers.put(name, String.join(", ", values));
                }
              });
      return new HttpResponse(answer.statusCode(), headers, answer.body());
    } catch (IOException e) {
      return HttpResponse.text(502, "sandbox: " + root + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HttpResponse.text(503, "sandbox: interrupted while forwarding");
    }
  }

  /**
   * Sends once, and once more when the upstream closed the connection without sending a byte.
   * scim2-server answers HTTP/1.0 and closes every connection after its answer, but the JDK client
   * keeps the connection for the next request: that request then meets a closed socket the server
   * never read from, so sending it again on a new connection cannot apply it twice.
   */
  private java.net.http.HttpResponse<byte[]> send(java.net.http.HttpRequest request)
      throws IOException, InterruptedException {
    try {
      return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      if (!closedBeforeAnswer(e)) {
        throw e;
      }
      return http.send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  private static boolean closedBeforeAnswer(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.EOFException
          || String.valueOf(t.getMessage()).contains("header parser received no bytes")) {
        return true;
      }
    }
    return false;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
