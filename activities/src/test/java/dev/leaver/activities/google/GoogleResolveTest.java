package dev.leaver.activities.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.google.GoogleEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the connector finds the leaver's Google account, and how it authenticates doing so. */
class GoogleResolveTest {

  @Test
  void theEmployeeIdFindsTheAccountBeforeTheAddressDoes() throws Exception {
    try (GoogleSandbox g = GoogleSandbox.demo()) {
      // The address is stale (renamed), the employee id still finds him.
      Resolution r = g.google.resolve(new Leaver("E1005", "l.okafor@contoso.example", null));

      assertThat(r.found()).isTrue();
      assertThat(r.accountId()).isEqualTo(g.emulator.userId(GoogleSandbox.LINUS));
      assertThat(r.matchedOn()).isEqualTo("employeeId");
    }
  }

  @Test
  void anAccountWithoutTheEmployeeIdIsFoundByItsPrimaryAddress() throws Exception {
    try (GoogleSandbox g = GoogleSandbox.demo()) {
      Resolution r = g.google.resolve(new Leaver("E7777", "leaver-admin@contoso.example", null));

      assertThat(r.found()).isTrue();
      assertThat(r.accountId()).isEqualTo(g.emulator.userId("leaver-admin@contoso.example"));
      assertThat(r.matchedOn()).isEqualTo("employeeId, then primaryEmail");
    }
  }

  @Test
  void anAddressWhoseAccountCarriesAnotherEmployeesIdIsNotTaken() throws Exception {
    try (GoogleSandbox g = GoogleSandbox.demo()) {
      Resolution r = g.google.resolve(new Leaver("E9999", GoogleSandbox.GRACE, null));

      assertThat(r.found()).isFalse();
      assertThat(r.detail())
          .contains("carries another employee id")
          .doesNotContain("E0042")
          .doesNotContain("@"); // details reach the operators' channel
    }
  }

  @Test
  void noAccountWithTheIdOrTheAddressIsNotFound() throws Exception {
    try (GoogleSandbox g = GoogleSandbox.demo()) {
      Resolution r = g.google.resolve(new Leaver("E4040", "nobody@contoso.example", null));

      assertThat(r.found()).isFalse();
      assertThat(r.matchedOn()).isEqualTo("employeeId, primaryEmail");
    }
  }

  @Test
  void twoAccountsCarryingTheEmployeeIdAreAmbiguousAndNeitherIsTouched() throws Exception {
    ObjectNode tenant = (ObjectNode) Sandbox.readTenant(Sandbox.DEMO_TENANT);
    ArrayNode users = (ArrayNode) tenant.path("google").path("users");
    users.add(
        Json.MAPPER.valueToTree(
            Map.of(
                "id",
                "100000000000000009005",
                "primaryEmail",
                "linus.okafor.contractor@contoso.example",
                "name",
                "Linus Okafor (contractor)",
                "externalIds",
                java.util.List.of(Map.of("value", "E1005", "type", "organization")))));
    try (GoogleSandbox g = GoogleSandbox.of(tenant)) {
      Resolution r = g.google.resolve(GoogleSandbox.LEAVER);

      assertThat(r.found()).isFalse();
      assertThat(r.candidates())
          .containsExactlyInAnyOrder(
              g.emulator.userId(GoogleSandbox.LINUS), "100000000000000009005");
      assertThat(g.writes()).isZero();
    }
  }

  @Test
  void theServiceAccountSendsAWellFormedJwtAsTheAdminWithOneScope() throws Exception {
    try (GoogleSandbox g = GoogleSandbox.demo()) {
      g.google.resolve(GoogleSandbox.LEAVER);

      assertThat(g.emulator.assertions())
          .singleElement()
          .satisfies(
              jwt -> {
                assertThat(jwt)
                    .containsEntry("alg", "RS256")
                    .containsEntry("iss", GoogleConfig.SANDBOX_SERVICE_ACCOUNT)
                    .containsEntry("sub", GoogleConfig.SANDBOX_ADMIN)
                    .containsEntry("scope", GoogleEmulator.USER_READONLY)
                    .containsEntry("signatureBytes", 256);
                assertThat((Long) jwt.get("lifetimeSeconds")).isBetween(1L, 3600L);
              });
    }
  }

  @Test
  void theConfigNeverPrintsThePrivateKey() {
    GoogleConfig config = GoogleConfig.sandbox("http://127.0.0.1:1");

    assertThat(config.toString()).doesNotContain("PRIVATE KEY").contains("privateKey=***");
  }
}
