package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.planning.Policies;
import dev.leaver.worker.intake.StarterConfig;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Compose installation's worker, starter and policy files read as the worker and the starter
 * read them (every key checked), connect both to the Compose Temporal, and share the codec key.
 */
class ComposeConfigsTest {
  private static final Path DIR = Path.of("..", "deploy", "compose", "leaver");
  private static final Map<String, String> ENV =
      Map.of(
          "LEAVER_CODEC_K1",
          Base64.getEncoder().encodeToString(new byte[32]),
          "LEAVER_ENTRA_CLIENT_SECRET",
          "s3cret",
          "LEAVER_SLACK_ADMIN_TOKEN",
          "xoxp-from-env");

  @Test
  void theWorkerConfigReadsAndWiresEveryConnectorItNames() throws Exception {
    WorkerConfig cfg = WorkerConfig.read(DIR.resolve("worker.yaml"));

    assertThat(cfg.temporal().target()).isEqualTo("temporal:7233");
    assertThat(cfg.metricsPort()).as("what Prometheus scrapes").isEqualTo(9464);
    assertThat(cfg.evidence())
        .startsWith("s3://leaver-evidence/")
        .contains("endpoint=http://evidence:9000");
    assertThat(cfg.policyFile()).isEqualTo("/etc/leaver/policy.yaml");
    try (var connectors = TargetWiring.fromConfig(cfg, new Secrets(ENV))) {
      assertThat(connectors.all())
          .extracting(s -> s.id())
          .containsExactlyInAnyOrder("entra", "slack");
    }
    assertThat(CodecKeys.load(cfg.codec(), ENV)).isPresent();
  }

  @Test
  void thePolicyStartsInNotificationOnlyModeAndTheStarterSharesTheWorkersTemporalAndKey()
      throws Exception {
    assertThat(Policies.read(DIR.resolve("policy.yaml")).notificationOnly()).isTrue();

    StarterConfig starter = StarterConfig.read(DIR.resolve("starter.yaml"));
    WorkerConfig worker = WorkerConfig.read(DIR.resolve("worker.yaml"));
    assertThat(starter.port()).isEqualTo(8080);
    assertThat(starter.temporal()).isEqualTo(worker.temporal());
    var sealed =
        CodecKeys.converter(CodecKeys.load(worker.codec(), ENV)).toPayload("E1001").orElseThrow();
    assertThat(
            CodecKeys.converter(CodecKeys.load(starter.codec(), ENV))
                .fromPayload(sealed, String.class, String.class))
        .isEqualTo("E1001");
  }
}
