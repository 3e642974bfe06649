package dev.leaver.activities.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GithubConfigTest {

  @Test
  void toStringNeverShowsATokenButSaysWhetherTheAppTokenIsSet() {
    GithubConfig c =
        new GithubConfig(null, "contoso", "ghp_secret1", "ghs_secret2", "/etc/logins.csv");

    assertThat(c.toString())
        .doesNotContain("secret")
        .contains("token=***")
        .contains("appInstallationToken=***")
        .contains("/etc/logins.csv");
    assertThat(new GithubConfig(null, "contoso", "ghp_x", null, null).toString())
        .contains("appInstallationToken=none");
  }

  @Test
  void theApiUrlDefaultsToGithubComAndGraphqlFollowsIt() {
    assertThat(new GithubConfig(null, "contoso", "t", null, null).graphqlUrl())
        .isEqualTo("https://api.github.com/graphql");
    assertThat(
            new GithubConfig("https://ghe.contoso.example/api/v3/", "contoso", "t", null, null)
                .graphqlUrl())
        .isEqualTo("https://ghe.contoso.example/api/graphql");
  }

  @Test
  void anOrganisationAndATokenAreRequired() {
    assertThatThrownBy(() -> new GithubConfig(null, " ", "t", null, null))
        .hasMessage("organization is blank");
    assertThatThrownBy(() -> new GithubConfig(null, "contoso", null, null, null))
        .hasMessage("token == null");
  }
}
