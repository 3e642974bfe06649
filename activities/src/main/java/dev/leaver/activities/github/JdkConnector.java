package dev.leaver.activities.github;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's transport over the JDK's {@link HttpClient}, with a bound on every request so a hung
 * call fails inside the activity's heartbeat timeout (github-api's own HttpClient connector sets
 * none). It never retries: Temporal is the one retry layer. The connector's raw calls share the
 * same {@link HttpClient}.
 */
final class JdkConnector implements GitHubConnector {
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpClient client;
  private final Duration timeout;

  JdkConnector(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(request.url().toURI()).timeout(timeout);
    } catch (URISyntaxException e) {
      throw new IOException("invalid URL " + request.url(), e);
    }
    request
        .allHeaders()
        .forEach(
            (name, values) -> {
              if (name != null && !RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
              }
            });
    HttpRequest.BodyPublisher body =
        request.hasBody()
            ? HttpRequest.BodyPublishers.ofByteArray(request.body().readAllBytes())
            : HttpRequest.BodyPublishers.noBody();
    b.method(request.method(), body);
    try {
      HttpResponse<InputStream> r =
          client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Response(request, r);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static final class Response extends GitHubConnectorResponse {
    private final HttpResponse<InputStream> response;

    Response(GitHubConnectorRequest request, HttpResponse<InputStream> response) {
      super(request, response.statusCode(), response.headers().map());
      this.response = response;
    }

    @Override
    public InputStream bodyStream() throws IOException {
      return wrapStream(response.body());
    }

    @Override
    public void close() throws IOException {
      response.body().close();
    }
  }
}
