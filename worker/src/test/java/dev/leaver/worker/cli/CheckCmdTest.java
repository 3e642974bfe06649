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
  /** System, then the permission (may hold spaces), then the status column. */
  private static final String ROW = "\\S+ +.+? +";

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
  void onTheDemoTenantEveryPermissionThatCanBeAskedAboutIsOkAndTheExitCodeIsZero() {
    int exit = CheckCmd.report(connectors, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(exit).isZero();
    assertThat(rows()).hasSize(67).allMatch(r -> r.matches(ROW + "(ok|unknown) .*"));
    // AD's "reset password" is a control access right LDAP does not list, and a SCIM token shows
    // its write rights only on a write: shown, with what to grant.
    assertThat(rows())
        .filteredOn(r -> r.matches(ROW + "unknown .*"))
        .extracting(r -> r.substring(0, 40).strip())
        .containsExactly(
            "ad       reset password",
            "scim     Users: PATCH active",
            "scim     Users: DELETE",
            "scim     Groups: PATCH members");
    assertThat(rows())
        .extracting(r -> r.substring(0, 9).strip())
        .contains("aws", "azure", "github", "google");
    assertThat(output())
        .endsWith(
            "63 of 67 permissions granted; 4 the system cannot be asked about"
                + " (check by hand): ad reset password, scim Users: PATCH active, scim Users: DELETE,"
                + " scim Groups: PATCH members\n");
  }

  @Test
  void aPermissionRevokedInTheTenantIsTheOnlyMissingRowWithWhatToGrantAndTheExitCodeIsOne() {
    sandbox.graph().revokePermission("User.RevokeSessions.All");

    int exit = CheckCmd.report(connectors, new PrintStream(printed, true, StandardCharsets.UTF_8));
    System.out.print(output()); // the table as an operator sees it

    assertThat(exit).isEqualTo(1);
    assertThat(rows())
        .filteredOn(r -> r.matches(ROW + "MISSING .*"))
        .singleElement()
        .asString()
        .matches("entra +User\\.RevokeSessions\\.All +MISSING +not granted to app sandbox; .*");
    assertThat(output())
        .contains(
            "\n         → grant the application permission User.RevokeSessions.All"
                + " to app sandbox and give admin consent\n")
        .contains("1 of 67 permissions not granted: entra User.RevokeSessions.All;");
  }

  @Test
  void aDelegationTakenAwayInAdIsMissingWithWhatToDelegate() {
    sandbox.emulator(dev.leaver.sandbox.ad.AdDirectory.class).revokeRight("member");

    int exit = CheckCmd.report(connectors, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(1);
    assertThat(rows())
        .filteredOn(r -> r.matches(ROW + "MISSING .*"))
        .singleElement()
        .asString()
        .startsWith("ad       write member of groups")
        .contains("member not writable on a group");
    assertThat(output()).contains("1 of 67 permissions not granted: ad write member of groups;");
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  /** The table's permission rows: not the header, a grant line or the summary. */
  private List<String> rows() {
    return output()
        .lines()
        .filter(l -> l.matches("(ad|aws|azure|entra|exchange|github|google|scim|slack) .*"))
        .toList();
  }
}
