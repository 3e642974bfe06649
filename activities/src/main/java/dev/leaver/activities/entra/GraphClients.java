package dev.leaver.activities.entra;

import com.azure.identity.ClientSecretCredentialBuilder;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import java.net.URI;

/** Builds the Graph SDK client: client-credentials for a tenant, a fixed token for the sandbox. */
final class GraphClients {
  private GraphClients() {}

  static GraphServiceClient create(EntraConfig config) {
    if (config.clientSecret() == null) {
      String host = URI.create(config.graphBaseUrl()).getHost();
      if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
        throw new IllegalArgumentException("entra.clientSecret is required for " + config.graphBaseUrl());
      }
      // The sandbox checks that a bearer token is present, not what it is.
      AuthenticationProvider sandboxToken =
          (request, context) -> request.headers.add("Authorization", "Bearer sandbox");
      GraphServiceClient graph = new GraphServiceClient(sandboxToken);
      graph.getRequestAdapter().setBaseUrl(config.graphBaseUrl());
      return graph;
    }
    var credential = new ClientSecretCredentialBuilder()
        .tenantId(config.tenantId())
        .clientId(config.clientId())
        .clientSecret(config.clientSecret())
        .build();
    // The token's audience is the Graph host itself: a national cloud (graph.microsoft.us ...)
    // refuses a token minted for graph.microsoft.com.
    String scope = "https://" + URI.create(config.graphBaseUrl()).getHost() + "/.default";
    GraphServiceClient graph = new GraphServiceClient(credential, scope);
    if (!EntraConfig.GRAPH.equals(config.graphBaseUrl())) {
      graph.getRequestAdapter().setBaseUrl(config.graphBaseUrl());
    }
    return graph;
  }
}
