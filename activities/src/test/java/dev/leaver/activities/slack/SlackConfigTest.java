package dev.leaver.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connector config: defaults, the sandbox preset, the masked token, binding from a map. */
class SlackConfigTest {

  @Test
  void defaultsToSlackItselfAndAddsTrailingSlashes() {
    SlackConfig c = SlackConfig.of("xoxp-1");
    assertThat(c.apiBaseUrl()).isEqualTo("https://slack.com/api/");
    assertThat(c.scimBaseUrl()).isEqualTo("https://api.slack.com/scim/v2/");
    assertThat(new SlackConfig("http://h/api", "http://h/scim/v2", "t").scimBaseUrl())
        .isEqualTo("http://h/scim/v2/");
  }

  @Test
  void sandboxPointsAtTheEmulatorPrefixes() {
    SlackConfig c = SlackConfig.sandbox("http://127.0.0.1:8089/");
    assertThat(c.apiBaseUrl()).isEqualTo("http://127.0.0.1:8089/slack/api/");
    assertThat(c.scimBaseUrl()).isEqualTo("http://127.0.0.1:8089/slack/scim/v2/");
    assertThat(c.adminToken()).isEqualTo(SlackConfig.SANDBOX_TOKEN);
  }

  @Test
  void refusesAMissingTokenAndNeverPrintsIt() {
    assertThatThrownBy(() -> new SlackConfig(null, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("adminToken == null");
    assertThatThrownBy(() -> SlackConfig.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(SlackConfig.of("xoxp-very-secret").toString())
        .doesNotContain("xoxp-very-secret")
        .contains("adminToken=***");
  }

  @Test
  void bindsFromAWorkerConfigSection() {
    SlackConfig c =
        new ObjectMapper().convertValue(Map.of("adminToken", "xoxp-from-env"), SlackConfig.class);
    assertThat(c.adminToken()).isEqualTo("xoxp-from-env");
    assertThat(c.apiBaseUrl()).isEqualTo(SlackConfig.DEFAULT_API_BASE_URL);
  }
}
