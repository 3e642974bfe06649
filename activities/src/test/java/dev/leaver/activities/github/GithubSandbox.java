package dev.leaver.activities.github;

import dev.leaver.workflows.contract.Leaver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The people of the sandbox's GitHub organisation {@code contoso}, for the GitHub tests. */
final class GithubSandbox {
  static final String ORG = "/github/orgs/contoso";
  static final String LINUS = "linus-okafor";
  static final String GRACE = "ghopper";
  static final String MARGARET = "mhamilton-dev";

  /**
   * The developer leaver: member, two teams, an e-mail invitation, two SSO credentials, two tokens.
   */
  static final Leaver LINUS_LEAVER =
      new Leaver("E1005", "linus.okafor@contoso.example", "grace.hopper@contoso.example");

  /**
   * A contractor: an outside collaborator on three repositories (one still an invitation), invited
   * to become a member (not accepted), unknown to SAML.
   */
  static final Leaver MARGARET_LEAVER =
      new Leaver("E2001", "margaret.hamilton@contractor.example", "grace.hopper@contoso.example");

  private GithubSandbox() {}

  /** A CSV mapping file naming Margaret by employee id (SAML does not know contractors). */
  static Path mappingFile() {
    try {
      Path file = Files.createTempFile("github-logins", ".csv");
      Files.writeString(
          file,
          """
          employeeId,email,login
          E2001,margaret.hamilton@contractor.example,mhamilton-dev
          E0042,grace.hopper@contoso.example,ghopper
          """);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
