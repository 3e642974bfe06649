package dev.leaver.activities.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.scim.ScimEmulator;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract cannot see: resolution per app, per-app progress, undo and delete semantics.
 */
class ScimTargetTest {
  private static final Leaver LINUS =
      new Leaver("E1005", "linus.okafor@contoso.example", "grace.hopper@contoso.example");
  private static final String CRM = "acme-crm";
  private static final String DESK = "ticket-desk";
  private static final String STATUS = "status-page";
  private static final String WIKI = "docs-wiki";

  private Sandbox sandbox;
  private ScimEmulator scim;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    scim = sandbox.emulator(ScimEmulator.class);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void eachAppFindsTheLeaverByItsOwnKeyOrderAndTheAccountIdNamesEveryApp() {
    ScimTarget target = target(ScimConfig.sandbox(sandbox.baseUrl()));

    Resolution r = target.resolve(LINUS);

    assertThat(r.found()).isTrue();
    assertThat(Accounts.parse(r.accountId()).byApp()).containsOnlyKeys(CRM, DESK, STATUS, WIKI);
    assertThat(Accounts.parse(r.accountId()).id(DESK))
        .isEqualTo("7e1b9a40-2f5c-4d8e-a6b3-0d9c8e7f1005");
    // ticket-desk's userNames are logins, so its externalId matched; status-page's userName differs
    // in case.
    assertThat(r.matchedOn())
        .contains("acme-crm userName", "ticket-desk externalId", "status-page userName");
  }

  @Test
  void theAppsKeyOrderDecidesAndTwoUsersOnTheFirstKeyThatMatchesAreAmbiguous() {
    ObjectNode impostor = user("linus.okafor+old@contoso.example", "E1005");
    scim.create(CRM, impostor);
    ScimConfig.App crm =
        new ScimConfig.App(
            CRM,
            sandbox.baseUrl() + "/scim/" + CRM + "/v2",
            ScimConfig.SANDBOX_TOKEN,
            ScimConfig.App.PATCH_INACTIVE,
            List.of("userName", "externalId"),
            null);
    ScimConfig.App byExternalId =
        new ScimConfig.App(
            CRM,
            crm.baseUrl(),
            ScimConfig.SANDBOX_TOKEN,
            ScimConfig.App.PATCH_INACTIVE,
            List.of("externalId", "userName"),
            null);

    Resolution byName = target(new ScimConfig(List.of(crm))).resolve(LINUS);
    Resolution byId = target(new ScimConfig(List.of(byExternalId))).resolve(LINUS);

    assertThat(Accounts.parse(byName.accountId()).id(CRM))
        .isEqualTo("2819c223-7f76-453a-919d-413861904646");
    assertThat(byId.found())
        .as("two users carry E1005: found only where another app is unique")
        .isFalse();
    assertThat(byId.ambiguous()).isTrue();
    assertThat(byId.candidates()).hasSize(2);
  }

  @Test
  void aLeaverWithNoUserInAnyAppIsNotFoundAndNothingIsWritten() {
    Resolution r =
        target(ScimConfig.sandbox(sandbox.baseUrl()))
            .resolve(new Leaver("E9999", "nobody@contoso.example", null));

    assertThat(r.found()).isFalse();
    assertThat(r.ambiguous()).isFalse();
    assertThat(r.detail()).contains(CRM, DESK, STATUS, WIKI);
    assertThat(writes()).isZero();
  }

  @Test
  void anAmbiguousAppIsLeftUntouchedAndParksTheStepWhileTheOtherAppsAreDeactivated() {
    scim.create(DESK, user("linus.o", "E1005"));
    ScimTarget target = target(ScimConfig.sandbox(sandbox.baseUrl()));
    Resolution r = target.resolve(LINUS);
    assertThat(r.found()).isTrue();
    assertThat(Accounts.parse(r.accountId()).ambiguous(DESK)).hasSize(2);

    Receipt receipt =
        attempt(target, r, DeactivateUsers.NAME, Progress.inMemory())
            .apply(snapshot(target, r, DeactivateUsers.NAME));

    assertThat(active(CRM, "linus.okafor@contoso.example")).isFalse();
    assertThat(active(STATUS, "linus.okafor@contoso.example")).isFalse();
    assertThat(scim.users(DESK))
        .filteredOn(u -> u.path("externalId").asText().equals("E1005"))
        .allSatisfy(u -> assertThat(u.path("active").asBoolean()).isTrue());
    assertThat(receipt.remaining()).singleElement().asString().startsWith(DESK + ": more than one");
  }

  @Test
  void aFailureOnTheSecondAppKeepsTheFirstAsDoneAndTheRetryDoesNotWriteItAgain() {
    ScimTarget target = target(ScimConfig.sandbox(sandbox.baseUrl()));
    Resolution r = target.resolve(LINUS);
    Map<String, String> before = snapshot(target, r, DeactivateUsers.NAME);
    sandbox
        .server()
        .faults()
        .inject(
            "PATCH",
            "/scim/" + DESK + "/v2/Users/",
            1,
            HttpResponse.json(503, Map.of("status", "503", "detail", "down")));
    Progress progress = Progress.inMemory();

    assertThatThrownBy(() -> attempt(target, r, DeactivateUsers.NAME, progress).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(progress.items()).containsExactly(CRM);
    assertThat(active(CRM, "linus.okafor@contoso.example")).isFalse();
    assertThat(active(DESK, "lokafor")).isTrue();

    Receipt done = attempt(target, r, DeactivateUsers.NAME, progress).apply(before);

    assertThat(Progress.itemsOf(done.after())).containsExactly(CRM, DESK, STATUS);
    assertThat(patches(CRM)).as("acme-crm written once across both attempts").isEqualTo(1);
    assertThat(active(DESK, "lokafor")).isFalse();
  }

  @Test
  void theUndoReactivatesOnlyTheAppsWhereTheLeaverWasActiveBefore() {
    ScimTarget target = target(ScimConfig.sandbox(sandbox.baseUrl()));
    Resolution r = target.resolve(LINUS);
    setActive(DESK, "7e1b9a40-2f5c-4d8e-a6b3-0d9c8e7f1005", false); // off before the run
    Map<String, String> before = snapshot(target, r, DeactivateUsers.NAME);
    assertThat(before).containsEntry(DESK + ".active", "false");

    Receipt applied = attempt(target, r, DeactivateUsers.NAME, Progress.inMemory()).apply(before);
    assertThat(Progress.itemsOf(applied.after())).containsExactly(CRM, STATUS);
    attempt(target, r, DeactivateUsers.NAME, Progress.inMemory())
        .undo(
            attempt(target, r, DeactivateUsers.NAME, Progress.inMemory()).unanswered(before, null));

    assertThat(active(CRM, "linus.okafor@contoso.example")).isTrue();
    assertThat(active(STATUS, "linus.okafor@contoso.example")).isTrue();
    assertThat(active(DESK, "lokafor")).as("was off before the run, stays off").isFalse();
  }

  @Test
  void aStaleVersionIsAnsweredByAReReadAndAWriteUnderTheNewVersion() {
    ScimTarget target = target(ScimConfig.sandbox(sandbox.baseUrl()));
    Resolution r = target.resolve(LINUS);
    Map<String, String> before = snapshot(target, r, DeactivateUsers.NAME);
    sandbox
        .server()
        .faults()
        .inject(
            "PATCH",
            "/scim/" + CRM + "/v2/Users/",
            1,
            HttpResponse.json(412, Map.of("status", "412", "detail", "Resource has changed")));

    attempt(target, r, DeactivateUsers.NAME, Progress.inMemory()).apply(before);

    assertThat(active(CRM, "linus.okafor@contoso.example")).isFalse();
    assertThat(sandbox.server().requests())
        .filteredOn(q -> q.path().startsWith("/scim/" + CRM + "/v2/Users/"))
        .extracting(q -> q.method() + " " + q.status())
        .containsSubsequence("PATCH 412", "GET 200", "PATCH 200");
  }

  @Test
  void theDeleteKeepsTheFullUserWithoutSecretsAndItsLostAnswerIsStillThisStepsChange() {
    ScimTarget target = target(ScimConfig.sandbox(sandbox.baseUrl()));
    Resolution r = target.resolve(LINUS);
    Map<String, String> before = snapshot(target, r, DeleteUsers.NAME);
    JsonNode kept = read(before.get(WIKI + ".resource"));
    assertThat(kept.path("title").asText()).isEqualTo("Developer");
    assertThat(kept.path("emails").get(0).path("value").asText())
        .isEqualTo("linus.okafor@contoso.example");
    sandbox
        .server()
        .faults()
        .add(
            dev.leaver.sandbox.Fault.dropAnswer("DELETE", "/scim/" + WIKI + "/v2/Users/").times(1));

    assertThatThrownBy(
            () -> attempt(target, r, DeleteUsers.NAME, Progress.inMemory()).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(scim.user(WIKI, "linus.okafor@contoso.example")).as("the DELETE landed").isEmpty();
    Receipt retried = attempt(target, r, DeleteUsers.NAME, Progress.inMemory()).apply(before);

    assertThat(retried.changed()).isTrue();
    assertThat(retried.reversible()).isFalse();
    assertThat(retried.after()).containsEntry(WIKI + ".deleted", "true");
    assertThat(retried.notes()).anyMatch(n -> n.contains("answered 404: deleted already"));
    assertThat(scim.user(WIKI, "grace.hopper@contoso.example"))
        .as("nobody else is touched")
        .isPresent();
  }

  @Test
  void aPasswordTheAppReturnsIsNotKeptInTheBeforeImage() {
    ObjectNode u = user("pat.secret@contoso.example", "E7777");
    u.put("password", "hunter2");
    scim.create(WIKI, u);
    ScimTarget target = target(ScimConfig.sandbox(sandbox.baseUrl()));
    Resolution r = target.resolve(new Leaver("E7777", "pat.secret@contoso.example", null));

    Map<String, String> before = snapshot(target, r, DeleteUsers.NAME);

    assertThat(before.get(WIKI + ".resource"))
        .contains("pat.secret@contoso.example")
        .doesNotContain("hunter2");
  }

  @Test
  void aRefusedTokenIsPermissionDeniedAndTheChecksSayWhichAppRefusedIt() {
    String wiki = sandbox.baseUrl() + "/scim/" + WIKI + "/v2";
    ScimConfig config =
        new ScimConfig(
            List.of(
                ScimConfig.App.sandbox(
                    CRM, sandbox.baseUrl() + "/scim/" + CRM + "/v2", ScimConfig.App.PATCH_INACTIVE),
                new ScimConfig.App(WIKI, wiki, "wrong-token", ScimConfig.App.DELETE, null, null)));
    ScimTarget target = target(config);

    assertThatThrownBy(() -> target.resolve(LINUS))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining(WIKI)
        .hasMessageNotContaining("wrong-token");
    var rows = target.check();
    assertThat(rows)
        .filteredOn(c -> c.permission().equals(DeleteUsers.PERMISSION))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.status())
                    .isEqualTo(dev.leaver.activities.target.PermissionCheck.Status.BLOCKED));
    assertThat(rows)
        .filteredOn(c -> c.permission().equals(ScimPreflight.READ))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status())
                  .isEqualTo(dev.leaver.activities.target.PermissionCheck.Status.MISSING);
              assertThat(c.detail()).contains("refused in [" + WIKI + "]");
            });
  }

  @Test
  void anAppsRequestBudgetHoldsBackARequestItCannotAffordSoonAndTemporalRetriesIt() {
    ScimConfig.App slow =
        new ScimConfig.App(
            CRM,
            sandbox.baseUrl() + "/scim/" + CRM + "/v2",
            ScimConfig.SANDBOX_TOKEN,
            ScimConfig.App.PATCH_INACTIVE,
            null,
            1);
    ScimTarget target = target(new ScimConfig(List.of(slow)));
    target.resolve(LINUS); // one request: the minute's budget
    int served = sandbox.server().requests().size();

    assertThatThrownBy(() -> target.resolve(LINUS))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e ->
                assertThat(e.retryAfter())
                    .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60)));
    assertThat(sandbox.server().requests()).as("nothing sent over budget").hasSize(served);
  }

  @Test
  void groupMembershipsGoPerAppGroupAndTheUndoPutsBackExactlyThoseTheStepRemoved() {
    String linusCrm = "2819c223-7f76-453a-919d-413861904646";
    String linusDesk = "7e1b9a40-2f5c-4d8e-a6b3-0d9c8e7f1005";
    ScimTarget target = target(ScimConfig.sandbox(sandbox.baseUrl()));
    Resolution r = target.resolve(LINUS);
    Map<String, String> before = snapshot(target, r, RemoveGroupMemberships.NAME);
    assertThat(before)
        .containsEntry(CRM + ".group.6f1e2d3c-0001-4b5a-9c8d-7e6f5a4b3c01", "CRM Admins");

    Receipt applied =
        attempt(target, r, RemoveGroupMemberships.NAME, Progress.inMemory()).apply(before);

    assertThat(Progress.itemsOf(applied.after()))
        .containsExactly(
            CRM + "/6f1e2d3c-0001-4b5a-9c8d-7e6f5a4b3c01",
            CRM + "/6f1e2d3c-0002-4b5a-9c8d-7e6f5a4b3c02",
            DESK + "/8a7b6c5d-0001-4e3f-a2b1-c0d9e8f7a601");
    assertThat(scim.groupsOf(CRM, linusCrm)).isEmpty();
    assertThat(scim.groupsOf(DESK, linusDesk)).isEmpty();
    assertThat(scim.groupsOf(CRM, "5d48a0a8-e3a1-4b3c-9b52-7c6c1f6e0042"))
        .as("Grace keeps hers")
        .containsExactly("Everyone", "Sales Engineering");

    // Rescinded after only the first two were reported: the undo re-adds exactly those.
    attempt(target, r, RemoveGroupMemberships.NAME, Progress.inMemory())
        .undo(
            attempt(target, r, RemoveGroupMemberships.NAME, Progress.inMemory())
                .unanswered(
                    before,
                    List.of(
                        CRM + "/6f1e2d3c-0001-4b5a-9c8d-7e6f5a4b3c01",
                        CRM + "/6f1e2d3c-0002-4b5a-9c8d-7e6f5a4b3c02")));

    assertThat(scim.groupsOf(CRM, linusCrm)).containsExactly("CRM Admins", "Sales Engineering");
    assertThat(scim.groupsOf(DESK, linusDesk)).isEmpty();
  }

  @Test
  void anAppWithoutGroupsGivesNoItemsAndSaysSo() {
    ScimTarget target = target(ScimConfig.sandbox(sandbox.baseUrl()));
    Resolution r = target.resolve(LINUS);
    sandbox
        .server()
        .faults()
        .inject(
            "GET",
            "/scim/" + STATUS + "/v2/Groups",
            1,
            HttpResponse.json(
                404, Map.of("status", "404", "detail", "No resource type found at 'Groups'")));

    Map<String, String> before = snapshot(target, r, RemoveGroupMemberships.NAME);

    assertThat(before)
        .containsKey(STATUS + ".groups.unsupported")
        .doesNotContainKey(STATUS + ".groups");
    assertThat(
            action(target, RemoveGroupMemberships.NAME)
                .decide(new Target(LINUS, r.accountId(), "req"), before)
                .plan())
        .endsWith(STATUS + " cannot list groups by member");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private ScimTarget target(ScimConfig config) {
    return new ScimTarget(config, Map.of());
  }

  private static TargetAction action(ScimTarget target, String name) {
    return target.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  private static Map<String, String> snapshot(ScimTarget target, Resolution r, String name) {
    return action(target, name).snapshot(new Target(LINUS, r.accountId(), "req"));
  }

  private static Attempt attempt(ScimTarget target, Resolution r, String name, Progress progress) {
    return new Attempt(
        ScimTarget.ID,
        action(target, name),
        new Target(LINUS, r.accountId(), "req"),
        Clock.systemUTC(),
        1,
        progress);
  }

  private boolean active(String app, String userName) {
    return scim.user(app, userName).orElseThrow().path("active").asBoolean();
  }

  private void setActive(String app, String id, boolean active) {
    ScimClient c =
        new ScimClient(
            ScimConfig.App.sandbox(
                app, sandbox.baseUrl() + "/scim/" + app + "/v2", ScimConfig.App.PATCH_INACTIVE),
            ScimConfig.SANDBOX_TOKEN,
            ScimClient.httpClient(),
            RequestBudget.none(app));
    c.setActive(id, active);
  }

  private long patches(String app) {
    return sandbox.server().requests().stream()
        .filter(
            q ->
                q.method().equals("PATCH")
                    && q.path().startsWith("/scim/" + app + "/")
                    && q.landed())
        .count();
  }

  private int writes() {
    return (int)
        sandbox.server().requests().stream()
            .map(SandboxServer.Logged::method)
            .filter(m -> !m.equals("GET"))
            .count();
  }

  private static ObjectNode user(String userName, String externalId) {
    ObjectNode u = Json.MAPPER.createObjectNode();
    u.put("userName", userName).put("externalId", externalId).put("active", true);
    return u;
  }

  private static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
