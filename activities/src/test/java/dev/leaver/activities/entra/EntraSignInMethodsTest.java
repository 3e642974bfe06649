package dev.leaver.activities.entra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.workflows.contract.Receipt;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DeleteAuthenticationMethods against the demo tenant, where Ada has a mobile and an alternate
 * mobile phone, Microsoft Authenticator, a FIDO2 key and her password; her default MFA method is
 * Authenticator push.
 */
class EntraSignInMethodsTest extends EntraSandbox {
  private static final String MOBILE = "3179e48a-750b-4051-897c-87b9720928f7";
  private static final String ALTERNATE = "b6332ec1-7057-4abe-9331-3d72feddfe41";

  @Test
  void alternateMobileIsDeletedBeforeMobileAndOnlyThePasswordIsLeftSaidSo() {
    Receipt r = run("DeleteAuthenticationMethods");

    assertThat(r.changed()).isTrue();
    assertThat(r.reversible()).isFalse();
    assertThat(requests("DELETE"))
        .extracting(SandboxServer.Logged::path)
        .filteredOn(p -> p.contains("/phoneMethods/"))
        .containsExactly(path("phoneMethods", ALTERNATE), path("phoneMethods", MOBILE));
    assertThat(graph.authenticationMethods().of(ADA)).containsExactly("password");
    assertThat(r.remaining()).isEmpty();
    assertThat(r.notes()).singleElement().asString().contains("the password cannot be deleted");
    assertThat(r.before().get("labels").split("\n"))
        .containsExactly(
            "password",
            "phone (mobile)",
            "phone (alternateMobile)",
            "microsoftAuthenticator (Ada's iPhone)",
            "fido2 (YubiKey 5 NFC)");
    assertThat(r.before().values())
        .as("no phone number in the evidence")
        .noneMatch(v -> v.contains("+44"));
    assertThat(action("DeleteAuthenticationMethods").verify(ada, r).accessRemoved()).isTrue();
  }

  @Test
  void aPhoneThatIsTheDefaultMethodIsReportedLeftBehindWithGraphsReasonAndTheRestIsDeleted() {
    graph.authenticationMethods().setDefaultMfaMethod(ADA, "sms"); // the mobile phone

    Receipt r = run("DeleteAuthenticationMethods");

    assertThat(r.changed()).isTrue();
    assertThat(graph.authenticationMethods().of(ADA)).containsExactly("password", "phone:mobile");
    assertThat(r.remaining())
        .singleElement()
        .asString()
        .startsWith("phone (mobile): Graph refused to delete it")
        .contains("default multi-factor authentication method");
    assertThat(r.after().get("changedItems").split(","))
        .as("the mobile phone is not counted as done: a retry tries it again")
        .doesNotContain("phone:" + MOBILE)
        .contains("phone:" + ALTERNATE);
    assertThat(action("DeleteAuthenticationMethods").verify(ada, r).detail())
        .isEqualTo("still registered: phone (mobile)");
  }

  @Test
  void aRetryFromTheSameBeforeImageFindsTheMethodsGoneAndStillSaysThisStepDeletedThem() {
    TargetAction action = action("DeleteAuthenticationMethods");
    Map<String, String> before = action.snapshot(ada);
    attempt(action).apply(before); // its answer is lost

    Receipt retried = attempt(action).apply(before);

    assertThat(retried.changed()).isTrue();
    assertThat(retried.after().get("changedItems").split(",")).hasSize(4);
    assertThat(requests("DELETE")).filteredOn(q -> q.status() == 204).hasSize(4);
  }

  @Test
  void zoeSyncedFromAdStillLosesHerCloudSignInMethods() {
    Receipt r = run("DeleteAuthenticationMethods", zoe);

    assertThat(r.changed()).isTrue();
    assertThat(graph.authenticationMethods().of(ZOE)).containsExactly("password");
  }

  private Attempt attempt(TargetAction action) {
    return new Attempt("entra", action, ada, Clock.systemUTC(), 1, Progress.inMemory());
  }

  private static String path(String kind, String id) {
    return "/graph/v1.0/users/" + ADA_ID + "/authentication/" + kind + "/" + id;
  }
}
