package dev.leaver.activities.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.github.GithubEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a person becomes a GitHub login: SAML where the organisation has SSO, else a mapping file.
 */
class GithubResolveTest {
  private Sandbox sandbox;
  private GithubTarget github;

  @TempDir Path dir;

  @AfterEach
  void close() {
    if (github != null) {
      github.close();
    }
    sandbox.close();
  }

  private GithubTarget connect(String mappingFile) {
    GithubConfig config = GithubConfig.sandbox(sandbox.baseUrl());
    github = new GithubTarget(mappingFile == null ? config : config.withMappingFile(mappingFile));
    return github;
  }

  @Test
  void theDeveloperIsFoundThroughTheOrganisationsSamlIdentityForHisUpn() throws Exception {
    sandbox = Sandbox.startDemo(0);

    Resolution r = connect(null).resolve(GithubSandbox.LINUS_LEAVER);

    assertThat(r.found()).isTrue();
    assertThat(r.accountId()).isEqualTo(GithubSandbox.LINUS);
    assertThat(r.matchedOn()).isEqualTo("SAML NameID");
  }

  @Test
  void twoLoginsLinkedToTheSameSamlNameIdAreAmbiguousAndNothingIsWritten() throws Exception {
    sandbox = Sandbox.startDemo(0);
    sandbox
        .emulator(GithubEmulator.class)
        .addSamlIdentity("linus.okafor@contoso.example", "octo-newhire");

    Resolution r = connect(null).resolve(GithubSandbox.LINUS_LEAVER);

    assertThat(r.found()).isFalse();
    assertThat(r.ambiguous()).isTrue();
    assertThat(r.candidates()).containsExactlyInAnyOrder(GithubSandbox.LINUS, "octo-newhire");
    assertThat(sandbox.server().requests())
        .noneMatch(q -> !q.method().equals("GET") && !q.path().endsWith("/graphql"));
    assertThat(sandbox.emulator(GithubEmulator.class).membership(GithubSandbox.LINUS))
        .contains("member/active");
  }

  @Test
  void withoutSamlSsoTheMappingFileFindsTheLoginByEmployeeIdAndTheSsoStepHasNothingToDo()
      throws Exception {
    sandbox = Sandbox.start(0, withoutSaml());
    Path csv = dir.resolve("logins.csv");
    Files.writeString(
        csv, "login,employeeId,email\nlinus-okafor,E1005,linus.okafor@contoso.example\n");

    Resolution r = connect(csv.toString()).resolve(GithubSandbox.LINUS_LEAVER);

    assertThat(r.accountId()).isEqualTo(GithubSandbox.LINUS);
    assertThat(r.matchedOn()).isEqualTo("mapping file employeeId");
    assertThat(r.detail()).contains("contoso has no SAML SSO");
    TargetAction sso = action(RevokeSsoAuthorizations.NAME);
    Target target = new Target(GithubSandbox.LINUS_LEAVER, r.accountId(), "req");
    Receipt receipt =
        new Attempt("github", sso, target, Clock.systemUTC(), 1, Progress.inMemory())
            .apply(sso.snapshot(target));
    assertThat(receipt.changed()).isFalse();
    assertThat(receipt.notes()).anyMatch(n -> n.contains("no SAML SSO"));
  }

  @Test
  void aYamlMappingFileFallsBackToTheEmailWhenNoRowHasTheEmployeeId() throws Exception {
    sandbox = Sandbox.start(0, withoutSaml());
    Path yaml = dir.resolve("logins.yaml");
    Files.writeString(
        yaml, "people:\n  - {email: Linus.Okafor@contoso.example, login: linus-okafor}\n");

    Resolution r = connect(yaml.toString()).resolve(GithubSandbox.LINUS_LEAVER);

    assertThat(r.accountId()).isEqualTo(GithubSandbox.LINUS);
    assertThat(r.matchedOn()).isEqualTo("mapping file employeeId, then mapping file email");
  }

  @Test
  void aMappingFileWithTwoLoginsForOnePersonIsAmbiguous() throws Exception {
    sandbox = Sandbox.start(0, withoutSaml());
    Path csv = dir.resolve("logins.csv");
    Files.writeString(csv, "employeeId,email,login\nE1005,,linus-okafor\nE1005,,octo-newhire\n");

    Resolution r = connect(csv.toString()).resolve(GithubSandbox.LINUS_LEAVER);

    assertThat(r.ambiguous()).isTrue();
    assertThat(r.candidates()).containsExactly(GithubSandbox.LINUS, "octo-newhire");
  }

  @Test
  void aMappedLoginThatGithubDoesNotKnowIsNotFoundRatherThanGuessed() throws Exception {
    sandbox = Sandbox.start(0, withoutSaml());
    Path csv = dir.resolve("logins.csv");
    Files.writeString(csv, "employeeId,login\nE1005,linus-okafr\n");

    Resolution r = connect(csv.toString()).resolve(GithubSandbox.LINUS_LEAVER);

    assertThat(r.found()).isFalse();
    assertThat(r.detail()).contains("GitHub has no account linus-okafr");
  }

  @Test
  void aMappedValueThatIsNoGithubLoginIsNotFoundAndNeverPutInAUrl() throws Exception {
    sandbox = Sandbox.start(0, withoutSaml());
    Path csv = dir.resolve("logins.csv");
    Files.writeString(csv, "employeeId,login\nE1005,../orgs/contoso\n");

    Resolution r = connect(csv.toString()).resolve(GithubSandbox.LINUS_LEAVER);

    assertThat(r.found()).isFalse();
    assertThat(r.detail()).contains("is not a GitHub login");
    assertThat(sandbox.server().requests()).noneMatch(q -> q.path().contains("/users/"));
  }

  @Test
  void someoneInNeitherSamlNorAMappingFileIsNotFound() throws Exception {
    sandbox = Sandbox.startDemo(0);

    Resolution r = connect(null).resolve(new Leaver("E1001", "ada.lovelace@contoso.example", null));

    assertThat(r.found()).isFalse();
    assertThat(r.ambiguous()).isFalse();
    assertThat(r.detail()).contains("no SAML identity").contains("no mapping file");
  }

  private TargetAction action(String name) {
    return github.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private static JsonNode withoutSaml() throws Exception {
    JsonNode tenant = Sandbox.readTenant(Sandbox.DEMO_TENANT);
    ((ObjectNode) tenant.path("github").path("organization")).put("saml", false);
    return tenant;
  }
}
