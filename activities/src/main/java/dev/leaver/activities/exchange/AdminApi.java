package dev.leaver.activities.exchange;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leaver.activities.graph.GraphClients;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs Exchange Online cmdlets through the admin API's {@code InvokeCommand}, the REST endpoint the
 * Exchange Online PowerShell module (V3) uses: {@code POST
 * <adminApiBaseUrl>/<tenantId>/InvokeCommand} with {@code
 * {"CmdletInput":{"CmdletName":...,"Parameters":{...}}}} and a token for {@code
 * https://outlook.office365.com/.default}. The endpoint is undocumented; Microsoft may change it.
 *
 * <p>One retry layer: no call is retried here. Each call is bounded by {@link
 * GraphClients#CALL_TIMEOUT}, and every failure becomes a {@link TargetException} ({@link
 * CmdletErrors}). Thread-safe.
 */
final class AdminApi {
  /**
   * Routes app-only requests, as the PowerShell module does for an app: the tenant's arbitration
   * mailbox. UNCONFIRMED beyond a client that read it from module 3.10.1 ({@code APP:}), while a
   * captured request of an older module shows {@code UPN:} with the same mailbox.
   */
  private static final String ANCHOR = "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a cmdlet answered: its output objects, its warnings and the request id. */
  record Output(List<JsonNode> value, List<String> warnings, String requestId) {}

  private final HttpClient http;
  private final URI invoke;
  private final String anchor;
  private final Supplier<String> bearer;

  AdminApi(ExchangeConfig config) {
    this.invoke = URI.create(config.adminApiBaseUrl() + "/" + config.tenantId() + "/InvokeCommand");
    this.anchor = ANCHOR + config.tenantId();
    this.http = HttpClient.newBuilder().connectTimeout(GraphClients.CALL_TIMEOUT).build();
    this.bearer = bearer(config, invoke.getHost());
  }

  private static Supplier<String> bearer(ExchangeConfig config, String host) {
    if (config.clientSecret() == null) {
      if (!GraphClients.isLoopback(host)) {
        throw new IllegalArgumentException(
            "exchange.clientSecret is required for " + config.adminApiBaseUrl());
      }
      return () -> "sandbox"; // the sandbox checks that a token is present, not what it is
    }
    TokenCredential credential =
        new ClientSecretCredentialBuilder()
            .tenantId(config.tenantId())
            .clientId(config.clientId())
            .clientSecret(config.clientSecret())
            .build();
    // The audience is the admin API's host (outlook.office365.com; a national cloud has its own).
    TokenRequestContext scope =
        new TokenRequestContext().addScopes("https://" + host + "/.default");
    return () -> {
      try {
        return credential.getTokenSync(scope).getToken();
      } catch (ClientAuthenticationException e) {
        throw new TargetException.PermissionDenied(
            "Entra refused the app's credentials for Exchange"
                + " Online: check systems.exchange tenantId, clientId and clientSecret",
            e);
      } catch (RuntimeException e) {
        throw new TargetException.Retryable(
            "no token for Exchange Online: " + e.getClass().getSimpleName(), null, e);
      }
    };
  }

  /**
   * Runs a cmdlet and returns all of its output (every page).
   *
   * @param permission what the app needs for it, named in a 403's message
   */
  Output run(String cmdlet, Map<String, Object> parameters, String permission) {
    return call(cmdlet, parameters, permission, false).orElseThrow();
  }

  /** As {@link #run}; empty when Exchange says the {@code -Identity} names no object. */
  Optional<Output> runUnlessNotFound(
      String cmdlet, Map<String, Object> parameters, String permission) {
    return call(cmdlet, parameters, permission, true);
  }

  private Optional<Output> call(
      String cmdlet, Map<String, Object> parameters, String permission, boolean notFoundIsEmpty) {
    String body;
    try {
      body =
          JSON.writeValueAsString(
              Map.of("CmdletInput", Map.of("CmdletName", cmdlet, "Parameters", parameters)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("parameters of " + cmdlet + " are not JSON", e);
    }
    List<JsonNode> value = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String requestId = null;
    URI page = invoke;
    while (page != null) {
      HttpResponse<String> r = post(page, body, cmdlet);
      if (r.statusCode() < 200 || r.statusCode() > 299) {
        if (notFoundIsEmpty && CmdletErrors.notFound(r)) {
          return Optional.empty();
        }
        throw CmdletErrors.map(cmdlet, permission, r);
      }
      requestId = requestId != null ? requestId : r.headers().firstValue("request-id").orElse(null);
      JsonNode json = parse(cmdlet, r.body());
      json.path("value").forEach(value::add);
      json.path("@adminapi.warnings").forEach(w -> warnings.add(w.asText()));
      page = next(cmdlet, json.path("@odata.nextLink").asText(null));
    }
    return Optional.of(new Output(value, warnings, requestId));
  }

  /**
   * A read-only Get-Mailbox whose filter matches no mailbox, answered as it came: the preflight
   * tells refused credentials (401) from a missing permission or role (403) itself.
   *
   * @throws TargetException when no token could be had
   */
  HttpResponse<String> probe() throws IOException, InterruptedException {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "CmdletInput",
                Map.of(
                    "CmdletName",
                    "Get-Mailbox",
                    "Parameters",
                    Map.of("Filter", "UserPrincipalName -eq 'leaver-preflight@invalid'"))));
    return http.send(request(invoke, body), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .timeout(GraphClients.CALL_TIMEOUT)
        .header("Authorization", "Bearer " + bearer.get())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("X-ResponseFormat", "json")
        .header("X-AnchorMailbox", anchor)
        .header("Prefer", "odata.maxpagesize=1000")
        .header("client-request-id", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpResponse<String> post(URI uri, String body, String cmdlet) {
    HttpRequest request = request(uri, body);
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TargetException.Retryable(
          "Exchange " + cmdlet + ": no answer (" + e.getClass().getSimpleName() + ")", null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException.Retryable("Exchange " + cmdlet + ": interrupted", null, e);
    }
  }

  /** The next page, only on the admin API's own host: the token must not go anywhere else. */
  private URI next(String cmdlet, String link) {
    if (link == null || link.isBlank()) {
      return null;
    }
    URI next = URI.create(link);
    if (!invoke.getHost().equalsIgnoreCase(next.getHost())) {
      throw new TargetException.Rejected(
          "Exchange " + cmdlet + ": a next page on another host", null);
    }
    return next;
  }

  private static JsonNode parse(String cmdlet, String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new TargetException.Retryable(
          "Exchange " + cmdlet + ": an answer that is not JSON", null, e);
    }
  }
}
