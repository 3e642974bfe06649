package dev.leaver.activities.google;

import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.directory.Directory;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google's own clients, one per OAuth scope: each action asks for a token with only the scope it
 * needs, so a scope missing from the domain-wide delegation parks the actions that need it and no
 * others (Google refuses a token request as a whole when any scope in it is not delegated).
 *
 * <p>The clients' own retries are off: no {@code HttpBackOffUnsuccessfulResponseHandler}, zero
 * retries per request (not even the credentials adapter's refresh-and-retry on 401), and the token
 * fetch's default retries disabled; timeouts are short. Temporal is the one retry layer.
 */
final class GoogleClients implements AutoCloseable {
  static final String AUTH = "https://www.googleapis.com/auth/";
  static final String USER_READONLY = AUTH + "admin.directory.user.readonly";
  static final String USER = AUTH + "admin.directory.user";
  static final String USER_SECURITY = AUTH + "admin.directory.user.security";
  static final String GROUP_READONLY = AUTH + "admin.directory.group.readonly";
  static final String GROUP_MEMBER = AUTH + "admin.directory.group.member";
  static final String DATATRANSFER = AUTH + "admin.datatransfer";

  /** Every scope the connector asks for, in the order the preflight shows them. */
  static final List<String> SCOPES =
      List.of(USER_READONLY, USER, USER_SECURITY, GROUP_READONLY, GROUP_MEMBER, DATATRANSFER);

  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int READ_TIMEOUT_MS = 20_000;

  private final GoogleConfig config;
  private final NetHttpTransport transport = new NetHttpTransport();
  private final JsonFactory json = GsonFactory.getDefaultInstance();
  private final Map<String, Directory> directories = new ConcurrentHashMap<>();
  private final Map<String, HttpRequestFactory> factories = new ConcurrentHashMap<>();
  private final DataTransferApi dataTransfer;

  GoogleClients(GoogleConfig config) {
    this.config = config;
    this.dataTransfer = new DataTransferApi(this);
  }

  GoogleConfig config() {
    return config;
  }

  JsonFactory json() {
    return json;
  }

  /** The Directory API client whose token carries {@code scope}. */
  Directory directory(String scope) {
    return directories.computeIfAbsent(
        scope,
        s ->
            new Directory.Builder(transport, json, initializer(credentials(s)))
                .setRootUrl(config.rootUrl())
                .setApplicationName("leaver")
                .build());
  }

  /** Plain requests whose token carries {@code scope}, for the Data Transfer API. */
  HttpRequestFactory requests(String scope) {
    return factories.computeIfAbsent(
        scope, s -> transport.createRequestFactory(initializer(credentials(s))));
  }

  DataTransferApi dataTransfer() {
    return dataTransfer;
  }

  /**
   * A new credential for one scope: the service account's JWT, signed with its key, exchanged at
   * the token endpoint for an access token of the impersonated admin ({@code sub}).
   */
  ServiceAccountCredentials credentials(String scope) {
    try {
      return ServiceAccountCredentials.newBuilder()
          .setClientEmail(config.serviceAccountEmail())
          .setPrivateKeyId(config.privateKeyId())
          .setPrivateKeyString(config.privateKey())
          .setScopes(List.of(scope))
          .setServiceAccountUser(config.adminEmail())
          .setTokenServerUri(URI.create(config.tokenUri()))
          .setHttpTransportFactory(() -> transport)
          .setDefaultRetriesEnabled(false)
          .build();
    } catch (IOException e) {
      throw new TargetException.Rejected(
          "google: the service account's private key cannot be read: " + e.getMessage(), e);
    }
  }

  private static HttpRequestInitializer initializer(ServiceAccountCredentials credentials) {
    HttpCredentialsAdapter adapter = new HttpCredentialsAdapter(credentials);
    return request -> {
      adapter.initialize(request);
      request.setNumberOfRetries(0);
      request.setIOExceptionHandler(null);
      request.setConnectTimeout(CONNECT_TIMEOUT_MS);
      request.setReadTimeout(READ_TIMEOUT_MS);
    };
  }

  /** A call that may fail with an {@link IOException}. */
  interface Call<T> {
    T run() throws IOException;
  }

  /** Runs a call, mapping every failure. */
  <T> T call(String what, String scope, Call<T> call) {
    try {
      return call.run();
    } catch (IOException e) {
      throw GoogleErrors.map(what, scope, e, config.throttleBackoff());
    }
  }

  /** Runs a call; empty when Google answers 404 (gone, or never there). */
  <T> Optional<T> callOrNotFound(String what, String scope, Call<T> call) {
    try {
      return Optional.ofNullable(call.run());
    } catch (IOException e) {
      if (GoogleErrors.notFound(e)) {
        return Optional.empty();
      }
      throw GoogleErrors.map(what, scope, e, config.throttleBackoff());
    }
  }

  /** Runs a write; true when it changed something, false when Google says it was already gone. */
  boolean delete(String what, String scope, Call<?> call) {
    return callOrNotFound(
            what,
            scope,
            () -> {
              call.run();
              return Boolean.TRUE;
            })
        .isPresent();
  }

  @Override
  public void close() {
    try {
      transport.shutdown();
    } catch (IOException e) {
      // NetHttpTransport holds no pooled connections of its own: nothing is left to release.
    }
  }
}
