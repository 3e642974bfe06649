package dev.leaver.worker;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where Temporal is and how to reach it, for every command. Three levels, the later winning:
 *
 * <ol>
 *   <li>the YAML file's {@code temporal:} block (worker or starter), else the built-in defaults
 *       ({@code 127.0.0.1:7233}, namespace {@code default});
 *   <li>Temporal's own environment configuration, read by the SDK's {@code temporal-envconfig}: the
 *       profile ({@code TEMPORAL_PROFILE}, default {@code default}) of {@code temporal.toml}
 *       ({@code TEMPORAL_CONFIG_FILE}, default {@code ~/.config/temporalio/temporal.toml}),
 *       overridden by {@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code
 *       TEMPORAL_API_KEY}, {@code TEMPORAL_TLS*} — the same settings the {@code temporal} CLI uses;
 *   <li>the command's {@code --address} and {@code --namespace}.
 * </ol>
 *
 * <p>Address and namespace are taken field by field. Transport security is taken whole from one
 * level: from the environment configuration when it sets TLS or an API key, else from the YAML — a
 * client certificate from one place and its key from another is a mistake, not a merge.
 *
 * @param yaml the YAML's block (or the defaults)
 * @param env the loaded environment profile; fields it does not set are null
 * @param addressFlag {@code --address}, or null
 * @param namespaceFlag {@code --namespace}, or null
 */
public record TemporalSettings(
    WorkerConfig.Temporal yaml, ClientConfigProfile env, String addressFlag, String namespaceFlag) {

  /** Reads the environment configuration from the process's environment. */
  public static TemporalSettings load(
      WorkerConfig.Temporal yaml, String addressFlag, String namespaceFlag) throws IOException {
    return load(yaml, System.getenv(), addressFlag, namespaceFlag);
  }

  /**
   * As above, with {@code environment} in place of the process's (tests).
   *
   * @throws IllegalArgumentException when {@code temporal.toml} cannot be read or parsed, naming it
   */
  public static TemporalSettings load(
      WorkerConfig.Temporal yaml,
      Map<String, String> environment,
      String addressFlag,
      String namespaceFlag) {
    ClientConfigProfile env;
    try {
      // The SDK 1.38 fails on an empty temporal.toml (NullPointerException): an empty or absent
      // file is no file.
      Path file =
          Path.of(
              environment.getOrDefault(
                  "TEMPORAL_CONFIG_FILE",
                  Path.of(System.getProperty("user.home"), ".config", "temporalio", "temporal.toml")
                      .toString()));
      boolean noFile = !Files.isRegularFile(file) || Files.readString(file).isBlank();
      env =
          ClientConfigProfile.load(
              LoadClientConfigProfileOptions.newBuilder()
                  .setEnvOverrides(environment)
                  .setDisableFile(noFile)
                  .build());
    } catch (IOException | RuntimeException e) {
      String file =
          environment.getOrDefault("TEMPORAL_CONFIG_FILE", "~/.config/temporalio/temporal.toml");
      throw new IllegalArgumentException(
          "Temporal environment configuration ("
              + file
              + ", profile "
              + environment.getOrDefault("TEMPORAL_PROFILE", "default")
              + "): "
              + e.getMessage(),
          e);
    }
    TemporalSettings settings =
        new TemporalSettings(
            yaml == null ? WorkerConfig.defaults().temporal() : yaml,
            env,
            blankToNull(addressFlag),
            blankToNull(namespaceFlag));
    settings.checkCredentialFiles(environment);
    return settings;
  }

  /**
   * Fails now, naming the setting and the file, when a certificate or key the connection needs is
   * missing or not PEM: otherwise the SDK would fail later with a stack trace, or not at all until
   * the first call.
   */
  private void checkCredentialFiles(Map<String, String> environment) {
    if (envDecidesTransport()) {
      ClientConfigTLS tls = env.getTls();
      if (tls == null || Boolean.TRUE.equals(tls.isDisabled())) {
        return;
      }
      String where =
          "Temporal environment configuration ("
              + environment.getOrDefault(
                  "TEMPORAL_CONFIG_FILE", "~/.config/temporalio/temporal.toml")
              + ", profile "
              + environment.getOrDefault("TEMPORAL_PROFILE", "default")
              + "): ";
      try {
        CredentialFiles.check(
            "TLS client certificate (TEMPORAL_TLS_CLIENT_CERT_PATH, tls.client_cert_path)",
            blankToNull(tls.getClientCertPath()),
            "TLS client key (TEMPORAL_TLS_CLIENT_KEY_PATH, tls.client_key_path)",
            blankToNull(tls.getClientKeyPath()),
            "server CA certificate (TEMPORAL_TLS_SERVER_CA_CERT_PATH, tls.server_ca_cert_path)",
            blankToNull(tls.getServerCACertPath()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    } else {
      CredentialFiles.check(
          "temporal.clientCertFile",
          yaml.clientCertFile(),
          "temporal.clientKeyFile",
          yaml.clientKeyFile(),
          "temporal.serverCaCertFile",
          yaml.serverCaCertFile());
      try {
        new Secrets(environment).resolve("temporal.apiKey", yaml.apiKey());
      } catch (java.io.UncheckedIOException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }

  /** What the connection presents, for naming the likely cause when the server refuses it. */
  TransportFailures.Presented presented() {
    if (envDecidesTransport()) {
      ClientConfigTLS tls = env.getTls();
      boolean tlsOn = tls == null || !Boolean.TRUE.equals(tls.isDisabled());
      return new TransportFailures.Presented(
          address(),
          tlsOn,
          blankToNull(env.getApiKey()) != null,
          tlsOn
              && tls != null
              && (blankToNull(tls.getClientCertPath()) != null || tls.getClientCertData() != null),
          tlsOn
              && tls != null
              && (blankToNull(tls.getServerCACertPath()) != null
                  || tls.getServerCACertData() != null));
    }
    boolean apiKey = yaml.apiKey() != null && !yaml.apiKey().isBlank();
    boolean tlsOn =
        yaml.tls() != null
            ? yaml.tls()
            : apiKey || yaml.clientCertFile() != null || yaml.serverCaCertFile() != null;
    return new TransportFailures.Presented(
        address(), tlsOn, apiKey, yaml.clientCertFile() != null, yaml.serverCaCertFile() != null);
  }

  public String address() {
    return addressFlag != null
        ? addressFlag
        : blankToNull(env.getAddress()) != null ? env.getAddress() : yaml.target();
  }

  public String namespace() {
    return namespaceFlag != null
        ? namespaceFlag
        : blankToNull(env.getNamespace()) != null ? env.getNamespace() : yaml.namespace();
  }

  /**
   * Where the address came from, for the start-up line: {@code --address}, the environment, or the
   * YAML.
   */
  public String addressSource() {
    return addressFlag != null
        ? "--address"
        : blankToNull(env.getAddress()) != null
            ? "Temporal environment configuration"
            : "worker config or default";
  }

  /** Whether the environment configuration decides transport security (TLS, API key). */
  boolean envDecidesTransport() {
    return env.getTls() != null || blankToNull(env.getApiKey()) != null;
  }

  /**
   * The stubs' options: the target and, from the level that decides it, TLS and the API key.
   *
   * @param secrets resolves the YAML's {@code apiKey} reference
   */
  WorkflowServiceStubsOptions.Builder stubsOptions(Secrets secrets) throws IOException {
    WorkflowServiceStubsOptions.Builder b;
    if (envDecidesTransport()) {
      // The SDK's own translation: TLS files or inline data, server CA, server name, API key, gRPC
      // metadata.
      b = WorkflowServiceStubsOptions.newBuilder(env.toWorkflowServiceStubsOptions());
      boolean tlsDisabled = env.getTls() != null && Boolean.TRUE.equals(env.getTls().isDisabled());
      if (env.getTls() == null && !tlsDisabled) {
        b.setEnableHttps(true); // an API key is only ever sent over TLS (as the temporal CLI does)
      }
    } else {
      b = WorkflowServiceStubsOptions.newBuilder();
      TemporalConnection.yamlTransport(b, yaml, secrets);
      if (env.getMetadata() != null) {
        io.grpc.Metadata headers = env.getMetadata();
        b.addGrpcMetadataProvider(() -> headers);
      }
    }
    b.setTarget(address());
    return b;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
