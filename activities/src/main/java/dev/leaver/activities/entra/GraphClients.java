package dev.leaver.activities.entra;

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
 *
 * <p>One retry layer: the SDK's own retry handler (which waits out Retry-After inside the call) is
 * left out, so a throttled call fails at once with the server's Retry-After and Temporal retries
 * it after that delay. A call is bounded well inside the activity's timeouts, so an attempt never
 * outlives the one Temporal starts after it.
 */
final class GraphClients {
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private GraphClients() {}

  static GraphServiceClient create(EntraConfig config) {
    String host = URI.create(config.graphBaseUrl()).getHost();
    AuthenticationProvider auth;
    if (config.clientSecret() == null) {
      if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
        throw new IllegalArgumentException("entra.clientSecret is required for " + config.graphBaseUrl());
      }
      // The sandbox checks that a bearer token is present, not what it is.
      auth = (request, context) -> request.headers.add("Authorization", "Bearer sandbox");
    } else {
      var credential = new ClientSecretCredentialBuilder()
          .tenantId(config.tenantId())
          .clientId(config.clientId())
          .clientSecret(config.clientSecret())
          .build();
      // The token's audience is the Graph host itself: a national cloud (graph.microsoft.us ...)
      // refuses a token minted for graph.microsoft.com.
      auth = new AzureIdentityAuthenticationProvider(
          credential, new String[] {host}, "https://" + host + "/.default");
    }
    GraphServiceClient graph = new GraphServiceClient(auth, httpClient());
    graph.getRequestAdapter().setBaseUrl(config.graphBaseUrl());
    return graph;
  }

  private static OkHttpClient httpClient() {
    Interceptor[] noRetry =
        Arrays.stream(GraphClientFactory.createDefaultGraphInterceptors(new GraphClientOption()))
            .filter(i -> !(i instanceof RetryHandler))
            .toArray(Interceptor[]::new);
    return GraphClientFactory.create(noRetry)
        .callTimeout(CALL_TIMEOUT)
        .readTimeout(CALL_TIMEOUT)
        .build();
  }
}
