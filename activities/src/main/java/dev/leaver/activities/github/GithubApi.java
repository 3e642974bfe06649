package dev.leaver.activities.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.activities.target.TargetException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kohsuke.github.GHMembership;
import org.kohsuke.github.GHOrganization;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTeam;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * The GitHub calls the connector makes for one organisation: {@code github-api} where it has them,
 * raw REST and GraphQL through the same {@link HttpClient}, endpoint and tokens where it does not.
 * Every failure is already mapped by {@link GithubErrors}.
 *
 * <p>github-api's rate-limit and abuse-limit handlers are replaced by ones that fail at once with
 * the server's delay (its own would sleep inside the activity), and its transport ({@link
 * JdkConnector}) never retries. github-api still retries a refused connection twice, 100 ms apart
 * (its {@code GitHubClient.retryCount} default), well inside the activity's timeout.
 */
final class GithubApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

  private final GithubConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final GitHub github;
  private final AppTokens appTokens;

  GithubApi(GithubConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    appTokens = new AppTokens(config, http, clock);
    try {
      github =
          new GitHubBuilder()
              .withEndpoint(config.apiUrl())
              .withOAuthToken(config.token())
              .withConnector(new JdkConnector(http, TIMEOUT))
              .withRateLimitHandler(
                  new GitHubRateLimitHandler() {
                    @Override
                    public void onError(GitHubConnectorResponse r) throws IOException {
                      throw throttled(r);
                    }
                  })
              .withAbuseLimitHandler(
                  new GitHubAbuseLimitHandler() {
                    @Override
                    public void onError(GitHubConnectorResponse r) throws IOException {
                      throw throttled(r);
                    }
                  })
              .build();
    } catch (IOException e) {
      throw new IllegalStateException("github-api could not be set up", e);
    }
  }

  private GithubErrors.Throttled throttled(GitHubConnectorResponse r) {
    return new GithubErrors.Throttled(
        "HTTP " + r.statusCode() + " rate limited", GithubErrors.delay(r::header, clock));
  }

  String org() {
    return config.organization();
  }

  GithubConfig config() {
    return config;
  }

  // ---- through github-api ------------------------------------------------------------------

  private GHOrganization organization(String permission) {
    return sdk("GET /orgs/" + org(), permission, () -> github.getOrganization(org()));
  }

  /** The login's organisation membership (active or pending); empty on 404. */
  Optional<GHMembership> membership(String login, String permission) {
    GHOrganization o = organization(permission);
    try {
      return Optional.of(o.getMembership(login));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw GithubErrors.fromSdk("GET memberships/" + login, e, permission);
    }
  }

  /** Every team of the organisation (paginated with Link headers by github-api). */
  List<GHTeam> teams(String permission) {
    GHOrganization o = organization(permission);
    return sdk(
        "GET /orgs/" + org() + "/teams",
        permission,
        () -> o.listTeams().withPageSize(100).toList());
  }

  /** Every repository of the organisation. */
  List<GHRepository> repositories(String permission) {
    GHOrganization o = organization(permission);
    return sdk(
        "GET /orgs/" + org() + "/repos",
        permission,
        () -> o.listRepositories().withPageSize(100).toList());
  }

  /** The account; empty when GitHub has no such login. */
  Optional<GHUser> user(String login) {
    try {
      return Optional.of(github.getUser(login));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw GithubErrors.fromSdk("GET /users/" + login, e, null);
    }
  }

  /**
   * {@code PUT /orgs/{o}/memberships/{login}} with a role: for a non-member GitHub sends an
   * invitation (state pending) that the person must accept.
   */
  void setMembership(String login, String role, String permission) {
    GHOrganization o = organization(permission);
    GHUser u =
        user(login)
            .orElseThrow(
                () ->
                    new TargetException.Rejected(
                        "github has no account " + login + " to invite", null));
    GHOrganization.Role r =
        "admin".equals(role) ? GHOrganization.Role.ADMIN : GHOrganization.Role.MEMBER;
    sdk(
        "PUT /orgs/" + org() + "/memberships/" + login,
        permission,
        () -> {
          o.add(u, r);
          return null;
        });
  }

  private interface IoCall<T> {
    T call() throws IOException;
  }

  private static <T> T sdk(String operation, String permission, IoCall<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw GithubErrors.fromSdk(operation, e, permission);
    }
  }

  // ---- raw REST and GraphQL ----------------------------------------------------------------

  /**
   * A REST answer.
   *
   * @param status HTTP status
   * @param body the JSON body, or a missing node
   */
  record Answer(int status, JsonNode body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * One REST call with the owner token (or, with {@code app}, the installation token).
   *
   * @param tolerated non-2xx statuses returned to the caller instead of thrown (e.g. 404 on a
   *     delete that an earlier attempt already made)
   * @param permission named in a PermissionDenied
   */
  Answer call(
      String method,
      String path,
      Object body,
      boolean app,
      String permission,
      Integer... tolerated) {
    return send(
        method,
        path.startsWith("http") ? path : config.apiUrl() + path,
        body,
        app,
        permission,
        Set.of(tolerated));
  }

  /** Every item of a paginated REST list, following {@code Link: rel="next"}. */
  List<JsonNode> list(String path, boolean app, String permission) {
    List<JsonNode> out = new ArrayList<>();
    String sep = path.contains("?") ? "&" : "?";
    String url = config.apiUrl() + path + sep + "per_page=100";
    int pages = 0;
    while (url != null) {
      if (++pages > 1000) {
        throw new TargetException.Rejected("github " + path + ": more than 1000 pages", null);
      }
      Paged page = page(url, app, permission);
      page.body().forEach(out::add);
      url = page.next();
    }
    return out;
  }

  /** A GraphQL query with the owner token; GraphQL errors are returned, not thrown. */
  JsonNode graphql(String query, Map<String, Object> variables, String permission) {
    return send(
            "POST",
            config.graphqlUrl(),
            Map.of("query", query, "variables", variables),
            false,
            permission,
            Set.of())
        .body();
  }

  /**
   * A read-only answer for the preflight, nothing mapped.
   *
   * @param status HTTP status
   * @param body JSON body or a missing node
   * @param scopes the {@code X-OAuth-Scopes} header, null when absent
   */
  record Probe(int status, JsonNode body, String scopes) {}

  /**
   * A GET for the preflight; throws only {@link java.io.IOException} when GitHub is unreachable.
   */
  Probe probe(String path, boolean app) throws IOException {
    String token = app ? appTokens.current() : config.token();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.apiUrl() + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("Authorization", "token " + token)
            .GET()
            .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Probe(
          r.statusCode(), parse(r.body()), r.headers().firstValue("x-oauth-scopes").orElse(null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private record Paged(JsonNode body, String next) {}

  private Paged page(String url, boolean app, String permission) {
    HttpResponse<String> r = exchange("GET", url, null, app);
    check("GET " + pathOf(url), r, permission, Set.of());
    String next =
        r.headers()
            .firstValue("link")
            .map(
                l -> {
                  Matcher m = NEXT.matcher(l);
                  return m.find() ? m.group(1) : null;
                })
            .orElse(null);
    return new Paged(parse(r.body()), next);
  }

  private Answer send(
      String method,
      String url,
      Object body,
      boolean app,
      String permission,
      Set<Integer> tolerated) {
    HttpResponse<String> r = exchange(method, url, body, app);
    check(method + " " + pathOf(url), r, permission, tolerated);
    return new Answer(r.statusCode(), parse(r.body()));
  }

  private HttpResponse<String> exchange(String method, String url, Object body, boolean app) {
    String token = app ? appTokens.current() : config.token();
    if (token == null) {
      throw new TargetException.PermissionDenied(
          "github "
              + method
              + " "
              + pathOf(url)
              + ": no GitHub App configured (appId, appInstallationId, appPrivateKey, or"
              + " appInstallationToken): GitHub lets only a GitHub App with 'Personal access tokens:"
              + " write' manage fine-grained tokens",
          null);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(TIMEOUT)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28")
            .header("Authorization", "token " + token);
    try {
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TargetException.Retryable(
          "github "
              + method
              + " "
              + pathOf(url)
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage(),
          null,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException.Retryable("github " + method + ": interrupted", null, e);
    }
  }

  private void check(
      String operation, HttpResponse<String> r, String permission, Set<Integer> tolerated) {
    int status = r.statusCode();
    if ((status >= 200 && status < 300) || tolerated.contains(status)) {
      return;
    }
    String message = parse(r.body()).path("message").asText(null);
    throw GithubErrors.fromStatus(
        operation, status, h -> r.headers().firstValue(h).orElse(null), message, clock, permission);
  }

  private String pathOf(String url) {
    String p = url.startsWith(config.apiUrl()) ? url.substring(config.apiUrl().length()) : url;
    int q = p.indexOf('?');
    return q < 0 ? p : p.substring(0, q);
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  @Override
  public void close() {
    // The JDK HttpClient of Java 17 has no close(); its threads end with the last reference.
  }
}
