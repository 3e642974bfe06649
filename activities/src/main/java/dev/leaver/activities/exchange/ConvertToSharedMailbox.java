package dev.leaver.activities.exchange;

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
 * Converts the leaver's mailbox to a shared mailbox ({@code Set-Mailbox -Type Shared}): nobody
 * signs in to it, and up to 50 GB it needs no licence, so Entra can remove the leaver's licence
 * without the mail being deleted after the grace period. The undo converts it back ({@code -Type
 * Regular}) only if it was a user mailbox before.
 */
final class ConvertToSharedMailbox extends MailboxAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "ConvertToSharedMailbox",
          Stage.CLEANUP,
          true,
          Mailboxes.PERMISSION,
          "convert the leaver's mailbox to a shared mailbox, so its licence can go"
              + " without losing the mail");
  static final String TYPE = "recipientTypeDetails";
  private static final String USER = "UserMailbox";
  private static final String SHARED = "SharedMailbox";

  ConvertToSharedMailbox(Mailboxes mailboxes) {
    super(SPEC, mailboxes);
  }

  @Override
  public Map<String, String> snapshot(Target t) {
    return Map.of(TYPE, mailboxes.get(t.accountId()).type());
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    String type = before.get(TYPE);
    if (SHARED.equals(type)) {
      return new Decision.NoOp("already a shared mailbox");
    }
    if (!USER.equals(type)) {
      return new Decision.NoOp("a " + type + " is not a person's own mailbox: not converted");
    }
    return new Decision.Write("convert the user mailbox to a shared mailbox");
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    if (SHARED.equals(mailboxes.get(t.accountId()).type())) {
      return new Change(
          Map.of(TYPE, SHARED),
          true,
          null,
          List.of(),
          List.of("converted by an earlier attempt of this step whose answer was lost"));
    }
    progress.beat();
    String requestId = mailboxes.set(t.accountId(), Map.of("Type", "Shared"));
    return new Change(Map.of(TYPE, SHARED), true, requestId, List.of(), List.of());
  }

  /** Converts back to a user mailbox, only when it was one and is shared now (read first). */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    String was = receipt.before().get(TYPE);
    if (!USER.equals(was)) {
      return Map.of(TYPE, String.valueOf(was));
    }
    String now = mailboxes.get(t.accountId()).type();
    if (!SHARED.equals(now)) {
      return Map.of(TYPE, now);
    }
    progress.beat();
    mailboxes.set(t.accountId(), Map.of("Type", "Regular"));
    return Map.of(TYPE, USER);
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    if (!USER.equals(receipt.before().get(TYPE))) {
      return Check.removed("nothing to convert: it was a " + receipt.before().get(TYPE));
    }
    String now = mailboxes.get(t.accountId()).type();
    return SHARED.equals(now)
        ? Check.removed(
            "a shared mailbox: nobody signs in to it and it needs no licence up to 50 GB")
        : Check.stillGranted("still a " + now);
  }
}
