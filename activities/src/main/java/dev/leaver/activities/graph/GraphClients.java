package dev.leaver.activities.graph;

import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.core.requests.options.GraphClientOption;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import com.microsoft.kiota.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.kiota.http.middleware.RetryHandler;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Builds the Graph SDK client: client-credentials for a tenant, a fixed token for the sandbox.
 * Every connector that calls Microsoft Graph (Entra ID, Exchange's mailbox settings and mail)
 * builds its client here, so all of them share one retry layer and one timeout.
 *
 * <p>One retry layer: the SDK's own retry handler (which waits out Retry-After inside the call) and
 * OkHttp's silent resend after a dropped connection are left out, so a throttled call fails at once
 * with the server's Retry-After and Temporal retries it after that delay. A call is bounded well
 * inside the activity's timeouts, so an attempt never outlives the one Temporal starts after it.
 */
public final class GraphClients {
  /** The longest one Graph call may take, well inside the activity's heartbeat timeout. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private GraphClients() {}

  /**
   * A Graph client for one app registration.
   *
   * @param system the connector's id, for the message when the secret is missing
   * @param graphBaseUrl e.g. {@code https://graph.microsoft.com/v1.0}
   * @param clientSecret null only for a loopback sandbox, which checks that a token is present and
   *     not what it is
   * @throws IllegalArgumentException without a secret for a host other than loopback
   */
  public static GraphServiceClient create(
      String system, String graphBaseUrl, String tenantId, String clientId, String clientSecret) {
    String host = URI.create(graphBaseUrl).getHost();
    AuthenticationProvider auth;
    if (clientSecret == null) {
      if (!isLoopback(host)) {
        throw new IllegalArgumentException(
            system + ".clientSecret is required for " + graphBaseUrl);
      }
      // The sandbox checks that a bearer token is present, not what it is.
      auth = (request, context) -> request.headers.add("Authorization", "Bearer sandbox");
    } else {
      var credential =
          new ClientSecretCredentialBuilder()
              .tenantId(tenantId)
              .clientId(clientId)
              .clientSecret(clientSecret)
              .build();
      // The token's audience is the Graph host itself: a national cloud (graph.microsoft.us ...)
      // refuses a token minted for graph.microsoft.com.
      auth =
          new AzureIdentityAuthenticationProvider(
              credential, new String[] {host}, "https://" + host + "/.default");
    }
    GraphServiceClient graph = new GraphServiceClient(auth, httpClient());
    graph.getRequestAdapter().setBaseUrl(graphBaseUrl);
    return graph;
  }

  /** The only hosts that may be reached without credentials: the sandbox on this machine. */
  public static boolean isLoopback(String host) {
    return "127.0.0.1".equals(host) || "localhost".equals(host);
  }

  private static OkHttpClient httpClient() {
    Interceptor[] noRetry =
        Arrays.stream(GraphClientFactory.createDefaultGraphInterceptors(new GraphClientOption()))
            .filter(i -> !(i instanceof RetryHandler))
            .toArray(Interceptor[]::new);
    return GraphClientFactory.create(noRetry)
        // OkHttp otherwise sends a request again, silently, when a connection closes before the
        // answer: a second sendMail, or a second write Temporal never hears of.
        .retryOnConnectionFailure(false)
        .callTimeout(CALL_TIMEOUT)
        .readTimeout(CALL_TIMEOUT)
        .build();
  }
}
