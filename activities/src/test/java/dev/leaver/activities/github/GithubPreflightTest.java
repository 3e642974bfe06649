package dev.leaver.activities.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.github.GithubEmulator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code leaver check} for GitHub: which token may do what, found with reads only. */
class GithubPreflightTest {
  private Sandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void anOwnerTokenWithoutAdminOrgIsMissingAndSaysWhatToGrant() {
    sandbox.emulator(GithubEmulator.class).revokeScope("admin:org");

    PermissionCheck row =
        row(check(GithubConfig.sandbox(sandbox.baseUrl())), GithubTarget.ADMIN_ORG);

    assertThat(row.status()).isEqualTo(PermissionCheck.Status.MISSING);
    assertThat(row.detail()).contains("not admin:org");
    assertThat(row.howToGrant()).contains("admin:org");
  }

  @Test
  void withoutAnAppInstallationTokenTheTokenRevocationIsMissing() {
    GithubConfig c = GithubConfig.sandbox(sandbox.baseUrl());
    GithubConfig noApp = new GithubConfig(c.apiUrl(), c.organization(), c.token(), null, null);

    List<PermissionCheck> rows = check(noApp);

    assertThat(row(rows, GithubTarget.PAT_WRITE).status())
        .isEqualTo(PermissionCheck.Status.MISSING);
    assertThat(row(rows, GithubTarget.PAT_WRITE).howToGrant())
        .contains("Personal access tokens: write");
    assertThat(row(rows, GithubTarget.ADMIN_ORG).status())
        .isEqualTo(PermissionCheck.Status.GRANTED);
  }

  @Test
  void aRefusedTokenBlocksTheSystem() {
    GithubConfig bad =
        new GithubConfig(sandbox.baseUrl() + "/github", "contoso", "ghp_wrong", null, null);

    assertThat(check(bad))
        .extracting(PermissionCheck::status)
        .containsOnly(PermissionCheck.Status.BLOCKED);
  }

  private static List<PermissionCheck> check(GithubConfig config) {
    try (GithubTarget github = new GithubTarget(config)) {
      return github.check();
    }
  }

  private static PermissionCheck row(List<PermissionCheck> rows, String permission) {
    return rows.stream().filter(r -> r.permission().equals(permission)).findFirst().orElseThrow();
  }
}
