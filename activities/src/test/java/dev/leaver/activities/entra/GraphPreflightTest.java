package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.PermissionCheck.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entra's preflight through the Graph SDK against the sandbox's service principal routes. */
class GraphPreflightTest extends EntraSandbox {
  private static final List<String> NEEDED =
      List.of(
          "User.Read.All",
          "User.EnableDisableAccount.All",
          "User.RevokeSessions.All",
          "GroupMember.ReadWrite.All",
          "LicenseAssignment.ReadWrite.All",
          "User-LifeCycleInfo.ReadWrite.All",
          "AppRoleAssignment.ReadWrite.All",
          "DelegatedPermissionGrant.ReadWrite.All",
          "UserAuthenticationMethod.ReadWrite.All",
          "Group.ReadWrite.All",
          "Application.ReadWrite.All",
          "Files.ReadWrite.All",
          "User.DeleteRestore.All");

  @Test
  void everyPermissionTheActionsNeedIsGrantedOnTheDemoTenantAndTheCheckOnlyReads() {
    List<PermissionCheck> rows = entra.check();

    assertThat(rows).extracting(PermissionCheck::permission).containsExactlyElementsOf(NEEDED);
    assertThat(rows).extracting(PermissionCheck::status).containsOnly(Status.GRANTED);
    assertThat(sandbox.server().requests()).allMatch(r -> r.method().equals("GET"));
  }

  @Test
  void aRevokedPermissionIsTheOneRowMissingAndSaysWhatToGrant() {
    graph.revokePermission("User.RevokeSessions.All");

    List<PermissionCheck> rows = entra.check();

    assertThat(rows)
        .filteredOn(r -> r.status() != Status.GRANTED)
        .extracting(
            PermissionCheck::permission, PermissionCheck::status, PermissionCheck::howToGrant)
        .containsExactly(
            tuple(
                "User.RevokeSessions.All",
                Status.MISSING,
                "grant the application permission User.RevokeSessions.All to app sandbox and give admin consent"));
    assertThat(rows)
        .filteredOn(r -> r.permission().equals("User.RevokeSessions.All"))
        .singleElement()
        .extracting(PermissionCheck::detail)
        .asString()
        .contains("RevokeSessions will park");
  }

  @Test
  void aBroaderPermissionCountsAsGrantingTheNarrowOneItCovers() {
    graph.grantPermission("User.ReadWrite.All");
    graph.revokePermission("User.EnableDisableAccount.All");

    assertThat(entra.check())
        .filteredOn(r -> r.permission().equals("User.EnableDisableAccount.All"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(Status.GRANTED);
              assertThat(r.detail()).isEqualTo("granted through User.ReadWrite.All");
            });
  }

  @Test
  void deniedWritesLeaveOnlyTheReadPermissionGranted() {
    graph.denyWrites(true);

    assertThat(entra.check())
        .filteredOn(r -> r.status() == Status.GRANTED)
        .extracting(PermissionCheck::permission)
        .containsExactly("User.Read.All");
  }

  @Test
  void refusedCredentialsBlockEveryRowWithTheReasonAndWhatToCheck() {
    graph.refuseTokens(true);

    List<PermissionCheck> rows = entra.check();

    assertThat(rows)
        .hasSize(NEEDED.size())
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(Status.BLOCKED);
              assertThat(r.detail())
                  .startsWith(
                      "Graph refused the app's credentials: Graph 401 InvalidAuthenticationToken");
              assertThat(r.howToGrant()).contains("tenantId, clientId (sandbox) and clientSecret");
            });
  }

  @Test
  void withoutApplicationReadAllTheGrantsAreUnknownAndTheRowsSayWhatToGrantForTheCheck() {
    graph.revokePermission("Application.Read.All");
    graph.revokePermission("Application.ReadWrite.All"); // reads apps too, as in Graph

    assertThat(entra.check())
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(Status.UNKNOWN);
              assertThat(r.howToGrant())
                  .startsWith(
                      "grant the application permission Application.Read.All to app sandbox");
            });
  }
}
