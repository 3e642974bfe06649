package dev.leaver.activities.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpLoggingPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.AuthorizationManagementClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.graph.GraphClients;
import dev.leaver.activities.target.TargetException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One ARM session per connector, built at first use (building the connector stays offline): a
 * client-secret credential, an HttpPipeline with no retry policy (Temporal is the one retry layer)
 * over the JDK HttpClient, the RBAC module's {@link AuthorizationManager} on that pipeline, and raw
 * calls through the same pipeline for what the fluent API lacks.
 */
final class Arm {
  /** The longest one ARM call may take, well inside the activity's heartbeat timeout. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  static final String RBAC_API = "2022-04-01";
  static final String PIM_API = "2020-10-01";

  private final AzureConfig config;
  private Session session;

  /** What a session holds once built. */
  private record Session(HttpPipeline pipeline, AuthorizationManager manager, String endpoint) {}

  /** A raw answer: its status, JSON body (empty object when none) and ARM request id. */
  record Answer(int status, JsonNode body, String requestId) {}

  Arm(AzureConfig config) {
    this.config = config;
  }

  /** The RBAC module's service client: role assignments, PIM schedules and requests. */
  AuthorizationManagementClient rbac() {
    return session().manager().roleServiceClient();
  }

  /**
   * Calls the fluent API, turning its exceptions into {@link TargetException}s.
   *
   * @param operation names the call in messages
   * @param permission the ARM action the call needs, for a 403's message
   */
  <T> T call(String operation, String permission, Function<AuthorizationManagementClient, T> call) {
    try {
      return call.apply(rbac());
    } catch (RuntimeException e) {
      throw ArmErrors.from(operation, permission, e);
    }
  }

  /**
   * A raw ARM call through the session's pipeline.
   *
   * @param path an ARM path starting with {@code /}, without query
   * @param query extra query after {@code api-version}, already encoded, or null
   * @param ok statuses that are not errors (others throw)
   */
  Answer send(
      HttpMethod method,
      String path,
      String apiVersion,
      String query,
      JsonNode body,
      Map<String, String> headers,
      String permission,
      int... ok) {
    Session s = session();
    String url =
        s.endpoint()
            + path.substring(1)
            + "?api-version="
            + apiVersion
            + (query == null ? "" : "&" + query);
    HttpRequest request = new HttpRequest(method, url);
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
      request.setBody(Jsons.write(body).getBytes(StandardCharsets.UTF_8));
    }
    if (headers != null) {
      headers.forEach((k, v) -> request.setHeader(HttpHeaderName.fromString(k), v));
    }
    String operation = method + " " + path.replaceAll("^/subscriptions/[^/]+", "/subscriptions/…");
    try (HttpResponse response = s.pipeline().sendSync(request, Context.NONE)) {
      byte[] bytes =
          response.getBodyAsBinaryData() == null
              ? new byte[0]
              : response.getBodyAsBinaryData().toBytes();
      JsonNode json = parse(bytes);
      int status = response.getStatusCode();
      for (int k : ok) {
        if (k == status) {
          return new Answer(status, json, response.getHeaderValue(HttpHeaderName.X_MS_REQUEST_ID));
        }
      }
      if (status < 400) {
        throw new TargetException.Rejected(
            "azure " + operation + ": unexpected HTTP " + status, null);
      }
      throw ArmErrors.from(operation, permission, status, response.getHeaders(), json, null);
    } catch (RuntimeException e) {
      throw ArmErrors.from(operation, permission, e);
    }
  }

  /**
   * Every item of a raw ARM list: its {@code value}s, following {@code nextLink} (an absolute URL
   * on the same endpoint) page by page.
   */
  java.util.List<JsonNode> list(String path, String apiVersion, String query, String permission) {
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    JsonNode page =
        send(HttpMethod.GET, path, apiVersion, query, null, null, permission, 200).body();
    page.path("value").forEach(out::add);
    String next = page.path("nextLink").asText(null);
    for (int pages = 1; next != null && !next.isEmpty(); pages++) {
      if (pages > 1000 || !next.startsWith(session().endpoint())) {
        throw new TargetException.Rejected(
            "azure list " + path + ": nextLink leaves the ARM endpoint" + " or never ends", null);
      }
      URI u = URI.create(next);
      // The path after the endpoint's own, which ends in "/": "/" on Azure, "/arm/" in the sandbox.
      String nextPath =
          u.getRawPath().substring(URI.create(session().endpoint()).getRawPath().length() - 1);
      String nextQuery =
          u.getRawQuery() == null
              ? ""
              : u.getRawQuery().replaceAll("(^|&)api-version=[^&]*", "").replaceAll("^&", "");
      page =
          send(
                  HttpMethod.GET,
                  nextPath,
                  apiVersion,
                  nextQuery.isEmpty() ? null : nextQuery,
                  null,
                  null,
                  permission,
                  200)
              .body();
      page.path("value").forEach(out::add);
      next = page.path("nextLink").asText(null);
    }
    return out;
  }

  private synchronized Session session() {
    if (session == null) {
      session = open();
    }
    return session;
  }

  private Session open() {
    String endpoint = config.resourceManagerEndpoint();
    String login = config.authorityHost();
    SSLContext tls = null;
    if (config.metadataUrl() != null) {
      JsonNode metadata = metadata(config.metadataUrl());
      endpoint = slash(metadata.path("resourceManager").asText(endpoint));
      login = slash(metadata.path("authentication").path("loginEndpoint").asText(login));
      String pem = metadata.path("sandboxCertificatePem").asText(null);
      if (pem != null
          && GraphClients.isLoopback(URI.create(config.metadataUrl()).getHost())
          && GraphClients.isLoopback(URI.create(endpoint).getHost())) {
        tls = trusting(pem);
      }
    }
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
    if (tls != null) {
      jdk.sslContext(tls);
    }
    HttpClient http =
        new JdkHttpClientBuilder(jdk)
            .connectionTimeout(Duration.ofSeconds(10))
            .responseTimeout(CALL_TIMEOUT)
            .readTimeout(CALL_TIMEOUT)
            .build();
    TokenCredential credential =
        new ClientSecretCredentialBuilder()
            .tenantId(config.tenantId())
            .clientId(config.clientId())
            .clientSecret(config.clientSecret())
            .authorityHost(login)
            .httpClient(http)
            .maxRetry(0)
            .disableInstanceDiscovery()
            .build();
    String audience = endpoint.startsWith(AzureConfig.ARM) ? AzureConfig.ARM : audience(endpoint);
    // No RetryPolicy: a 429 or 5xx comes back at once with its Retry-After, and Temporal retries.
    HttpPipeline pipeline =
        new HttpPipelineBuilder()
            .httpClient(http)
            .policies(
                new UserAgentPolicy("leaver-azure"),
                new RequestIdPolicy(),
                new AddDatePolicy(),
                new BearerTokenAuthenticationPolicy(credential, audience + ".default"),
                new HttpLoggingPolicy(new HttpLogOptions()))
            .build();
    Map<String, String> endpoints = new java.util.HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", endpoint);
    endpoints.put("activeDirectoryEndpointUrl", login);
    AzureEnvironment environment = new AzureEnvironment(endpoints);
    AzureProfile profile =
        new AzureProfile(
            config.tenantId(),
            config.subscriptions().isEmpty() ? null : config.subscriptions().get(0),
            environment);
    return new Session(pipeline, AuthorizationManager.authenticate(pipeline, profile), endpoint);
  }

  /** Azure's cloud metadata: where ARM and the login host are. */
  private static JsonNode metadata(String url) {
    try {
      java.net.http.HttpClient client =
          java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      var answer =
          client.send(
              java.net.http.HttpRequest.newBuilder(URI.create(url))
                  .timeout(CALL_TIMEOUT)
                  .GET()
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      if (answer.statusCode() != 200) {
        throw new TargetException.Retryable(
            "azure cloud metadata " + url + ": HTTP " + answer.statusCode(), null, null);
      }
      return Jsons.MAPPER.readTree(answer.body());
    } catch (IOException e) {
      throw new TargetException.Retryable(
          "azure cloud metadata " + url + " unreachable: " + e, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetException.Retryable("azure cloud metadata: interrupted", null, e);
    }
  }

  /** TLS that trusts exactly this certificate (the sandbox's self-signed one). */
  private static SSLContext trusting(String pem) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "arm",
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the ARM endpoint's certificate cannot be read", e);
    }
  }

  private static JsonNode parse(byte[] bytes) {
    if (bytes.length == 0) {
      return Jsons.object();
    }
    try {
      return Jsons.MAPPER.readTree(bytes);
    } catch (IOException e) {
      return Jsons.object();
    }
  }

  private static String audience(String endpoint) {
    URI u = URI.create(endpoint);
    return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/";
  }

  private static String slash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  /** The {@code x-ms-request-id} of an SDK response's headers, or null. */
  static String requestId(HttpHeaders headers) {
    return headers == null ? null : headers.getValue(HttpHeaderName.X_MS_REQUEST_ID);
  }
}
