package dev.leaver.activities.exchange;

import dev.leaver.activities.exchange.Mailboxes.FullAccess;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.List;
import java.util.Map;

/**
 * The handover: the manager gets FullAccess to the leaver's mailbox ({@code Add-MailboxPermission
 * -AccessRights FullAccess -AutoMapping $false}: not added to their Outlook by itself); its undo,
 * run when the handover period ends, removes that entry. FullAccess the manager held before the
 * step is left alone, and never taken back by Leaver.
 */
final class GrantMailboxToManager extends MailboxAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "GrantMailboxToManager",
          Stage.HANDOVER,
          true,
          Mailboxes.PERMISSION,
          "give the manager FullAccess to the leaver's mailbox for the handover period");
  static final String ACCESS = "managerFullAccess";

  GrantMailboxToManager(Mailboxes mailboxes) {
    super(SPEC, mailboxes);
  }

  /** {@code managerFullAccess}: none, explicit or inherited. */
  @Override
  public Map<String, String> snapshot(Target t) {
    String manager = t.leaver().managerUpn();
    return Map.of(
        ACCESS,
        manager == null
            ? FullAccess.NONE.value()
            : mailboxes.fullAccess(t.accountId(), manager).value());
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    if (t.leaver().managerUpn() == null) {
      return new Decision.CannotHere(
          "no manager to hand over to",
          List.of("no manager on record to hand the mailbox over to"));
    }
    if (!FullAccess.NONE.value().equals(before.get(ACCESS))) {
      // Taken before this step's first attempt: the manager had it before Leaver.
      return new Decision.NoOp(
          "the manager had FullAccess ("
              + before.get(ACCESS)
              + ") to the mailbox "
              + "before this offboarding; left alone, not revoked by Leaver");
    }
    return new Decision.Write(
        "give the manager FullAccess to the mailbox for the handover period, "
            + "not added to their Outlook automatically");
  }

  /**
   * Grants FullAccess, or finds the grant an earlier attempt of this step made (the before-image
   * says the manager had none), so the step records it as its change and its revocation runs.
   */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String manager = t.leaver().managerUpn();
    String requestId = null;
    List<String> notes = List.of();
    if (mailboxes.fullAccess(t.accountId(), manager) == FullAccess.EXPLICIT) {
      notes = List.of("granted by an earlier attempt of this step whose answer was lost");
    } else {
      progress.beat();
      requestId = mailboxes.addFullAccess(t.accountId(), manager);
    }
    return new Change(
        Map.of(ACCESS, FullAccess.EXPLICIT.value()), true, requestId, List.of(), notes);
  }

  /**
   * Takes back Leaver's grant, read first: removes the manager's explicit FullAccess only when it
   * is there now, so a repeat writes nothing. Access the manager had before the step (the
   * before-image) is never touched.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    String had = receipt.before().getOrDefault(ACCESS, FullAccess.NONE.value());
    String manager = t.leaver().managerUpn();
    if (manager == null || !FullAccess.NONE.value().equals(had)) {
      return Map.of(ACCESS, had);
    }
    FullAccess now = mailboxes.fullAccess(t.accountId(), manager);
    if (now != FullAccess.EXPLICIT) {
      return Map.of(ACCESS, now.value()); // never landed, or already taken back
    }
    progress.beat();
    mailboxes.removeFullAccess(t.accountId(), manager);
    return Map.of(ACCESS, FullAccess.NONE.value());
  }

  /** Meaningful after the revocation: the manager's FullAccess from Leaver must be gone. */
  @Override
  public Check verify(Target t, Receipt receipt) {
    String manager = t.leaver().managerUpn();
    if (manager == null || !FullAccess.NONE.value().equals(receipt.before().get(ACCESS))) {
      return Check.removed("nothing was handed over by Leaver");
    }
    return mailboxes.fullAccess(t.accountId(), manager) == FullAccess.EXPLICIT
        ? Check.stillGranted("the manager still has FullAccess to the mailbox")
        : Check.removed("the manager has no FullAccess to the mailbox");
  }
}
