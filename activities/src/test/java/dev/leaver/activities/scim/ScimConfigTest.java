package dev.leaver.activities.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config: a list of apps bound strictly as the worker binds it, tokens only as references. */
class ScimConfigTest {
  private static final ObjectMapper WORKER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  @Test
  void bindsTwoAppsWithTheirModesKeyOrderAndBudgetsFromAWorkerSection() {
    ScimConfig c =
        WORKER.convertValue(
            Map.of(
                "apps",
                List.of(
                    Map.of(
                        "name",
                        "acme-crm",
                        "baseUrl",
                        "https://crm.example.com/scim/v2/",
                        "bearerToken",
                        "env:LEAVER_SCIM_ACME_CRM_TOKEN",
                        "deprovision",
                        "patch-inactive",
                        "requestsPerMinute",
                        300),
                    Map.of(
                        "name",
                        "docs-wiki",
                        "baseUrl",
                        "https://wiki.example.com/scim/v2",
                        "bearerToken",
                        "file:/run/secrets/wiki",
                        "deprovision",
                        "delete",
                        "matchOn",
                        List.of("externalId", "userName")))),
            ScimConfig.class);

    assertThat(c.apps()).extracting(ScimConfig.App::name).containsExactly("acme-crm", "docs-wiki");
    assertThat(c.apps().get(0).baseUrl()).isEqualTo("https://crm.example.com/scim/v2");
    assertThat(c.apps().get(0).matchOn()).containsExactly("userName", "externalId");
    assertThat(c.apps().get(0).requestsPerMinute()).isEqualTo(300);
    assertThat(c.apps().get(1).deletes()).isTrue();
    assertThat(c.apps().get(1).matchOn()).containsExactly("externalId", "userName");
  }

  @Test
  void aMisspeltKeyInAnAppIsAnError() {
    assertThatThrownBy(
            () ->
                WORKER.convertValue(
                    Map.of(
                        "apps",
                        List.of(
                            Map.of(
                                "name",
                                "a",
                                "baseUrl",
                                "https://a.example.com/scim/v2",
                                "bearerToken",
                                "env:T",
                                "deprovison",
                                "delete"))),
                    ScimConfig.class))
        .hasMessageContaining("deprovison");
  }

  @Test
  void aRefusalInsideAnAppReachesTheWorkerAsTheAppsOwnMessageWithoutTheValue() {
    // The worker reports a ValueInstantiationException's cause (TargetWiring.refusal).
    assertThatThrownBy(
            () ->
                WORKER.convertValue(
                    Map.of(
                        "apps",
                        List.of(
                            Map.of(
                                "name",
                                "acme-crm",
                                "baseUrl",
                                "https://crm.example.com/scim/v2",
                                "bearerToken",
                                "s3cr3t-token"))),
                    ScimConfig.class))
        .cause()
        .isInstanceOf(com.fasterxml.jackson.databind.exc.ValueInstantiationException.class)
        .cause()
        .hasMessageContaining("apps.acme-crm.bearerToken must be a reference")
        .hasMessageNotContaining("s3cr3t-token");
  }

  @Test
  void aLiteralTokenIsRefusedForARealAppAndNeverPrinted() {
    assertThatThrownBy(
            () ->
                new ScimConfig.App(
                    "acme-crm",
                    "https://crm.example.com/scim/v2",
                    "s3cr3t-token",
                    null,
                    null,
                    null))
        .hasMessage(
            "apps.acme-crm.bearerToken must be a reference (env:NAME or file:/path), not a"
                + " literal secret");
    ScimConfig sandbox = ScimConfig.sandbox("http://127.0.0.1:8089");
    assertThat(sandbox.toString())
        .doesNotContain(ScimConfig.SANDBOX_TOKEN)
        .contains("bearerToken=***");
    assertThat(
            new ScimConfig.App(
                    "a", "https://a.example.com/scim/v2", "env:A_TOKEN", null, null, null)
                .toString())
        .contains("bearerToken=env:A_TOKEN");
  }

  @Test
  void tokensAreReadFromTheEnvironmentOrAFileAndAMissingVariableIsNamed(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "from-file\n");
    ScimConfig.App env =
        new ScimConfig.App("a", "https://a.example.com/scim/v2", "env:A_TOKEN", null, null, null);
    ScimConfig.App fromFile =
        new ScimConfig.App("b", "https://b.example.com/scim/v2", "file:" + file, null, null, null);

    assertThat(env.token(Map.of("A_TOKEN", "from-env"))).isEqualTo("from-env");
    assertThat(fromFile.token(Map.of())).isEqualTo("from-file");
    assertThatThrownBy(() -> env.token(Map.of()))
        .hasMessage("systems.scim.apps.a.bearerToken: environment variable A_TOKEN is not set");
  }

  @Test
  void refusesPlainHttpAnUnknownModeOrKeyADuplicateNameAndNoApps() {
    assertThatThrownBy(
            () ->
                new ScimConfig.App("a", "http://a.example.com/scim/v2", "env:T", null, null, null))
        .hasMessageContaining("must be https");
    assertThatThrownBy(
            () -> new ScimConfig.App("a", "https://a.example.com", "env:T", "suspend", null, null))
        .hasMessageContaining("patch-inactive or delete");
    assertThatThrownBy(
            () ->
                new ScimConfig.App(
                    "a", "https://a.example.com", "env:T", null, List.of("email"), null))
        .hasMessageContaining("not email");
    ScimConfig.App a = new ScimConfig.App("a", "https://a.example.com", "env:T", null, null, null);
    assertThatThrownBy(() -> new ScimConfig(List.of(a, a))).hasMessage("two SCIM apps named 'a'");
    assertThatThrownBy(() -> new ScimConfig(List.of())).hasMessageContaining("at least one");
  }

  @Test
  void theSandboxConfigNamesTheFourEmulatedAppsAtTheirPrefixes() {
    ScimConfig c = new ScimProvider().sandbox("http://127.0.0.1:8089/");

    assertThat(c.apps())
        .extracting(ScimConfig.App::baseUrl)
        .containsExactly(
            "http://127.0.0.1:8089/scim/acme-crm/v2", "http://127.0.0.1:8089/scim/ticket-desk/v2",
            "http://127.0.0.1:8089/scim/status-page/v2", "http://127.0.0.1:8089/scim/docs-wiki/v2");
    assertThat(new ScimTarget(c, Map.of()).actions())
        .extracting(a -> a.name())
        .containsExactly(DeactivateUsers.NAME, DeleteUsers.NAME, RemoveGroupMemberships.NAME);
  }
}
