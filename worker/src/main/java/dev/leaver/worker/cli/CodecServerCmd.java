package dev.leaver.worker.cli;

import dev.leaver.worker.CodecKeys;
import dev.leaver.worker.Secrets;
import dev.leaver.worker.WorkerConfig;
import dev.leaver.worker.codec.CodecServer;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leaver codec-server}: decodes payloads for the Temporal Web UI with the workers' keys. */
@Command(
    name = "codec-server",
    description =
        "Serve Temporal's codec protocol (POST /decode, /encode) so the Web UI shows decrypted payloads.")
final class CodecServerCmd implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8081",
      description = "port, 0 = any free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "address to listen on (default ${DEFAULT-VALUE}; put TLS in front for anything else)")
  String host;

  @Option(
      names = "--origin",
      paramLabel = "URL",
      description =
          "a Web UI origin allowed to call it, e.g. https://temporal.example.com (repeatable;"
              + " default http://localhost:8233 and http://127.0.0.1:8233, the dev server's UI)")
  List<String> origins;

  @Option(
      names = "--config",
      description =
          "worker or starter YAML whose codec section holds the keys;"
              + " default: "
              + CodecKeys.ENV)
  Path config;

  @Option(
      names = "--token",
      paramLabel = "REF",
      description =
          "require Authorization: Bearer <token> on every request; a reference, env:NAME or file:/path")
  String token;

  @Override
  public Integer call() throws Exception {
    var codec = CodecKeys.load(config == null ? null : codecSection(config), System.getenv());
    if (codec.isEmpty()) {
      System.err.println(
          "no payload keys: give --config with a codec section, or set " + CodecKeys.ENV);
      return 2;
    }
    String bearer = new Secrets(System.getenv()).resolve("--token", token);
    var allowed =
        new LinkedHashSet<>(
            origins == null ? List.of("http://localhost:8233", "http://127.0.0.1:8233") : origins);
    CodecServer server = CodecServer.start(codec.get(), host, port, allowed, bearer);
    System.out.println(
        "codec server on "
            + server.uri()
            + " for "
            + allowed
            + (bearer != null ? ", bearer token required" : "")
            + "; keys: current "
            + codec.get().currentKeyId());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  /** The codec section of a worker YAML, or of a starter YAML. */
  private static WorkerConfig.Codec codecSection(Path file) throws Exception {
    try {
      return WorkerConfig.read(file).codec();
    } catch (IllegalArgumentException notAWorkerConfig) {
      return dev.leaver.worker.intake.StarterConfig.read(file).codec();
    }
  }
}
