package dev.leaver.activities.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.entra.EntraConfig;
import dev.leaver.activities.slack.SlackConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorProviderTest {

  @Test
  void theServiceLoaderFindsEveryConnectorEachBuildingATargetWithItsOwnIdFromItsSandboxConfig() {
    List<ConnectorProvider<?>> providers = ConnectorProvider.installed();

    assertThat(providers)
        .extracting(ConnectorProvider::id)
        .containsExactly(
            "ad", "aws", "azure", "entra", "exchange", "github", "google", "scim", "slack");
    assertThat(providers)
        .<Object>extracting(ConnectorProvider::configType)
        .containsExactly(
            dev.leaver.activities.ad.AdConfig.class,
            dev.leaver.activities.aws.AwsConfig.class,
            dev.leaver.activities.azure.AzureConfig.class,
            EntraConfig.class,
            dev.leaver.activities.exchange.ExchangeConfig.class,
            dev.leaver.activities.github.GithubConfig.class,
            dev.leaver.activities.google.GoogleConfig.class,
            dev.leaver.activities.scim.ScimConfig.class,
            SlackConfig.class);
    for (ConnectorProvider<?> p : providers) {
      try (TargetSystem system = sandboxed(p, "http://127.0.0.1:1")) {
        assertThat(system.id()).isEqualTo(p.id());
      }
    }
  }

  private static <C extends Record> TargetSystem sandboxed(ConnectorProvider<C> p, String url) {
    return p.create(p.sandbox(url));
  }
}
