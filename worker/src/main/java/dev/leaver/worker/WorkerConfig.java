package dev.leaver.worker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The worker's one YAML file. See {@code deploy/worker.example.yaml}.
 *
 * @param temporal where Temporal is
 * @param metricsPort port for /metrics and /health (0 = off)
 * @param policyFile the offboarding policy YAML; null = every connector, every action, 30 days
 * @param systems per target system: its connector settings plus {@code killSwitchPerSecond} and
 *     {@code cleanupPerSecond} (the API write budget of each queue) and {@code enabled}
 */
public record WorkerConfig(
    Temporal temporal, Integer metricsPort, String policyFile, Map<String, Map<String, Object>> systems) {

  public WorkerConfig {
    temporal = temporal == null ? new Temporal(null, null, null, null, null, null) : temporal;
    metricsPort = metricsPort == null ? 9464 : metricsPort;
    systems = systems == null ? Map.of() : Map.copyOf(systems);
  }

  /**
   * @param target host:port (default 127.0.0.1:7233; Temporal Cloud: ns.acct.tmprl.cloud:7233)
   * @param namespace default {@code default}
   * @param apiKey Temporal Cloud API key reference ({@code env:TEMPORAL_API_KEY})
   * @param tls use TLS (on by default with an API key or client certificate)
   * @param clientCertFile mTLS client certificate (PEM)
   * @param clientKeyFile mTLS client key (PKCS8 PEM)
   */
  public record Temporal(
      String target, String namespace, String apiKey, Boolean tls, String clientCertFile,
      String clientKeyFile) {
    public Temporal {
      target = target == null ? "127.0.0.1:7233" : target;
      namespace = namespace == null ? "default" : namespace;
    }
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  public static WorkerConfig read(Path file) throws IOException {
    return YAML.readValue(Files.readString(file), WorkerConfig.class);
  }
}
