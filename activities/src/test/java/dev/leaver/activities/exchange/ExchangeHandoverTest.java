package dev.leaver.activities.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.Fault;
import dev.leaver.sandbox.exchange.ExchangeEmulator.Invocation;
import dev.leaver.sandbox.graph.GraphEmulator.SentMail;
import dev.leaver.workflows.contract.Receipt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mailbox handover to the manager, its revocation, and the manager's notice. */
class ExchangeHandoverTest extends ExchangeSandbox {

  @Test
  void aGrantWhoseAnswerWasLostIsRecordedAsThisStepsChangeAndItsUndoRemovesTheFullAccess() {
    TargetAction grant = action("GrantMailboxToManager");
    Map<String, String> before = grant.snapshot(ada); // taken once, before the first attempt
    exo.loseNextAnswer("Add-MailboxPermission");

    assertThatThrownBy(() -> attempt("GrantMailboxToManager", ada).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
    assertThat(exo.fullAccess(ADA)).as("the write landed").containsExactly(GRACE);

    Receipt retried = attempt("GrantMailboxToManager", ada).apply(before);

    assertThat(retried.changed()).as("the retry says this step granted it").isTrue();
    assertThat(retried.before()).containsEntry("managerFullAccess", "none");
    assertThat(retried.notes()).anyMatch(n -> n.contains("earlier attempt of this step"));
    assertThat(cmdlets("Add-MailboxPermission")).as("granted once").hasSize(1);

    grant.undo(ada, retried, Progress.inMemory());
    assertThat(exo.fullAccess(ADA)).as("revoked when the handover ends").isEmpty();
    assertThat(grant.verify(ada, retried).accessRemoved()).isTrue();
    int writes = exo.writes();
    grant.undo(ada, retried, Progress.inMemory());
    assertThat(exo.writes()).as("a second revocation writes nothing").isEqualTo(writes);
  }

  @Test
  void aGrantThatNeverAnsweredIsStillRevokedFromTheBeforeImageAlone() {
    TargetAction grant = action("GrantMailboxToManager");
    Map<String, String> before = grant.snapshot(ada);
    exo.loseNextAnswer("Add-MailboxPermission");
    assertThatThrownBy(() -> attempt("GrantMailboxToManager", ada).apply(before))
        .isInstanceOf(TargetException.Retryable.class);

    attempt("GrantMailboxToManager", ada)
        .undo(attempt("GrantMailboxToManager", ada).unanswered(before, null));

    assertThat(exo.fullAccess(ADA)).isEmpty();
    assertThat(cmdlets("Remove-MailboxPermission")).hasSize(1);
  }

  @Test
  void fullAccessTheManagerHadBeforeLeaverIsLeftAloneAndItsUndoWritesNothing() {
    exo.grantFullAccess(ADA, GRACE); // an administrator did this before the offboarding

    Receipt r = run("GrantMailboxToManager", ada);
    action("GrantMailboxToManager").undo(ada, r, Progress.inMemory());

    assertThat(r.changed()).isFalse();
    assertThat(r.notes())
        .singleElement()
        .asString()
        .contains("had FullAccess (explicit)", "not revoked");
    assertThat(exo.writes()).as("no grant, no revocation").isZero();
    assertThat(exo.fullAccess(ADA)).containsExactly(GRACE);
    assertThat(action("GrantMailboxToManager").verify(ada, r).detail())
        .contains("nothing was handed over");
  }

  @Test
  void forwardingTheLeaverHadToAnotherAddressIsWhatTheRevocationPutsBack() {
    exo.addMailbox(
        Map.of(
            "userPrincipalName",
            "charles.babbage@contoso.example",
            "externalDirectoryObjectId",
            "c0c0c0c0-0000-4000-8000-00000000c0c0",
            "forwardingSmtpAddress",
            "smtp:charles@home.example",
            "deliverToMailboxAndForward",
            false));
    var charles =
        new dev.leaver.activities.target.Target(
            new dev.leaver.workflows.contract.Leaver(
                "E1003", "charles.babbage@contoso.example", GRACE),
            "c0c0c0c0-0000-4000-8000-00000000c0c0",
            "req-2");

    Receipt r = run("ForwardToManager", charles);
    assertThat(exo.mailbox(charles.accountId()).forwardingSmtpAddress()).isEqualTo("smtp:" + GRACE);
    assertThat(exo.mailbox(charles.accountId()).deliverToMailboxAndForward()).isTrue();
    action("ForwardToManager").undo(charles, r, Progress.inMemory());

    assertThat(r.notes()).isEmpty();
    assertThat(exo.mailbox(charles.accountId()).forwardingSmtpAddress())
        .isEqualTo("smtp:charles@home.example");
    assertThat(exo.mailbox(charles.accountId()).deliverToMailboxAndForward()).isFalse();
  }

  @Test
  void aMailboxForwardingToARecipientIsLeftForAnOperator() {
    exo.addMailbox(
        Map.of(
            "userPrincipalName",
            "charles.babbage@contoso.example",
            "externalDirectoryObjectId",
            "c0c0c0c0-0000-4000-8000-00000000c0c0",
            "forwardingAddress",
            "Difference Engine Team"));
    var charles =
        new dev.leaver.activities.target.Target(
            new dev.leaver.workflows.contract.Leaver(
                "E1003", "charles.babbage@contoso.example", GRACE),
            "c0c0c0c0-0000-4000-8000-00000000c0c0",
            "req-2");

    Receipt r = run("ForwardToManager", charles);

    assertThat(r.changed()).isFalse();
    assertThat(r.remaining()).singleElement().asString().contains("left alone");
    assertThat(exo.writes()).isZero();
  }

  @Test
  void theNoticeRetriedAfterALostAnswerIsSentExactlyOnce() {
    run("GrantMailboxToManager", ada);
    TargetAction notify = action("NotifyManager");
    Map<String, String> before = notify.snapshot(ada);
    assertThat(before).containsEntry("noticeSent", "no");
    sandbox
        .server()
        .faults()
        .add(Fault.dropAnswer("POST", "/graph/v1.0/users/" + FROM + "/sendMail").times(1));

    assertThatThrownBy(() -> attempt("NotifyManager", ada).apply(before))
        .as("the answer to sendMail is lost")
        .isInstanceOf(TargetException.Retryable.class);
    Receipt retried = attempt("NotifyManager", ada).apply(before);

    assertThat(retried.changed()).isTrue();
    assertThat(retried.notes()).anyMatch(n -> n.contains("earlier attempt of this step"));
    List<SentMail> sent = graph.sentMail(FROM);
    assertThat(sent)
        .as("one notice, not two")
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.to()).containsExactly(GRACE);
              assertThat(m.headers()).containsEntry("x-leaver-send-key", "req-1");
              assertThat(m.subject()).isEqualTo("Mailbox handover: " + ADA + " (Leaver ref req-1)");
              assertThat(m.content())
                  .contains(
                      "full access to the mailbox " + ADA,
                      "for the handover period set by your organisation's policy",
                      "Leaver reference: req-1");
            });
    assertThat(notify.snapshot(ada))
        .as("a later step's snapshot finds it")
        .containsEntry("noticeSent", "yes");
    assertThat(run("NotifyManager", ada).changed()).isFalse();
    assertThat(graph.sentMail(FROM)).hasSize(1);
  }

  @Test
  void theNoticeSaysSoWhenTheGrantIsStillWaitingForAnAdministrator() {
    Receipt r = run("NotifyManager", ada);

    assertThat(r.changed()).isTrue();
    assertThat(graph.sentMail(FROM))
        .singleElement()
        .extracting(SentMail::content)
        .asString()
        .contains("has not yet been able to give you access", "waiting for an administrator")
        .doesNotContain("full access to the mailbox");
  }

  @Test
  void theNoticeSaysUntilWhenTheHandoverRunsWhenTheRunKnowsAndNeverLeavesAnyRevocationBehind() {
    run("GrantMailboxToManager", ada);
    var withFacts =
        new dev.leaver.activities.target.Target(
            ada.leaver(),
            ADA_ID,
            "req-5",
            Map.of("handoverDays", "30", "handoverEndsAt", "2026-12-30T09:00:00Z"));

    Receipt r = run("NotifyManager", withFacts);

    assertThat(action("NotifyManager").spec().stage())
        .isEqualTo(dev.leaver.workflows.contract.Stage.HANDOVER);
    assertThat(r.reversible()).as("no revocation is scheduled for a notice").isFalse();
    assertThat(graph.sentMail(FROM))
        .singleElement()
        .extracting(SentMail::content)
        .asString()
        .contains(
            "This access lasts until 30 December 2026, 09:00 UTC, the end of the handover period"
                + " set by your organisation's policy");
    assertThat(NotifyManager.until(Map.of("handoverDays", "7")))
        .isEqualTo(
            "This access lasts for the handover period set by your organisation's policy: 7 days.");
  }

  @Test
  void theReminderBeforeTheHandoverEndsSaysWhenAndIsADifferentMailFromTheNotice() {
    run("GrantMailboxToManager", ada);
    run("NotifyManager", ada);
    var ending =
        new dev.leaver.activities.target.Target(
            ada.leaver(),
            ADA_ID,
            "req-9",
            Map.of("handoverDays", "30", "handoverEndsAt", "2026-12-30T09:00:00Z"));

    Receipt r = run("RemindManager", ending);

    assertThat(action("RemindManager").spec().stage())
        .isEqualTo(dev.leaver.workflows.contract.Stage.HANDOVER_ENDING);
    assertThat(r.changed()).isTrue();
    assertThat(r.reversible()).isFalse();
    assertThat(graph.sentMail(FROM))
        .hasSize(2)
        .last()
        .satisfies(
            m -> {
              assertThat(m.to()).containsExactly(GRACE);
              assertThat(m.subject())
                  .isEqualTo("Mailbox handover ends soon: " + ADA + " (Leaver ref req-9)");
              assertThat(m.content())
                  .contains("ends soon", "30 December 2026, 09:00 UTC", "keep what you need");
            });
    assertThat(run("RemindManager", ending).changed()).as("sent once").isFalse();
    assertThat(graph.sentMail(FROM)).hasSize(2);
  }

  @Test
  void theManagerIsToldOnceWhenTheHandoverHasEnded() {
    run("GrantMailboxToManager", ada);
    run("NotifyManager", ada);

    Receipt r = run("NotifyHandoverEnded", ada);

    assertThat(action("NotifyHandoverEnded").spec().stage())
        .isEqualTo(dev.leaver.workflows.contract.Stage.HANDOVER_ENDED);
    assertThat(r.changed()).isTrue();
    assertThat(r.reversible()).isFalse();
    assertThat(graph.sentMail(FROM))
        .hasSize(2)
        .last()
        .satisfies(
            m -> {
              assertThat(m.to()).containsExactly(GRACE);
              assertThat(m.subject()).startsWith("Mailbox handover ended: " + ADA);
              assertThat(m.content()).contains("has ended", "have been removed");
            });
    assertThat(run("NotifyHandoverEnded", ada).changed()).as("sent once").isFalse();
    assertThat(graph.sentMail(FROM)).hasSize(2);
  }

  private List<Invocation> cmdlets(String name) {
    return exo.invocations().stream().filter(i -> i.cmdlet().equals(name)).toList();
  }
}
