package dev.leaver.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.target.Connectors;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.worker.TargetWiring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code leaver check} against the in-process sandbox, through the real SDKs over HTTP. */
class CheckCmdTest {
  private Sandbox sandbox;
  private Connectors connectors;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    connectors = TargetWiring.sandbox(sandbox.baseUrl());
  }

  @AfterEach
  void stop() {
    connectors.close();
    sandbox.close();
  }

  @Test
  void onTheDemoTenantEveryPermissionIsOkButAdsResetPasswordWhichLdapCannotShowSoTheExitCodeIsOne() {
    int exit = CheckCmd.report(connectors, new PrintStream(printed, true, StandardCharsets.UTF_8));

    // AD's "reset password" is a control access right that LDAP does not list: always unknown.
    assertThat(exit).isEqualTo(1);
    assertThat(rows()).hasSize(16).allMatch(r -> r.matches("(entra|slack) +\\S+ +ok .*"));
    assertThat(output()).containsPattern("\nad +reset password +unknown ")
        .endsWith("1 of 22 permissions not granted: ad reset password\n");
  }

  @Test
  void aPermissionRevokedInTheTenantIsTheOnlyMissingRowWithWhatToGrantAndTheExitCodeIsOne() {
    sandbox.graph().revokePermission("User.RevokeSessions.All");

    int exit = CheckCmd.report(connectors, new PrintStream(printed, true, StandardCharsets.UTF_8));
    System.out.print(output()); // the table as an operator sees it

    assertThat(exit).isEqualTo(1);
    assertThat(rows()).filteredOn(r -> !r.matches("\\S+ +\\S+ +ok .*")).singleElement().asString()
        .matches("entra +User\\.RevokeSessions\\.All +MISSING +not granted to app sandbox; .*");
    assertThat(output()).contains("\n         → grant the application permission User.RevokeSessions.All"
            + " to app sandbox and give admin consent\n")
        .endsWith("2 of 22 permissions not granted: ad reset password, entra User.RevokeSessions.All\n");
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  /** The table's permission rows: not the header, a grant line or the summary. */
  private List<String> rows() {
    return output().lines().filter(l -> l.startsWith("entra ") || l.startsWith("slack ")).toList();
  }
}
