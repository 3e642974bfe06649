package dev.leaver.worker;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leaver.activities.evidence.EvidenceStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The worker's one YAML file. See {@code deploy/worker.example.yaml}. Every key is checked: a
 * misspelt one is an error naming the file, where it is and the key.
 *
 * @param temporal where Temporal is
 * @param metricsPort port for /metrics and /health (0 = off)
 * @param policyFile the offboarding policy YAML; null = every connector, every action, 30 days
 * @param systems per target system id: its connector settings, bound strictly to the connector's
 *     config record when the connectors are built ({@link TargetWiring}), plus {@code enabled}
 * @param rateLimits per target system id: the API write budget of its two queues
 * @param operatorChannel where operators are told what they must read (notification-only runs);
 *     none = the worker's log
 * @param codec the payload keys that encrypt what the worker writes to Temporal; none = {@code
 *     LEAVER_CODEC_KEYS}, else payloads in clear text
 * @param evidence where each run's evidence is appended, to outlive Temporal's retention: a
 *     directory or {@code s3://bucket/prefix?region=…&retentionDays=…&mode=COMPLIANCE} (see {@link
 *     dev.leaver.activities.evidence.EvidenceStores}); default {@code evidence} (a directory)
 * @param source the file name, for error messages; not a YAML key
 */
public record WorkerConfig(
    Temporal temporal,
    Integer metricsPort,
    String policyFile,
    Map<String, Map<String, Object>> systems,
    Map<String, QueueRates> rateLimits,
    OperatorChannelConfig operatorChannel,
    Codec codec,
    String evidence,
    @JsonIgnore String source) {

  public WorkerConfig {
    temporal =
        temporal == null ? new Temporal(null, null, null, null, null, null, null, null) : temporal;
    metricsPort = metricsPort == null ? 9464 : metricsPort;
    // In file order: the systems' order is the order plans list them in.
    systems =
        systems == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(systems));
    rateLimits =
        rateLimits == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(rateLimits));
    evidence = evidence == null || evidence.isBlank() ? EvidenceStores.DEFAULT_LOCATION : evidence;
    source = source == null ? "worker config" : source;
  }

  /** As the canonical constructor, without a codec section, evidence in the default directory. */
  public WorkerConfig(
      Temporal temporal,
      Integer metricsPort,
      String policyFile,
      Map<String, Map<String, Object>> systems,
      Map<String, QueueRates> rateLimits,
      OperatorChannelConfig operatorChannel,
      String source) {
    this(
        temporal,
        metricsPort,
        policyFile,
        systems,
        rateLimits,
        operatorChannel,
        null,
        null,
        source);
  }

  /** No file: a local Temporal, no systems (the sandbox brings its own), default limits. */
  public static WorkerConfig defaults() {
    return new WorkerConfig(null, null, null, null, null, null, null, null, null);
  }

  /**
   * The payload codec's keys (AES-256, see {@code dev.leaver.workflows.codec}): every listed key
   * decrypts, the last one encrypts. Rotate by appending a key; drop an old one only once no run or
   * history still needs it.
   *
   * @param keys oldest first
   */
  public record Codec(java.util.List<Key> keys) {
    public Codec {
      keys = keys == null ? java.util.List.of() : java.util.List.copyOf(keys);
    }

    /**
     * @param id the key's name, written into each payload it encrypts (e.g. {@code k2})
     * @param key a reference, never the key: {@code env:NAME} (base64) or {@code file:/path}
     *     (base64, or the 32 raw bytes)
     */
    public record Key(String id, String key) {}
  }

  /**
   * @param slackWebhookUrl a Slack incoming webhook, as a secret reference ({@code
   *     env:LEAVER_OPERATOR_WEBHOOK} or {@code file:/run/secrets/…}): the URL is a credential
   */
  public record OperatorChannelConfig(String slackWebhookUrl) {}

  /**
   * @param target host:port (default 127.0.0.1:7233; Temporal Cloud: ns.acct.tmprl.cloud:7233)
   * @param namespace default {@code default}
   * @param apiKey Temporal Cloud API key reference ({@code env:TEMPORAL_API_KEY})
   * @param tls use TLS (on by default with an API key or client certificate)
   * @param clientCertFile mTLS client certificate (PEM)
   * @param clientKeyFile mTLS client key (PKCS8 PEM)
   * @param serverCaCertFile the CA that signed the server's certificate (PEM), for a self-hosted
   *     cluster with a private CA; none = the JVM's trusted CAs (Temporal Cloud)
   * @param serverName the name the server's certificate must hold, when it is not the target's host
   */
  public record Temporal(
      String target,
      String namespace,
      String apiKey,
      Boolean tls,
      String clientCertFile,
      String clientKeyFile,
      String serverCaCertFile,
      String serverName) {
    public Temporal {
      target = target == null ? "127.0.0.1:7233" : target;
      namespace = namespace == null ? "default" : namespace;
    }

    /** As the canonical constructor, trusting the JVM's CAs and the target's host name. */
    public Temporal(
        String target,
        String namespace,
        String apiKey,
        Boolean tls,
        String clientCertFile,
        String clientKeyFile) {
      this(target, namespace, apiKey, tls, clientCertFile, clientKeyFile, null, null);
    }
  }

  /**
   * Activities per second a system's queues may start; the server enforces it across workers.
   *
   * @param killSwitchPerSecond {@code leaver-<id>-killswitch}; null = the built-in default
   * @param cleanupPerSecond {@code leaver-<id>-cleanup}; null = the built-in default
   * @param readsPerSecond {@code leaver-<id>-reads}, the kill switch's reads (Resolve,
   *     before-images) at the API's read budget; null = the built-in default
   */
  public record QueueRates(
      Double killSwitchPerSecond, Double cleanupPerSecond, Double readsPerSecond) {
    public QueueRates {
      if (readsPerSecond != null && readsPerSecond <= 0) {
        throw new IllegalArgumentException("readsPerSecond must be positive: " + readsPerSecond);
      }
      if (killSwitchPerSecond != null && killSwitchPerSecond <= 0) {
        throw new IllegalArgumentException(
            "killSwitchPerSecond must be positive: " + killSwitchPerSecond);
      }
      if (cleanupPerSecond != null && cleanupPerSecond <= 0) {
        throw new IllegalArgumentException(
            "cleanupPerSecond must be positive: " + cleanupPerSecond);
      }
    }

    LeaverWorker.RateLimit orDefaults() {
      LeaverWorker.RateLimit d = LeaverWorker.RateLimit.DEFAULT;
      return new LeaverWorker.RateLimit(
          killSwitchPerSecond == null ? d.killSwitchPerSecond() : killSwitchPerSecond,
          cleanupPerSecond == null ? d.cleanupPerSecond() : cleanupPerSecond,
          readsPerSecond == null ? d.readsPerSecond() : readsPerSecond);
    }
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES, true);

  /**
   * Reads and checks the file.
   *
   * @throws IllegalArgumentException naming the file, the place and the key, e.g. {@code
   *     worker.yaml: rateLimits.slack: unknown key 'cleanupPerSec'}
   */
  public static WorkerConfig read(Path file) throws IOException {
    String name = file.getFileName().toString();
    WorkerConfig read;
    try {
      read = YAML.readValue(Files.readString(file), WorkerConfig.class);
    } catch (PropertyBindingException e) { // unknown, or the ignored "source"
      String known =
          e.getKnownPropertyIds() == null
              ? ""
              : e.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .filter(k -> !k.equals("source"))
                  .collect(Collectors.toCollection(TreeSet::new))
                  .toString();
      throw new IllegalArgumentException(
          name
              + ": "
              + where(e, 1)
              + "unknown key '"
              + e.getPropertyName()
              + "'"
              + (known.isEmpty() ? "" : " (known: " + known.substring(1, known.length() - 1) + ")"),
          e);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(name + ": " + where(e, 0) + rootMessage(e), e);
    }
    if (read == null) {
      throw new IllegalArgumentException(name + ": the file is empty");
    }
    return new WorkerConfig(
        read.temporal(),
        read.metricsPort(),
        read.policyFile(),
        read.systems(),
        read.rateLimits(),
        read.operatorChannel(),
        read.codec(),
        read.evidence(),
        name);
  }

  /** {@code rateLimits.slack: } for the path of the failing value, less {@code drop} last parts. */
  private static String where(JsonMappingException e, int drop) {
    var path = e.getPath();
    String joined =
        path.subList(0, Math.max(0, path.size() - drop)).stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    return joined.isEmpty() ? "" : joined + ": ";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root instanceof JsonMappingException j ? j.getOriginalMessage() : root.getMessage();
    int nl = m == null ? -1 : m.indexOf('\n');
    return nl < 0 ? String.valueOf(m) : m.substring(0, nl);
  }
}
