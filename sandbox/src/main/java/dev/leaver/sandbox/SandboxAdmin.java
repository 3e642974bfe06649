package dev.leaver.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.leaver.sandbox.slack.SlackUser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Drives a sandbox through its admin API ({@code /_sandbox}) from another process: arms faults,
 * reads the request log, reads back the tenant's state and takes permissions away. Calls fail with
 * an unchecked exception, so they fit in polling lambdas.
 */
public final class SandboxAdmin {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A Graph user as the directory holds it; licences by skuId, drive access by e-mail. */
  public record GraphUser(
      String id,
      String upn,
      boolean accountEnabled,
      Instant signInSessionsValidFrom,
      Set<String> groups,
      Set<String> directLicenses,
      Map<String, List<String>> driveAccess) {}

  /** A client of the sandbox at {@code baseUrl}, e.g. {@code http://127.0.0.1:8089}. */
  public SandboxAdmin(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Whether the sandbox answers at all. */
  public boolean isUp() {
    try {
      return send("GET", "/faults", null).statusCode() == 200;
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  /** Arms {@code fault} (after the ones already armed); its window starts when it arrives. */
  public void add(Fault fault) {
    expect(send("POST", "/faults", FaultJson.of(fault)), 201);
  }

  /** The faults still armed, in matching order. */
  public List<Fault> faults() {
    return read(expect(send("GET", "/faults", null), 200), new TypeReference<List<FaultJson>>() {})
        .stream()
        .map(FaultJson::toFault)
        .toList();
  }

  /** Disarms every fault. */
  public void clearFaults() {
    expect(send("DELETE", "/faults", null), 204);
  }

  /** The sandbox's request log, oldest first. */
  public List<SandboxServer.Logged> requests() {
    return read(
        expect(send("GET", "/requests", null), 200),
        new TypeReference<List<SandboxServer.Logged>>() {});
  }

  /**
   * Polls the request log until a request matching {@code wanted} is in it, e.g. "a PATCH of a user
   * has landed": {@code q -> q.method().equals("PATCH") && q.landed()}.
   *
   * @throws IllegalStateException when none came within {@code limit}
   */
  public SandboxServer.Logged awaitRequest(Duration limit, Predicate<SandboxServer.Logged> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Optional<SandboxServer.Logged> found = requests().stream().filter(wanted).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("no such request reached the sandbox within " + limit);
      }
      Thread.sleep(50);
    }
  }

  /** The Graph user (id or UPN), or empty when the directory has none. */
  public Optional<GraphUser> graphUser(String idOrUpn) {
    HttpResponse<byte[]> r = send("GET", "/graph/users/" + segment(idOrUpn), null);
    return r.statusCode() == 404
        ? Optional.empty()
        : Optional.of(read(expect(r, 200), GraphUser.class));
  }

  /** The Slack member (e.g. {@code U0ADA1001}), or empty when the organisation has none. */
  public Optional<SlackUser> slackUser(String id) {
    HttpResponse<byte[]> r = send("GET", "/slack/users/" + segment(id), null);
    return r.statusCode() == 404
        ? Optional.empty()
        : Optional.of(read(expect(r, 200), SlackUser.class));
  }

  /** Graph writes needing {@code permission} answer 403 until {@link #restoreGraphPermissions}. */
  public void revokeGraphPermission(String permission) {
    expect(send("POST", "/graph/revoked-permissions", Map.of("permission", permission)), 204);
  }

  /** While on, every Graph write answers 403; reads still work. */
  public void denyGraphWrites(boolean deny) {
    expect(send("PUT", "/graph/deny-writes", Map.of("deny", deny)), 204);
  }

  /** Undoes {@link #revokeGraphPermission} and {@link #denyGraphWrites}. */
  public void restoreGraphPermissions() {
    expect(send("DELETE", "/graph/revoked-permissions", null), 204);
  }

  /** Takes a Slack scope from every token until {@link #restoreSlackScopes}. */
  public void revokeSlackScope(String scope) {
    expect(send("POST", "/slack/revoked-scopes", Map.of("scope", scope)), 204);
  }

  public void restoreSlackScopes() {
    expect(send("DELETE", "/slack/revoked-scopes", null), 204);
  }

  private HttpResponse<byte[]> send(String method, String path, Object body) {
    try {
      HttpRequest.BodyPublisher publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(AdminApi.JSON.writeValueAsBytes(body));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + AdminApi.PREFIX + path))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .method(method, publisher)
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("sandbox admin " + method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          new InterruptedIOException("interrupted: " + method + " " + path));
    }
  }

  private static HttpResponse<byte[]> expect(HttpResponse<byte[]> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(
          "sandbox admin "
              + r.request().method()
              + " "
              + r.uri().getPath()
              + " answered "
              + r.statusCode()
              + ": "
              + new String(r.body(), StandardCharsets.UTF_8));
    }
    return r;
  }

  private static <T> T read(HttpResponse<byte[]> r, Class<T> type) {
    try {
      return AdminApi.JSON.readValue(r.body(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(HttpResponse<byte[]> r, TypeReference<T> type) {
    try {
      return AdminApi.JSON.readValue(r.body(), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
