package dev.leaver.activities.azure;

import static dev.leaver.activities.azure.AzureSandbox.APIM;
import static dev.leaver.activities.azure.AzureSandbox.GRACE;
import static dev.leaver.activities.azure.AzureSandbox.KV_DEV;
import static dev.leaver.activities.azure.AzureSandbox.KV_PAYMENTS;
import static dev.leaver.activities.azure.AzureSandbox.LINUS;
import static dev.leaver.activities.azure.AzureSandbox.SB_RULE;
import static dev.leaver.activities.azure.AzureSandbox.STORAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.Fault;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.azure.ArmEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract cannot see: resolution, which access goes and which stays, the evidence, undo.
 */
class AzureTargetTest {
  private static final Leaver LINUS_LEAVER =
      new Leaver("E1005", "linus.okafor@contoso.example", "grace.hopper@contoso.example");

  private Sandbox sandbox;
  private ArmEmulator arm;
  private AzureTarget azure;
  private Target linus;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    arm = sandbox.emulator(ArmEmulator.class);
    azure = new AzureTarget(AzureConfig.sandbox(sandbox.baseUrl()));
    linus = new Target(LINUS_LEAVER, LINUS, "req-1");
  }

  @AfterEach
  void stop() {
    azure.close();
    sandbox.close();
  }

  @Test
  void theLeaverResolvesToTheEntraObjectIdByEmployeeIdThenByUpn() {
    Resolution byEmployeeId = azure.resolve(LINUS_LEAVER);
    Resolution byUpn = azure.resolve(new Leaver("E9999", "linus.okafor@contoso.example", null));
    Resolution nobody = azure.resolve(new Leaver("E9998", "nobody@contoso.example", null));

    assertThat(byEmployeeId.accountId()).isEqualTo(LINUS);
    assertThat(byEmployeeId.matchedOn()).isEqualTo("employeeId");
    assertThat(byUpn.accountId()).isEqualTo(LINUS);
    assertThat(byUpn.matchedOn()).isEqualTo("userPrincipalName");
    assertThat(nobody.found()).isFalse();
  }

  @Test
  void twoEntraUsersWithTheLeaversEmployeeIdAreAmbiguousAndNothingIsTouched() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode tenant =
        (com.fasterxml.jackson.databind.node.ObjectNode) Sandbox.readTenant(Sandbox.DEMO_TENANT);
    ((com.fasterxml.jackson.databind.node.ArrayNode) tenant.path("graph").path("users"))
        .addObject()
        .put("id", "0f0f0f0f-1005-4a3b-8c2d-1e0f9a8b9999")
        .put("userPrincipalName", "linus.okafor2@contoso.example")
        .put("displayName", "Linus Okafor (2)")
        .put("employeeId", "E1005");
    try (Sandbox twins = Sandbox.start(0, tenant);
        AzureTarget there = new AzureTarget(AzureConfig.sandbox(twins.baseUrl()))) {
      Resolution r = there.resolve(LINUS_LEAVER);

      assertThat(r.ambiguous()).isTrue();
      assertThat(r.candidates())
          .containsExactlyInAnyOrder(LINUS, "0f0f0f0f-1005-4a3b-8c2d-1e0f9a8b9999");
      assertThat(twins.server().requests()).noneMatch(q -> q.path().startsWith("/azure/"));
    }
  }

  @Test
  void aRefusedClientSecretParksAsPermissionDeniedRatherThanRetrying() {
    AzureConfig good = AzureConfig.sandbox(sandbox.baseUrl());
    AzureConfig wrong =
        new AzureConfig(
            good.tenantId(),
            good.clientId(),
            "not-the-secret",
            good.subscriptions(),
            good.managementGroups(),
            null,
            null,
            good.metadataUrl(),
            good.graphBaseUrl(),
            good.rotateOnLeave());
    try (AzureTarget refused = new AzureTarget(wrong)) {
      TargetAction remove = refused.actions().get(0);

      assertThatThrownBy(() -> remove.snapshot(linus))
          .isInstanceOf(TargetException.PermissionDenied.class);
      assertThat(refused.check()).allMatch(row -> row.status() == PermissionCheck.Status.BLOCKED);
    }
  }

  @Test
  void
      onlyTheLeaversDirectAssignmentsGoAndTheUndoRecreatesThemUnderTheSameNamesWithTheirCondition() {
    List<Map<String, String>> before = arm.roleAssignmentsOf(LINUS);
    List<Map<String, String>> graceBefore = arm.roleAssignmentsOf(GRACE);

    Receipt applied = apply("RemoveRoleAssignments");

    assertThat(arm.roleAssignmentsOf(LINUS)).isEmpty();
    assertThat(arm.roleAssignmentsOf(GRACE)).isEqualTo(graceBefore);
    assertThat(arm.roleAssignmentsOf("6d1f0c2e-5a4b-4c3d-8e2f-00000000aa01"))
        .as("the group's assignment is the group step's to remove")
        .hasSize(1);
    assertThat(applied.before().get("assignments").split(",")).hasSize(4);

    attempt("RemoveRoleAssignments").undo(applied);

    assertThat(arm.roleAssignmentsOf(LINUS)).containsExactlyInAnyOrderElementsOf(before);
    assertThat(arm.roleAssignmentsOf(LINUS)).filteredOn(a -> a.containsKey("condition")).hasSize(1);
  }

  @Test
  void
      theRoleAssignmentStepsBeforeImageReportsGroupAccessPimEligibilityAndWhatTheLeaverCouldReach() {
    Map<String, String> before = action("RemoveRoleAssignments").snapshot(linus);

    assertThat(before.get("viaGroups")).contains("Key Vault Secrets User").contains("6d1f0c2e");
    assertThat(before.get("eligible"))
        .contains("Owner at " + AzureSandbox.DEV)
        .contains("User Access Administrator");
    assertThat(before.get("reachableResources"))
        .contains(
            KV_PAYMENTS,
            STORAGE,
            APIM,
            "/providers/Microsoft.ContainerService/managedClusters/aks-dev");
    assertThat(Integer.parseInt(before.get("reachableResourceCount"))).isGreaterThanOrEqualTo(8);
  }

  @Test
  void evidenceTheAppMayNotReadIsNamedInTheBeforeImageAndTheRemovalStillGoesAhead() {
    sandbox
        .server()
        .faults()
        .add(
            dev.leaver.sandbox.Fault.answer(
                "POST",
                "/azure/providers/Microsoft.ResourceGraph/",
                dev.leaver.sandbox.HttpResponse.json(
                    403,
                    Map.of(
                        "error",
                        Map.of(
                            "code",
                            "AuthorizationFailed",
                            "message",
                            "no Microsoft.ResourceGraph/resources/read")))));

    Map<String, String> before = action("RemoveRoleAssignments").snapshot(linus);
    attempt("RemoveRoleAssignments").apply(before);

    assertThat(before.get("evidenceNotRead"))
        .contains("Resource Graph")
        .contains("AuthorizationFailed");
    assertThat(before.get("reachableResourceCount")).isEqualTo("0");
    assertThat(arm.roleAssignmentsOf(LINUS)).isEmpty();
  }

  @Test
  void pimEligibilityIsRemovedAndTheUndoAssignsItAgainWithItsEndDate() {
    List<Map<String, String>> before = arm.eligibilitiesOf(LINUS);
    assertThat(before).hasSize(2);

    Receipt applied = apply("RemoveEligibleAssignments");
    assertThat(arm.eligibilitiesOf(LINUS)).isEmpty();

    attempt("RemoveEligibleAssignments").undo(applied);
    assertThat(arm.eligibilitiesOf(LINUS))
        .extracting(e -> e.get("scope"))
        .containsExactlyInAnyOrderElementsOf(before.stream().map(e -> e.get("scope")).toList());
    assertThat(arm.eligibilitiesOf(LINUS))
        .filteredOn(e -> e.containsKey("endDateTime"))
        .extracting(e -> e.get("endDateTime"))
        .singleElement()
        .asString()
        .startsWith("2027-06-30T00:00");
  }

  @Test
  void
      theLeaverLeavesEveryAccessPolicyVaultWhileOthersKeepTheirsAndTheUndoRestoresHisPermissions() {
    Map<String, Map<String, List<String>>> payments = arm.accessPolicies(KV_PAYMENTS);

    Receipt applied = apply("RemoveVaultAccessPolicies");

    assertThat(arm.accessPolicies(KV_PAYMENTS)).doesNotContainKey(LINUS).containsKey(GRACE);
    assertThat(arm.accessPolicies(KV_DEV)).doesNotContainKey(LINUS);
    assertThat(applied.before().get("rbacVaults")).contains("kv-platform-rbac");

    attempt("RemoveVaultAccessPolicies").undo(applied);
    assertThat(arm.accessPolicies(KV_PAYMENTS)).isEqualTo(payments);
  }

  @Test
  void theRotationsRenewWhatTheLeaverCouldReadOnceEachAndRecordNamesNotValues() {
    int dbPassword = arm.secretVersions(KV_PAYMENTS, "db-password");
    int terraform =
        arm.secretVersions(
            AzureSandbox.DEV
                + "/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-rbac",
            "terraform-state-key");

    Receipt secrets = apply("RotateVaultSecrets");
    apply("RegenerateStorageKeys");
    apply("RegenerateServiceBusKeys");
    Receipt apim = apply("RegenerateApimSubscriptionKeys");

    assertThat(arm.secretVersions(KV_PAYMENTS, "db-password")).isEqualTo(dbPassword + 1);
    assertThat(arm.secretVersions(KV_DEV, "github-deploy-token")).isEqualTo(2);
    assertThat(
            arm.secretVersions(
                AzureSandbox.DEV
                    + "/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-platform-rbac",
                "terraform-state-key"))
        .as("not listed in rotateOnLeave")
        .isEqualTo(terraform);
    assertThat(arm.regeneratedKeys())
        .containsEntry(STORAGE + "#key1", 1)
        .containsEntry(STORAGE + "#key2", 1)
        .containsEntry(SB_RULE + "#PrimaryKey", 1)
        .containsEntry(SB_RULE + "#SecondaryKey", 1)
        .containsEntry(APIM + "/subscriptions/linus-payments-api#primaryKey", 1)
        .containsEntry(APIM + "/subscriptions/linus-sandbox#secondaryKey", 1)
        .doesNotContainKey(APIM + "/subscriptions/grace-reporting#primaryKey");
    assertThat(secrets.after().get("rotated")).contains("kv-payments-prod/db-password");
    assertThat(secrets.before().get("marker.kv-payments-prod/db-password"))
        .startsWith("https://kv-payments-prod.vault.azure.net/secrets/db-password/");
    assertThat(apim.reversible()).isFalse();
  }

  @Test
  void blockingTheApimUserLeavesOthersActiveAndTheUndoUnblocksHim() {
    Receipt applied = apply("BlockApimUser");

    assertThat(arm.apimUserState(APIM, "linus-okafor")).isEqualTo("blocked");
    assertThat(arm.apimUserState(APIM, "grace-hopper")).isEqualTo("active");

    attempt("BlockApimUser").undo(applied);
    assertThat(arm.apimUserState(APIM, "linus-okafor")).isEqualTo("active");
  }

  @Test
  void aRetriedRoleAssignmentStepSkipsWhatItAlreadyRemovedAndTheRepeated204IsStillItsChange() {
    Map<String, String> before = action("RemoveRoleAssignments").snapshot(linus);
    Progress progress = Progress.inMemory();
    attempt("RemoveRoleAssignments", progress).apply(before);
    int writes = deletes();

    Receipt retried = attempt("RemoveRoleAssignments", progress).apply(before);

    assertThat(retried.changed()).isTrue();
    assertThat(deletes()).as("no item deleted twice").isEqualTo(writes);
  }

  @Test
  void
      aDeleteWhoseAnswerIsDroppedOnTheWayBackThroughTheTlsListenerIsRetryableAndTheRetryFinishesTheStep() {
    Map<String, String> before = action("RemoveRoleAssignments").snapshot(linus);
    sandbox.server().faults().add(Fault.dropAnswer("DELETE", "/azure/").times(1));
    Progress progress = Progress.inMemory();

    assertThatThrownBy(() -> attempt("RemoveRoleAssignments", progress).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(sandbox.server().requests())
        .filteredOn(r -> r.method().equals("DELETE"))
        .as("sent once: no hidden retry in the pipeline or the HTTP client")
        .hasSize(1)
        .allMatch(SandboxServer.Logged::landed);

    Receipt retried = attempt("RemoveRoleAssignments", progress).apply(before);
    assertThat(retried.changed()).isTrue();
    assertThat(arm.roleAssignmentsOf(LINUS)).isEmpty();
  }

  @Test
  void aThrottledReadIsRetryableAfterArmsRetryAfterWithoutWaitingInsideTheCall() {
    sandbox.server().faults().throttle("GET", "/azure/subscriptions/", 1, 17);
    long started = System.nanoTime();

    assertThatThrownBy(() -> action("RemoveVaultAccessPolicies").snapshot(linus))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(e.retryAfter()).isEqualTo(java.time.Duration.ofSeconds(17)));
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofSeconds(10));
  }

  @Test
  void thePreflightNamesAPermissionARoleLacks() {
    arm.denyActions("Microsoft.KeyVault/vaults/accessPolicies/write");

    List<PermissionCheck> rows = azure.check();

    assertThat(rows)
        .filteredOn(r -> r.permission().equals(RemoveVaultAccessPolicies.PERMISSION))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(PermissionCheck.Status.MISSING);
              assertThat(r.howToGrant()).contains(RemoveVaultAccessPolicies.PERMISSION);
            });
    assertThat(rows)
        .filteredOn(r -> r.permission().equals(RemoveRoleAssignments.PERMISSION))
        .singleElement()
        .extracting(PermissionCheck::status)
        .isEqualTo(PermissionCheck.Status.GRANTED);
  }

  @Test
  void aLeaverWithNoAzureAccessOfTheirOwnHasNoSharedSecretRotatedAndNoOneElsesAccessReported() {
    Leaver adaLeaver =
        new Leaver("E1001", "ada.lovelace@contoso.example", "grace.hopper@contoso.example");
    Target ada = new Target(adaLeaver, azure.resolve(adaLeaver).accountId(), "req-ada");
    int versions = arm.secretVersions(KV_PAYMENTS, "db-password");

    Map<String, String> roles = action("RemoveRoleAssignments").snapshot(ada);
    List<Receipt> rotations =
        java.util.stream.Stream.of(
                "RotateVaultSecrets",
                "RegenerateStorageKeys",
                "RegenerateServiceBusKeys",
                "RegenerateApimSubscriptionKeys")
            .map(
                n ->
                    new Attempt("azure", action(n), ada, Clock.systemUTC(), 1, Progress.inMemory())
                        .apply(action(n).snapshot(ada)))
            .toList();

    assertThat(roles.get("eligible")).as("Linus's PIM eligibility is not Ada's").isEmpty();
    assertThat(roles.get("reachableResourceCount")).isEqualTo("0");
    assertThat(rotations).allSatisfy(r -> assertThat(r.changed()).isFalse());
    assertThat(rotations.get(0).notes()).anyMatch(n -> n.contains("held no Azure role assignment"));
    assertThat(arm.secretVersions(KV_PAYMENTS, "db-password")).isEqualTo(versions);
    assertThat(arm.regeneratedKeys()).isEmpty();
  }

  @Test
  void afterTheKillSwitchRemovedTheLeaversOwnAccessTheCleanupStillRotatesWhatTheyCouldRead() {
    apply("RemoveRoleAssignments");
    apply("RemoveEligibleAssignments");
    apply("RemoveVaultAccessPolicies");
    Target afterKillSwitch =
        new Target(
            LINUS_LEAVER,
            LINUS,
            "req-1",
            Map.of("azure.RemoveRoleAssignments", "DONE at 2026-11-30T10:00:01Z"));
    Target withoutFacts = new Target(LINUS_LEAVER, LINUS, "req-1");

    TargetAction secrets = action("RotateVaultSecrets");
    Map<String, String> before = secrets.snapshot(afterKillSwitch);

    assertThat(before.get(Rotation.HELD_ACCESS))
        .as("his own access is gone by now")
        .isEqualTo("false");
    assertThat(secrets.decide(withoutFacts, before)).isInstanceOf(Decision.NoOp.class);
    assertThat(secrets.decide(afterKillSwitch, before))
        .as("this run removed it")
        .isInstanceOf(Decision.Write.class);
    assertThat(secrets.spec().after()).contains("azure.RemoveRoleAssignments");
  }

  @Test
  void theConfigNeverPrintsTheClientSecret() {
    assertThat(AzureConfig.sandbox("http://127.0.0.1:1").toString())
        .doesNotContain("sandbox-client-secret")
        .contains("clientSecret=***");
  }

  private int deletes() {
    return (int)
        sandbox.server().requests().stream().filter(r -> r.method().equals("DELETE")).count();
  }

  private Receipt apply(String name) {
    return attempt(name).apply(action(name).snapshot(linus));
  }

  private TargetAction action(String name) {
    return azure.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private Attempt attempt(String name) {
    return attempt(name, Progress.inMemory());
  }

  private Attempt attempt(String name, Progress progress) {
    return new Attempt("azure", action(name), linus, Clock.systemUTC(), 1, progress);
  }
}
