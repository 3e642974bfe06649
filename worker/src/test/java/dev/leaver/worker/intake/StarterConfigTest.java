package dev.leaver.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.worker.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarterConfigTest {

  @Test
  void theExampleConfigReadsWithEverySourceAndSecretsAsReferences() throws Exception {
    StarterConfig cfg = StarterConfig.read(Path.of("..", "deploy", "starter.example.yaml"));

    assertThat(cfg.port()).isEqualTo(8080);
    assertThat(cfg.brake().threshold()).isEqualTo(25);
    assertThat(cfg.brake().window()).isEqualTo(Duration.ofHours(1));
    assertThat(cfg.bamboohr().webhookKey()).isEqualTo("env:LEAVER_BAMBOOHR_WEBHOOK_KEY");
    assertThat(cfg.bamboohr().baseUrl()).isEqualTo("https://api.bamboohr.com");
    assertThat(cfg.gusto().baseUrl()).isEqualTo("https://api.gusto.com");
    assertThat(cfg.hibob().timeZone()).isEqualTo("Europe/London");
    assertThat(cfg.standard().secret()).startsWith("env:");
    assertThat(
            new Secrets(Map.of("LEAVER_GUSTO_ACCESS_TOKEN", "t0k"))
                .resolve("gusto.accessToken", cfg.gusto().accessToken()))
        .isEqualTo("t0k");
  }

  @Test
  void anUnknownKeyIsRefusedRatherThanIgnored(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("starter.yaml");
    Files.writeString(file, "bamboohr:\n  webhookkey: env:X\n");

    assertThatThrownBy(() -> StarterConfig.read(file)).hasMessageContaining("webhookkey");
  }

  @Test
  void aLiteralSecretIsRefused() {
    assertThatThrownBy(() -> new Secrets(Map.of()).resolve("bamboohr.webhookKey", "s3cr3t"))
        .hasMessageContaining("must be a reference");
  }

  @Test
  void gustosVerificationTokenIsWrittenToAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gusto-token");

    new TokenFile(file).accept("6590f590-3dba-495e-9bea-c361e1e2efc0");

    assertThat(Files.readString(file)).isEqualTo("6590f590-3dba-495e-9bea-c361e1e2efc0\n");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aSecondVerificationTokenNeverOverwritesTheFirst(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gusto-token");
    TokenFile tokens = new TokenFile(file);

    tokens.accept("first-token-from-gusto");
    tokens.accept("planted-by-someone-else");

    assertThat(Files.readString(file)).isEqualTo("first-token-from-gusto\n");
  }
}
