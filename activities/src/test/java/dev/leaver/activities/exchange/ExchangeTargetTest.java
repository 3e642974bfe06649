package dev.leaver.activities.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.PermissionCheck.Status;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.exchange.ExchangeEmulator.Invocation;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resolution, the preflight, error mapping and the clean-up actions' details. */
class ExchangeTargetTest extends ExchangeSandbox {

  @Test
  void theLeaversMailboxIsFoundByUpnAndItsAccountIdIsTheEntraObjectId() {
    Resolution r = exchange.resolve(new Leaver("E1001", ADA, GRACE));

    assertThat(r.found()).isTrue();
    assertThat(r.accountId()).isEqualTo(ADA_ID);
    assertThat(r.matchedOn()).isEqualTo("userPrincipalName");
    assertThat(r.detail()).doesNotContain("@");
  }

  @Test
  void aWorkAddressThatIsNotTheUpnIsFoundByPrimarySmtpAddress() {
    exo.addMailbox(
        Map.of(
            "userPrincipalName",
            "cb1234@contoso.example",
            "primarySmtpAddress",
            "charles.babbage@contoso.example",
            "externalDirectoryObjectId",
            "c0c0c0c0-0000-4000-8000-00000000c0c0"));

    Resolution r = exchange.resolve(new Leaver("E1003", "charles.babbage@contoso.example", GRACE));

    assertThat(r.found()).isTrue();
    assertThat(r.accountId()).isEqualTo("c0c0c0c0-0000-4000-8000-00000000c0c0");
    assertThat(r.matchedOn()).isEqualTo("primarySmtpAddress");
  }

  @Test
  void twoMailboxesForOneLeaverAreNotGuessedBetween() {
    exo.addMailbox(
        Map.of(
            "userPrincipalName",
            ADA,
            "externalDirectoryObjectId",
            "dddddddd-0000-4000-8000-00000000dddd"));

    Resolution r = exchange.resolve(new Leaver("E1001", ADA, GRACE));

    assertThat(r.found()).isFalse();
    assertThat(r.ambiguous()).isTrue();
    assertThat(r.candidates())
        .containsExactlyInAnyOrder(ADA_ID, "dddddddd-0000-4000-8000-00000000dddd");
    assertThat(exo.writes()).isZero();
  }

  @Test
  void aLeaverWithoutAnExchangeOnlineMailboxIsNotFoundAndSaysWhatWasTried() {
    Resolution r = exchange.resolve(new Leaver("E1002", "alan.turing@contoso.example", GRACE));

    assertThat(r.found()).isFalse();
    assertThat(r.ambiguous()).isFalse();
    assertThat(r.matchedOn()).isEqualTo("userPrincipalName, then primarySmtpAddress");
  }

  @Test
  void thePreflightOnlyReadsAndFindsEveryPermissionGrantedInTheSandbox() {
    List<PermissionCheck> rows = exchange.check();

    assertThat(rows)
        .extracting(PermissionCheck::permission)
        .containsExactly(
            "Exchange.ManageAsApp", "MailboxSettings.ReadWrite", "Mail.Send", "Mail.ReadBasic.All");
    assertThat(rows).extracting(PermissionCheck::status).containsOnly(Status.GRANTED);
    assertThat(exo.invocations()).extracting(Invocation::cmdlet).containsOnly("Get-Mailbox");
    assertThat(sandbox.server().requests())
        .allMatch(q -> q.method().equals("GET") || q.path().startsWith("/exchange/"));
  }

  @Test
  void withoutAnExchangeRoleTheRowIsMissingAndSaysWhatToGrant() {
    exo.removeRole(true);

    assertThat(exchange.check())
        .filteredOn(r -> r.status() != Status.GRANTED)
        .extracting(PermissionCheck::permission, PermissionCheck::status)
        .containsExactly(tuple("Exchange.ManageAsApp", Status.MISSING));
    assertThat(exchange.check().get(0).howToGrant())
        .contains("Exchange.ManageAsApp", "Exchange Administrator");
  }

  @Test
  void refusedCredentialsBlockTheSystemAndAMissingGraphGrantIsItsOwnRow() {
    graph.revokePermission("Mail.Send");
    exo.refuseTokens(true);

    List<PermissionCheck> rows = exchange.check();

    assertThat(rows.get(0).status()).isEqualTo(Status.BLOCKED);
    assertThat(rows)
        .filteredOn(r -> r.permission().equals("Mail.Send"))
        .singleElement()
        .extracting(PermissionCheck::status)
        .isEqualTo(Status.MISSING);
  }

  @Test
  void aRefusedCmdletParksAsPermissionDeniedNamingWhatTheAppNeeds() {
    exo.removeRole(true);

    assertThatThrownBy(() -> action("ConvertToSharedMailbox").snapshot(ada))
        .isInstanceOf(TargetException.PermissionDenied.class)
        .hasMessageContaining("Exchange.ManageAsApp")
        .hasMessageContaining("Get-Mailbox");
  }

  @Test
  void exchangesErrorTextReachesTheStepWithoutAnyAddressInIt() {
    Target unknownManager =
        new Target(new Leaver("E1001", ADA, "nobody@contoso.example"), ADA_ID, "req-9");

    assertThatThrownBy(() -> action("GrantMailboxToManager").snapshot(unknownManager))
        .isInstanceOf(TargetException.Rejected.class)
        .hasMessageContaining("wasn't found")
        .hasMessageContaining("<address>")
        .hasMessageNotContaining("nobody@contoso.example");
  }

  @Test
  void aMailboxThatIsGoneIsRefusedForGood() {
    Target gone =
        new Target(new Leaver("E1001", ADA, GRACE), "99999999-0000-4000-8000-000000009999", "r");

    assertThatThrownBy(() -> action("ConvertToSharedMailbox").snapshot(gone))
        .isInstanceOf(TargetException.Rejected.class)
        .hasMessageContaining("no longer exists");
  }

  @Test
  void theAutoReplyNamesTheManagerAndItsUndoRestoresTheLeaversOwnReplyExactly() {
    Map<String, String> before = action("SetAutoReply").snapshot(ada);
    assertThat(before)
        .containsEntry("status", "disabled")
        .containsEntry("externalAudience", "contactsOnly")
        .containsEntry("internalReplyMessage", "Away at the Analytical Society until Friday.");

    Receipt r = attempt("SetAutoReply", ada).apply(before);

    assertThat(graph.automaticReplies(ADA).path("status").asText()).isEqualTo("alwaysEnabled");
    assertThat(graph.automaticReplies(ADA).path("externalAudience").asText()).isEqualTo("all");
    assertThat(graph.automaticReplies(ADA).path("externalReplyMessage").asText())
        .isEqualTo("This mailbox is no longer monitored. Please contact " + GRACE + " instead.");
    action("SetAutoReply").undo(ada, r, Progress.inMemory());
    assertThat(action("SetAutoReply").snapshot(ada)).isEqualTo(before);
  }

  @Test
  void aUserMailboxBecomesSharedAndOnlyThatIsConvertedBack() {
    Receipt r = run("ConvertToSharedMailbox", ada);
    assertThat(exo.mailbox(ADA).recipientTypeDetails()).isEqualTo("SharedMailbox");

    Target notices =
        new Target(new Leaver("X1", FROM, GRACE), "5e7d9c1b-0f2a-4b3c-9d4e-6a7b8c9d4004", "r");
    Receipt shared = run("ConvertToSharedMailbox", notices);
    action("ConvertToSharedMailbox").undo(notices, shared, Progress.inMemory());
    action("ConvertToSharedMailbox").undo(ada, r, Progress.inMemory());

    assertThat(shared.changed()).isFalse();
    assertThat(exo.mailbox(FROM).recipientTypeDetails())
        .as("shared before Leaver")
        .isEqualTo("SharedMailbox");
    assertThat(exo.mailbox(ADA).recipientTypeDetails()).isEqualTo("UserMailbox");
  }

  @Test
  void theConfigShowsNoSecretAndOptionalActionsFollowIt() {
    var config = new ExchangeConfig(null, null, "t", "c", "s3cr3t", null, null, null);

    assertThat(config.toString()).doesNotContain("s3cr3t").contains("clientSecret=***");
    assertThat(config.adminApiBaseUrl()).isEqualTo("https://outlook.office365.com/adminapi/beta");
    assertThat(config.forwardToManager()).isFalse();
    assertThat(config.autoReply()).isTrue();
    var sandboxed = ExchangeConfig.sandbox(sandbox.baseUrl());
    var minimal =
        new ExchangeTarget(
            new ExchangeConfig(
                sandboxed.adminApiBaseUrl(),
                sandboxed.graphBaseUrl(),
                "sandbox",
                "sandbox",
                null,
                null,
                false,
                false));
    assertThat(minimal.actions())
        .extracting(a -> a.name())
        .containsExactly("ConvertToSharedMailbox", "GrantMailboxToManager");
    assertThat(minimal.check())
        .extracting(PermissionCheck::permission)
        .containsExactly("Exchange.ManageAsApp");
  }
}
