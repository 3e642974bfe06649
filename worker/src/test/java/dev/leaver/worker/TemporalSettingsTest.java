package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where every command finds Temporal: flags over Temporal's environment configuration over the
 * YAML.
 */
class TemporalSettingsTest {
  @TempDir Path dir;

  private static final WorkerConfig.Temporal YAML =
      new WorkerConfig.Temporal("yaml-host:7233", "yaml-ns", null, null, null, null);

  private Map<String, String> env(String toml) throws Exception {
    Map<String, String> env = new HashMap<>();
    Path file = dir.resolve("temporal.toml");
    if (toml != null) {
      Files.writeString(file, toml);
    }
    env.put("TEMPORAL_CONFIG_FILE", file.toString()); // never the machine's own ~/.config file
    return env;
  }

  @Test
  void withoutEnvironmentTheYamlHolds() throws Exception {
    var s = TemporalSettings.load(YAML, env(""), null, null);
    assertThat(s.address()).isEqualTo("yaml-host:7233");
    assertThat(s.namespace()).isEqualTo("yaml-ns");
    assertThat(TemporalSettings.load(null, env(""), null, null).address())
        .isEqualTo("127.0.0.1:7233");
  }

  @Test
  void temporalTomlProfileWinsOverYamlAndEnvironmentVariablesOverTheProfile() throws Exception {
    Map<String, String> env =
        env(
            """
        [profile.default]
        address = "toml-host:7233"
        namespace = "toml-ns"

        [profile.cloud]
        address = "acme.a1b2c.tmprl.cloud:7233"
        namespace = "acme.a1b2c"
        api_key = "not-a-real-key"
        """);
    var fromToml = TemporalSettings.load(YAML, env, null, null);
    assertThat(fromToml.address()).isEqualTo("toml-host:7233");
    assertThat(fromToml.namespace()).isEqualTo("toml-ns");
    assertThat(fromToml.envDecidesTransport()).isFalse();

    env.put("TEMPORAL_ADDRESS", "env-host:7233");
    env.put("TEMPORAL_NAMESPACE", "env-ns");
    var fromEnv = TemporalSettings.load(YAML, env, null, null);
    assertThat(fromEnv.address()).isEqualTo("env-host:7233");
    assertThat(fromEnv.namespace()).isEqualTo("env-ns");
    assertThat(fromEnv.addressSource()).isEqualTo("Temporal environment configuration");

    var fromFlags = TemporalSettings.load(YAML, env, "flag-host:7233", "flag-ns");
    assertThat(fromFlags.address()).isEqualTo("flag-host:7233");
    assertThat(fromFlags.namespace()).isEqualTo("flag-ns");
    assertThat(fromFlags.addressSource()).isEqualTo("--address");

    env.remove("TEMPORAL_ADDRESS");
    env.remove("TEMPORAL_NAMESPACE");
    env.put("TEMPORAL_PROFILE", "cloud");
    var cloud = TemporalSettings.load(YAML, env, null, null);
    assertThat(cloud.address()).isEqualTo("acme.a1b2c.tmprl.cloud:7233");
    assertThat(cloud.namespace()).isEqualTo("acme.a1b2c");
    // An API key from the environment brings TLS with it, whatever the YAML says.
    assertThat(cloud.envDecidesTransport()).isTrue();
    assertThat(cloud.stubsOptions(new Secrets(Map.of())).build().getEnableHttps()).isTrue();
  }

  @Test
  void apiKeyFromTheEnvironmentVariableTurnsOnTls() throws Exception {
    Map<String, String> env = env("");
    env.put("TEMPORAL_API_KEY", "not-a-real-key");
    env.put("TEMPORAL_ADDRESS", "acme.a1b2c.tmprl.cloud:7233");
    var s = TemporalSettings.load(YAML, env, null, null);
    var options = s.stubsOptions(new Secrets(Map.of())).build();
    assertThat(options.getTarget()).isEqualTo("acme.a1b2c.tmprl.cloud:7233");
    assertThat(options.getEnableHttps()).isTrue();
    assertThat(options.getGrpcMetadataProviders()).isNotEmpty();
  }

  @Test
  void aBrokenTomlIsNamed() throws Exception {
    Map<String, String> env = env("[profile.default\naddress = ");
    assertThatThrownBy(() -> TemporalSettings.load(YAML, env, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temporal.toml");
  }
}
