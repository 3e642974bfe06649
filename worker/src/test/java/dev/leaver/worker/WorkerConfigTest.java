package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {
  private static final Secrets SECRETS =
      new Secrets(
          Map.of(
              "LEAVER_SLACK_ADMIN_TOKEN", "xoxp-from-env", "LEAVER_ENTRA_CLIENT_SECRET", "s3cret"));

  @TempDir Path dir;

  @Test
  void theExampleConfigReadsWithSecretsFromTheEnvironmentAndPerQueueRateLimits() throws Exception {
    WorkerConfig cfg = WorkerConfig.read(Path.of("../deploy/worker.example.yaml"));

    try (var connectors = TargetWiring.fromConfig(cfg, SECRETS)) {
      assertThat(cfg.temporal().target()).isEqualTo("127.0.0.1:7233");
      assertThat(cfg.evidence()).isEqualTo("/var/lib/leaver/evidence");
      assertThat(connectors.all()).extracting(s -> s.id()).containsExactly("entra", "slack");
      assertThat(TargetWiring.limits(cfg))
          .containsEntry("slack", new LeaverWorker.RateLimit(2, 1, 5))
          .containsEntry("entra", new LeaverWorker.RateLimit(50, 10, 100));
    }
  }

  @Test
  void withoutAnEvidenceKeyTheStoreIsTheEvidenceDirectory() throws Exception {
    assertThat(config("metricsPort: 0\n").evidence()).isEqualTo("evidence");
  }

  @Test
  void aMisspeltConnectorKeyIsAnErrorNamingTheFileTheSystemAndTheKeyButNoSecret() throws Exception {
    WorkerConfig cfg =
        config(
            """
        systems:
          entra:
            tenantId: t
            clientId: c
            clientSecrett: env:LEAVER_ENTRA_CLIENT_SECRET
        """);

    assertThatThrownBy(() -> TargetWiring.fromConfig(cfg, SECRETS))
        .hasMessage(
            "worker.yaml: systems.entra: unknown key 'clientSecrett'"
                + " (known: graphBaseUrl, tenantId, clientId, clientSecret, enabled)");
  }

  @Test
  void anUnknownSystemIsAnErrorListingTheInstalledOnes() throws Exception {
    WorkerConfig cfg = config("systems:\n  gitlab:\n    token: env:GL\n");

    assertThatThrownBy(() -> TargetWiring.fromConfig(cfg, SECRETS))
        .hasMessage(
            "worker.yaml: systems: unknown system 'gitlab'; known: "
                + "ad, aws, azure, entra, exchange, github, google, scim, slack");
  }

  @Test
  void aValueTheConfigRecordRefusesIsNamedWithoutQuotingIt() throws Exception {
    WorkerConfig cfg = config("systems:\n  slack:\n    adminToken: env:EMPTY\n");

    assertThatThrownBy(() -> TargetWiring.fromConfig(cfg, new Secrets(Map.of("EMPTY", " "))))
        .hasMessage("worker.yaml: systems.slack: adminToken is blank");
    assertThatThrownBy(() -> TargetWiring.fromConfig(cfg, new Secrets(Map.of())))
        .hasMessage("worker.yaml: systems.slack.adminToken: environment variable EMPTY is not set");
  }

  @Test
  void enabledFalseSwitchesASystemOffWithoutBindingItsSettings() throws Exception {
    WorkerConfig cfg =
        config(
            """
        systems:
          entra: {enabled: false, clientSecret: env:NOT_SET}
          slack: {adminToken: env:LEAVER_SLACK_ADMIN_TOKEN}
        """);

    try (var connectors = TargetWiring.fromConfig(cfg, SECRETS)) {
      assertThat(connectors.all()).extracting(s -> s.id()).containsExactly("slack");
    }
  }

  @Test
  void rateLimitsAreParsedStrictlyAndOnlyForKnownSystems() throws Exception {
    Files.writeString(dir.resolve("worker.yaml"), "rateLimits:\n  slack:\n    cleanupPerSec: 1\n");
    assertThatThrownBy(() -> WorkerConfig.read(dir.resolve("worker.yaml")))
        .hasMessage(
            "worker.yaml: rateLimits.slack: unknown key 'cleanupPerSec'"
                + " (known: cleanupPerSecond, killSwitchPerSecond, readsPerSecond)");

    WorkerConfig unknown = config("rateLimits:\n  slak: {cleanupPerSecond: 1}\n");
    assertThatThrownBy(() -> TargetWiring.limits(unknown))
        .hasMessage(
            "worker.yaml: rateLimits: unknown system 'slak'; known: "
                + "ad, aws, azure, entra, exchange, github, google, scim, slack");

    WorkerConfig half = config("rateLimits:\n  slack: {killSwitchPerSecond: 3}\n");
    assertThat(TargetWiring.limits(half).get("slack"))
        .isEqualTo(
            new LeaverWorker.RateLimit(
                3,
                LeaverWorker.RateLimit.DEFAULT.cleanupPerSecond(),
                LeaverWorker.RateLimit.DEFAULT.readsPerSecond()));

    WorkerConfig reads = config("rateLimits:\n  entra: {readsPerSecond: 120}\n");
    assertThat(TargetWiring.limits(reads).get("entra").readsPerSecond())
        .as("reads have their own rate")
        .isEqualTo(120);
    assertThatThrownBy(() -> config("rateLimits:\n  entra: {readsPerSecond: 0}\n"))
        .hasMessageContaining("readsPerSecond must be positive: 0");
  }

  @Test
  void theOldPlaceOfRateLimitsInsideASystemIsNowAnUnknownKey() throws Exception {
    WorkerConfig cfg =
        config(
            "systems:\n  slack:\n    adminToken: env:LEAVER_SLACK_ADMIN_TOKEN\n"
                + "    killSwitchPerSecond: 2\n");

    assertThatThrownBy(() -> TargetWiring.fromConfig(cfg, SECRETS))
        .hasMessageStartingWith("worker.yaml: systems.slack: unknown key 'killSwitchPerSecond'");
  }

  @Test
  void aSecretWrittenAsALiteralIsRefused() {
    assertThatThrownBy(() -> new Secrets(Map.of()).resolve("slack.adminToken", "xoxp-123"))
        .hasMessage(
            "slack.adminToken must be a reference (env:NAME or file:/path), not a literal secret");
  }

  @Test
  void aMissingEnvironmentVariableIsNamedAndAFileReferenceIsRead() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "xoxp-from-file\n");
    Secrets secrets = new Secrets(Map.of());

    assertThat(secrets.resolve("t", "file:" + file)).isEqualTo("xoxp-from-file");
    assertThatThrownBy(() -> secrets.resolve("temporal.apiKey", "env:TEMPORAL_API_KEY"))
        .hasMessage("temporal.apiKey: environment variable TEMPORAL_API_KEY is not set");
  }

  @Test
  void anUnknownKeyInTheConfigIsAnErrorNamingTheFileAndThePlace() throws Exception {
    Path file = dir.resolve("w.yaml");
    Files.writeString(file, "temporal:\n  adress: x:7233\n");
    assertThatThrownBy(() -> WorkerConfig.read(file))
        .hasMessageStartingWith("w.yaml: temporal: unknown key 'adress'");
    Files.writeString(file, "source: x\n");
    assertThatThrownBy(() -> WorkerConfig.read(file))
        .hasMessageStartingWith("w.yaml: unknown key 'source'");
  }

  private WorkerConfig config(String yaml) throws Exception {
    Path file = dir.resolve("worker.yaml");
    Files.writeString(file, yaml);
    return WorkerConfig.read(file);
  }
}
