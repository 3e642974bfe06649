package dev.leaver.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack's Web API ({@code /slack/api/<method>}) and SCIM 2.0 API ({@code /slack/scim/v2/...}) for
 * one emulated organisation, seeded from the tenant file's {@code slack:} section.
 *
 * <p>Point {@code slack-api-client} at it with {@code setMethodsEndpointUrlPrefix(base +
 * "/slack/api/")} and {@code setScim2EndpointUrlPrefix(base + "/slack/scim/v2/")}.
 *
 * <p>Tests read the state back with {@link #user}, and switch on failures per test: {@link
 * #revokeScope} makes methods that need the scope answer {@code missing_scope} (revoking {@code
 * admin} makes SCIM answer 403), and {@link #throttle} answers 429 with {@code Retry-After} the way
 * Slack does.
 */
public final class SlackEmulator implements Emulator {
  /** The key {@link #throttle} uses for every SCIM request. */
  public static final String SCIM = "scim";

  private static final String API = "/slack/api/";

  private final SlackTenant tenant;
  private final WebApi webApi;
  private final ScimApi scimApi;
  private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();

  /** Incoming-webhook posts: {@code POST /slack/hooks/...} with {@code {"text": ...}}. */
  private final List<String> webhookTexts = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final String HOOKS = "/slack/hooks/";

  private record Throttle(AtomicInteger remaining, int retryAfterSeconds) {}

  /** Seeds the organisation from the tenant file's {@code slack:} section. */
  public SlackEmulator(JsonNode section) {
    this(section, Clock.systemUTC());
  }

  /** As {@link #SlackEmulator(JsonNode)}, with the clock that stamps session resets. */
  public SlackEmulator(JsonNode section, Clock clock) {
    tenant = new SlackTenant(section, clock);
    webApi = new WebApi(tenant);
    scimApi = new ScimApi(tenant);
  }

  @Override
  public String prefix() {
    return "/slack";
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    String path = request.path();
    if (path.startsWith(API) && path.length() > API.length()) {
      String method = path.substring(API.length());
      HttpResponse throttled = throttled(method);
      return throttled != null ? throttled : webApi.handle(method, request);
    }
    if (path.startsWith(HOOKS) && request.method().equals("POST")) {
      return incomingWebhook(request);
    }
    if (path.startsWith(ScimApi.BASE)) {
      HttpResponse throttled = throttled(SCIM);
      return throttled != null
          ? throttled
          : scimApi.handle(path.substring(ScimApi.BASE.length()), request);
    }
    return HttpResponse.text(404, "not emulated: " + path);
  }

  /**
   * An incoming webhook, as Slack answers one: 200 {@code ok} for a JSON body with {@code text},
   * 400 {@code no_text} or {@code invalid_payload} otherwise.
   */
  private HttpResponse incomingWebhook(HttpRequest request) {
    JsonNode body;
    try {
      body = dev.leaver.sandbox.Json.MAPPER.readTree(request.body());
    } catch (java.io.IOException e) {
      return HttpResponse.text(400, "invalid_payload");
    }
    if (body == null || !body.path("text").isTextual() || body.path("text").asText().isBlank()) {
      return HttpResponse.text(400, "no_text");
    }
    webhookTexts.add(body.path("text").asText());
    return HttpResponse.text(200, "ok");
  }

  /** The URL of an incoming webhook this emulator accepts, under the sandbox's base URL. */
  public static String webhookPath() {
    return HOOKS + "T0CONTOSO/B0OPERATORS/sandbox";
  }

  /** What incoming webhooks were sent, in order. */
  public List<String> webhookTexts() {
    return List.copyOf(webhookTexts);
  }

  /** A member's current state. */
  public SlackUser user(String id) {
    return tenant.user(id).orElseThrow(() -> new NoSuchElementException("no Slack user " + id));
  }

  /** Every member, in seed order. */
  public List<SlackUser> users() {
    return tenant.users();
  }

  /** The team id that {@code auth.test} reports. */
  public String teamId() {
    return tenant.team().id();
  }

  /** The first seeded token: the sandbox's admin user token (a sandbox value, not a secret). */
  public String adminToken() {
    return tenant.firstToken().map(SlackTenant.Token::value).orElseThrow();
  }

  /**
   * Takes a scope away from every token until {@link #restoreScopes}: Web API methods that need it
   * answer {@code missing_scope} with {@code needed} set; revoking {@code admin} makes SCIM answer
   * 403.
   */
  public void revokeScope(String scope) {
    tenant.revokeScope(scope);
  }

  public void restoreScopes() {
    tenant.restoreScopes();
  }

  /**
   * Revokes a token until {@link #restoreTokens}: the Web API answers {@code token_revoked} and
   * SCIM 401, as when an admin uninstalls the app or the token's owner is deactivated.
   */
  public void revokeToken(String token) {
    tenant.revokeToken(token);
  }

  public void restoreTokens() {
    tenant.restoreTokens();
  }

  /**
   * Answers the next {@code times} calls of a Web API method (e.g. {@code
   * admin.users.session.reset}) or of any SCIM request ({@link #SCIM}) with HTTP 429, {@code
   * Retry-After: retryAfterSeconds} and {@code {"ok":false,"error":"ratelimited"}}, as Slack does.
   */
  public void throttle(String methodOrScim, int times, int retryAfterSeconds) {
    throttles.put(methodOrScim, new Throttle(new AtomicInteger(times), retryAfterSeconds));
  }

  /** Sets how many sessions a member has signed in, e.g. to run a reset twice. */
  public void setActiveSessions(String userId, int sessions) {
    if (tenant.update(userId, u -> u.withActiveSessions(sessions)).isEmpty()) {
      throw new IllegalArgumentException("no such member: " + userId);
    }
  }

  /** Clears throttles and revoked scopes. */
  public void clearFaults() {
    throttles.clear();
    tenant.restoreScopes();
  }

  private HttpResponse throttled(String key) {
    Throttle t = throttles.get(key);
    if (t == null || t.remaining().getAndDecrement() <= 0) {
      return null;
    }
    return HttpResponse.json(429, Map.of("ok", false, "error", "ratelimited"))
        .withHeader("Retry-After", Integer.toString(t.retryAfterSeconds()));
  }
}
