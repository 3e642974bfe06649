package dev.leaver.worker.cli;

import dev.leaver.worker.DevSandbox;
import dev.leaver.worker.Secrets;
import dev.leaver.worker.TemporalConnection;
import dev.leaver.worker.TemporalSettings;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.worker.intake.HrisStarter;
import dev.leaver.worker.intake.StarterConfig;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leaver starter}: the HRIS webhook endpoints in front of Temporal. */
@Command(
    name = "starter",
    description = "Receive signed HRIS webhooks and start, reschedule or rescind offboardings.")
final class StarterCmd implements Callable<Integer> {
  /** Webhooks must answer before the HRIS gives up: a down Temporal is a 503 within seconds. */
  static final Duration GIVE_UP_AFTER = Duration.ofSeconds(5);

  @Option(names = "--config", description = "starter YAML (see deploy/starter.example.yaml)")
  Path config;

  @Option(
      names = "--sandbox",
      description =
          "read employees from the sandbox's HRIS emulators, with the sandbox's webhook secrets")
  boolean sandbox;

  @Option(names = "--sandbox-port", defaultValue = "0")
  int sandboxPort;

  @Option(names = "--port", description = "override the listening port")
  Integer port;

  @picocli.CommandLine.Mixin LeaverCli.TemporalFlags temporalFlags;

  @Override
  public Integer call() throws Exception {
    if ((config == null) == !sandbox) {
      System.err.println("give --config FILE or --sandbox");
      return 2;
    }
    java.util.Optional<DevSandbox> devSandbox =
        sandbox ? DevSandbox.installed() : java.util.Optional.empty();
    if (sandbox && devSandbox.isEmpty()) {
      System.err.println(DevSandbox.MISSING);
      return 2;
    }
    Secrets secrets = new Secrets(System.getenv());
    StarterConfig read = sandbox ? null : StarterConfig.read(config);
    TemporalSettings temporal = temporalFlags.settings(read == null ? null : read.temporal());
    // The resolved address and namespace (flags > Temporal's environment configuration > YAML).
    WorkerConfig.Temporal resolved =
        read == null
            ? new WorkerConfig.Temporal(
                temporal.address(), temporal.namespace(), null, null, null, null)
            : new WorkerConfig.Temporal(
                temporal.address(),
                temporal.namespace(),
                read.temporal().apiKey(),
                read.temporal().tls(),
                read.temporal().clientCertFile(),
                read.temporal().clientKeyFile());
    DevSandbox.Tenant sb = sandbox ? devSandbox.get().startDemo(sandboxPort) : null;
    StarterConfig cfg =
        sb != null
            ? devSandbox
                .get()
                .starterConfig(sb.baseUrl(), resolved, "127.0.0.1", port == null ? 8080 : port)
            : new StarterConfig(
                resolved,
                read.host(),
                read.port(),
                read.maxBodyBytes(),
                read.brake(),
                read.bamboohr(),
                read.gusto(),
                read.hibob(),
                read.standard(),
                read.workday());
    if (port != null && sb == null) {
      cfg =
          new StarterConfig(
              cfg.temporal(),
              cfg.host(),
              port,
              cfg.maxBodyBytes(),
              cfg.brake(),
              cfg.bamboohr(),
              cfg.gusto(),
              cfg.hibob(),
              cfg.standard(),
              cfg.workday());
    }
    java.util.Optional<dev.leaver.workflows.codec.AesGcmCodec> codec;
    try {
      codec = dev.leaver.worker.CodecKeys.load(read == null ? null : read.codec(), System.getenv());
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      return 2;
    }
    WorkflowServiceStubs stubs = TemporalConnection.stubs(temporal, secrets, null, GIVE_UP_AFTER);
    WorkflowServiceStubs pollStubs = TemporalConnection.stubs(temporal, secrets, null, null);
    HrisStarter starter =
        HrisStarter.start(
            cfg,
            stubs,
            pollStubs,
            sb != null ? (field, value) -> value : secrets::resolve,
            Clock.systemUTC(),
            dev.leaver.worker.CodecKeys.converter(codec));
    System.out.println(
        "starter listening on "
            + starter.uri()
            + " for "
            + starter.sources()
            + (sb != null ? " (HRIS sandbox " + sb.baseUrl() + ")" : "")
            + ", Temporal "
            + cfg.temporal().target()
            + ", brake: more than "
            + cfg.brake().threshold()
            + " in "
            + cfg.brake().window()
            + " start held"
            + (cfg.workday() != null ? ", Workday polled every " + cfg.workday().every() : "")
            + ", "
            + dev.leaver.worker.CodecKeys.describe(codec));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    starter.close();
                  } catch (Exception e) {
                    System.err.println("stopping the webhook server: " + e.getMessage());
                  }
                  stubs.shutdown();
                  pollStubs.shutdown();
                  if (sb != null) {
                    sb.close();
                  }
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
