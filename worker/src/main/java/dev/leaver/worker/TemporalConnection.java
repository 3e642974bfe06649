package dev.leaver.worker;

import com.uber.m3.tally.Scope;
import dev.leaver.workflows.api.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connects to Temporal: a local dev server, a self-hosted cluster, or Temporal Cloud. */
public final class TemporalConnection {
  private static final Logger log = LoggerFactory.getLogger(TemporalConnection.class);

  private TemporalConnection() {}

  /**
   * Stubs for exactly {@code t}, ignoring Temporal's environment configuration (tests, the
   * benchmark).
   */
  public static WorkflowServiceStubs stubs(WorkerConfig.Temporal t, Secrets secrets, Scope scope)
      throws IOException {
    return stubs(t, secrets, scope, null);
  }

  /** As above, giving up on an unreachable server after {@code giveUpAfter}. */
  public static WorkflowServiceStubs stubs(
      WorkerConfig.Temporal t, Secrets secrets, Scope scope, java.time.Duration giveUpAfter)
      throws IOException {
    return stubs(
        new TemporalSettings(
            t, io.temporal.envconfig.ClientConfigProfile.getDefaultInstance(), null, null),
        secrets,
        scope,
        giveUpAfter);
  }

  /**
   * @param settings where Temporal is: YAML, then Temporal's environment configuration, then flags
   * @param giveUpAfter how long a call retries an unreachable server before failing; null for the
   *     SDK's default (a minute). The starter answers webhooks, which must not hang that long.
   */
  public static WorkflowServiceStubs stubs(
      TemporalSettings settings, Secrets secrets, Scope scope, java.time.Duration giveUpAfter)
      throws IOException {
    return stubs(settings, secrets, scope, giveUpAfter, false);
  }

  /** As above; {@code worker} applies {@link #tuneForWorker}. */
  public static WorkflowServiceStubs stubs(
      TemporalSettings settings,
      Secrets secrets,
      Scope scope,
      java.time.Duration giveUpAfter,
      boolean worker)
      throws IOException {
    var b = settings.stubsOptions(secrets);
    // Every failure the server or a proxy gives is named (TransportFailures) for commands and logs.
    java.util.List<io.grpc.ClientInterceptor> interceptors = new java.util.ArrayList<>();
    interceptors.add(new TransportFailures(settings.presented()));
    if (worker) {
      tuneForWorker(b);
      interceptors.add(new WaitForReadyPolls());
    }
    b.setGrpcClientInterceptors(interceptors);
    if (giveUpAfter != null) {
      b.setRpcRetryOptions(
          io.temporal.serviceclient.RpcRetryOptions.newBuilder()
              .setExpiration(giveUpAfter)
              .build());
    }
    if (scope != null) {
      b.setMetricsScope(scope);
    }
    return WorkflowServiceStubs.newServiceStubs(b.build());
  }

  /**
   * How the worker gets back to work after Temporal was unreachable. The SDK 1.38's pollers back
   * off on each failed poll (100 ms doubling to a minute, not configurable: {@code PollerOptions}
   * is internal), and gRPC's reconnect backs off up to two minutes, so a worker whose server came
   * back stayed blind 14–25 s. Instead, a poll waits for the connection ({@code waitForReady}):
   * while the server is down it neither fails nor backs off nor logs, and it is sent the moment the
   * channel reconnects; the channel's reconnect back-off is reset every second while it is down.
   * Polls are long polls (70 s deadline), so waiting costs nothing.
   */
  public static void tuneForWorker(WorkflowServiceStubsOptions.Builder b) {
    b.setGrpcClientInterceptors(java.util.List.of(new WaitForReadyPolls()));
    b.setConnectionBackoffResetFrequency(java.time.Duration.ofSeconds(1));
  }

  /** Adds {@code waitForReady} to the task queue polls ({@code Poll*TaskQueue}) only. */
  static final class WaitForReadyPolls implements io.grpc.ClientInterceptor {
    @Override
    public <Q, A> io.grpc.ClientCall<Q, A> interceptCall(
        io.grpc.MethodDescriptor<Q, A> method, io.grpc.CallOptions options, io.grpc.Channel next) {
      String name = method.getBareMethodName();
      boolean poll = name != null && name.startsWith("Poll") && name.endsWith("TaskQueue");
      return next.newCall(method, poll ? options.withWaitForReady() : options);
    }
  }

  /** The YAML's transport security: TLS, an mTLS client certificate, an API key reference. */
  static void yamlTransport(
      WorkflowServiceStubsOptions.Builder b, WorkerConfig.Temporal t, Secrets secrets)
      throws IOException {
    String apiKey = secrets.resolve("temporal.apiKey", t.apiKey());
    boolean tls =
        t.tls() != null
            ? t.tls()
            : apiKey != null || t.clientCertFile() != null || t.serverCaCertFile() != null;
    if (t.clientCertFile() != null || (tls && t.serverCaCertFile() != null)) {
      // The files were checked when the settings were loaded (CredentialFiles).
      var ssl = io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient();
      if (t.serverCaCertFile() != null) {
        ssl.trustManager(new java.io.File(t.serverCaCertFile()));
      }
      if (t.clientCertFile() != null) {
        ssl.keyManager(new java.io.File(t.clientCertFile()), new java.io.File(t.clientKeyFile()));
      }
      b.setSslContext(ssl.build());
    } else if (tls) {
      b.setEnableHttps(true);
    }
    if (t.serverName() != null && !t.serverName().isBlank()) {
      b.setChannelInitializer(c -> c.overrideAuthority(t.serverName()));
    }
    if (apiKey != null) {
      b.addApiKey(() -> apiKey);
    }
  }

  /**
   * A client with Temporal's default data converter: payloads in clear text (tests, the benchmark).
   */
  public static WorkflowClient client(WorkflowServiceStubs stubs, String namespace) {
    return client(
        stubs, namespace, io.temporal.common.converter.DefaultDataConverter.newDefaultInstance());
  }

  /**
   * A client whose payloads pass through {@code converter}: the payload codec's ({@link
   * CodecKeys#converter}) for every command and the worker, so histories hold no personal data.
   */
  public static WorkflowClient client(
      WorkflowServiceStubs stubs,
      String namespace,
      io.temporal.common.converter.DataConverter converter) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setDataConverter(converter)
            .build());
  }

  /**
   * Registers Leaver's custom search attributes if they are missing: an unregistered one makes
   * every workflow task fail. Temporal Cloud does not allow this through the API key; there they
   * are created once in the Cloud UI or with tcld.
   */
  public static void ensureSearchAttributes(WorkflowServiceStubs stubs, String namespace) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> listed;
      try {
        listed =
            operator
                .blockingStub()
                .listSearchAttributes(
                    ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
                .getCustomAttributesMap();
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.UNIMPLEMENTED) {
          throw e;
        }
        listed = Map.of(); // the Java test server cannot list them, but can add them
      }
      Map<String, IndexedValueType> existing = listed;
      Map<String, IndexedValueType> missing = new HashMap<>();
      SearchAttributes.CLI_TYPES.forEach(
          (name, type) -> {
            if (!existing.containsKey(name)) {
              missing.put(name, indexed(type));
            }
          });
      if (!missing.isEmpty()) {
        operator
            .blockingStub()
            .addSearchAttributes(
                AddSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace)
                    .putAllSearchAttributes(missing)
                    .build());
        log.info("registered search attributes {}", missing.keySet());
      }
    } catch (RuntimeException e) {
      log.warn(
          "could not check or register search attributes {} ({}); register them by hand",
          SearchAttributes.CLI_TYPES.keySet(),
          e.getMessage());
    } finally {
      operator.shutdown();
    }
  }

  public static IndexedValueType indexed(String cliType) {
    return switch (cliType) {
      case "Keyword" -> IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
      case "Bool" -> IndexedValueType.INDEXED_VALUE_TYPE_BOOL;
      case "Datetime" -> IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
      default -> throw new IllegalArgumentException(cliType);
    };
  }
}
