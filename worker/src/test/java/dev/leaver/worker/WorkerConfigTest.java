package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {

  @Test
  void theExampleConfigReadsWithSecretsFromTheEnvironmentAndPerQueueRateLimits() throws Exception {
    WorkerConfig cfg = WorkerConfig.read(Path.of("../deploy/worker.example.yaml"));
    Secrets secrets = new Secrets(Map.of("LEAVER_SLACK_ADMIN_TOKEN", "xoxp-from-env",
        "LEAVER_ENTRA_CLIENT_SECRET", "s3cret"));

    var connectors = TargetWiring.fromConfig(cfg, secrets);

    assertThat(cfg.temporal().target()).isEqualTo("127.0.0.1:7233");
    assertThat(connectors.system("slack")).isPresent();
    assertThat(TargetWiring.limits(cfg).get("slack"))
        .isEqualTo(new LeaverWorker.RateLimit(2, 1));
  }

  @Test
  void aSecretWrittenAsALiteralIsRefused() {
    assertThatThrownBy(() -> new Secrets(Map.of()).resolve("slack.adminToken", "xoxp-123"))
        .hasMessage("slack.adminToken must be a reference (env:NAME or file:/path), not a literal secret");
  }

  @Test
  void aMissingEnvironmentVariableIsNamedAndAFileReferenceIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "xoxp-from-file\n");
    Secrets secrets = new Secrets(Map.of());

    assertThat(secrets.resolve("t", "file:" + file)).isEqualTo("xoxp-from-file");
    assertThatThrownBy(() -> secrets.resolve("temporal.apiKey", "env:TEMPORAL_API_KEY"))
        .hasMessage("temporal.apiKey: environment variable TEMPORAL_API_KEY is not set");
  }

  @Test
  void anUnknownKeyInTheConfigIsAnError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("w.yaml");
    Files.writeString(file, "temporal:\n  adress: x:7233\n");
    assertThatThrownBy(() -> WorkerConfig.read(file)).hasMessageContaining("adress");
  }
}
