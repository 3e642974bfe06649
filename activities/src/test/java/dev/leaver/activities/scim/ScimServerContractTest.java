package dev.leaver.activities.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.pypi.PyPiServer;
import dev.leaver.sandbox.scim.ScimEmulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same contract against the real third-party SCIM server, scim2-server 0.8.3 from PyPI, behind
 * the sandbox's port: each app is a fresh tenant of it, seeded through its own API, and the
 * contract's faults (throttling, outages, refusals, lost answers) are injected by the sandbox in
 * front of it. Installing the server is part of the test: if it cannot be installed or started, the
 * test fails; it is never skipped.
 */
class ScimServerContractTest extends ScimContractTest {

  /** Installs (once) and starts the real server up front, so a failure names why, with its log. */
  @BeforeAll
  static void theRealServerRuns() {
    assertThat(PyPiServer.shared(PyPiServer.SCIM2_SERVER).url().getHost()).isEqualTo("127.0.0.1");
  }

  @Override
  protected String suffix() {
    return "-live";
  }

  @Test
  void theAppsAreTenantsOfTheRealServerWhichChoseTheirOwnIds() {
    ScimEmulator scim = sandbox.emulator(ScimEmulator.class);

    String seeded =
        scim.user("acme-crm", "linus.okafor@contoso.example").orElseThrow().path("id").asText();
    String live =
        scim.user("acme-crm-live", "linus.okafor@contoso.example")
            .orElseThrow()
            .path("id")
            .asText();

    assertThat(live)
        .as("scim2-server's own 32-hex id")
        .matches("[0-9a-f]{32}")
        .isNotEqualTo(seeded);
  }
}
