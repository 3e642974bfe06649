package dev.leaver.activities.exchange;

import dev.leaver.activities.exchange.Mailboxes.Mailbox;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handover of new mail: {@code Set-Mailbox -ForwardingSmtpAddress smtp:<manager>
 * -DeliverToMailboxAndForward $true} (a copy stays in the mailbox). Its undo, when the handover
 * period ends, puts back the forwarding the mailbox had before, whatever it was: an earlier forward
 * to an outside address comes back with it, so remove that with its own step if it must not. A
 * mailbox forwarding to a recipient ({@code ForwardingAddress}, which overrides SMTP forwarding) is
 * left for an operator.
 */
final class ForwardToManager extends MailboxAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "ForwardToManager",
          Stage.HANDOVER,
          true,
          Mailboxes.PERMISSION,
          "forward new mail for the leaver to the manager for the handover period");
  static final String SMTP = "forwardingSmtpAddress";
  static final String RECIPIENT = "forwardingAddress";
  static final String KEEP_COPY = "deliverToMailboxAndForward";

  ForwardToManager(Mailboxes mailboxes) {
    super(SPEC, mailboxes);
  }

  @Override
  public Map<String, String> snapshot(Target t) {
    return state(mailboxes.get(t.accountId()));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    String manager = t.leaver().managerUpn();
    if (manager == null) {
      return new Decision.CannotHere(
          "no manager to forward to",
          List.of("no manager on record to forward the leaver's mail to"));
    }
    if (!before.get(RECIPIENT).isEmpty()) {
      return new Decision.CannotHere(
          "the mailbox forwards to a recipient (ForwardingAddress), which "
              + "overrides SMTP forwarding",
          List.of(
              "mail is forwarded to a recipient set before Leaver;"
                  + " left alone: an operator decides whether the manager gets it instead"));
    }
    if (toManager(before, manager)) {
      return new Decision.NoOp(
          "mail was forwarded to the manager before this offboarding; left alone,"
              + " not revoked by Leaver");
    }
    return new Decision.Write(
        "forward new mail to the manager, keeping a copy in the mailbox"
            + (before.get(SMTP).isEmpty()
                ? ""
                : "; replaces the forwarding set before, which the" + " revocation puts back"));
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String manager = t.leaver().managerUpn();
    Map<String, String> after = Map.of(SMTP, "smtp:" + manager, RECIPIENT, "", KEEP_COPY, "true");
    if (toManager(state(mailboxes.get(t.accountId())), manager)) {
      return new Change(
          after,
          true,
          null,
          List.of(),
          List.of("set by an earlier attempt of this step whose answer was lost"));
    }
    progress.beat();
    String requestId =
        mailboxes.set(
            t.accountId(),
            Map.of("ForwardingSmtpAddress", "smtp:" + manager, "DeliverToMailboxAndForward", true));
    return new Change(after, true, requestId, List.of(), List.of());
  }

  /**
   * Puts back the forwarding from before the step, read first: only while the manager's forwarding
   * is still in place (a repeat, or a change someone made since, writes nothing).
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    Map<String, String> was = receipt.before();
    String manager = t.leaver().managerUpn();
    Map<String, String> now = state(mailboxes.get(t.accountId()));
    if (manager == null || toManager(was, manager) || !toManager(now, manager)) {
      return now;
    }
    Map<String, Object> restore = new LinkedHashMap<>();
    restore.put("ForwardingSmtpAddress", was.get(SMTP).isEmpty() ? null : was.get(SMTP));
    restore.put("DeliverToMailboxAndForward", Boolean.parseBoolean(was.get(KEEP_COPY)));
    progress.beat();
    mailboxes.set(t.accountId(), restore);
    return Map.of(
        SMTP, was.get(SMTP), RECIPIENT, was.get(RECIPIENT), KEEP_COPY, was.get(KEEP_COPY));
  }

  /** Meaningful after the revocation: mail must no longer go to the manager through Leaver. */
  @Override
  public Check verify(Target t, Receipt receipt) {
    String manager = t.leaver().managerUpn();
    if (manager == null
        || toManager(receipt.before(), manager)
        || !receipt.before().getOrDefault(RECIPIENT, "").isEmpty()) {
      return Check.removed("nothing was forwarded by Leaver");
    }
    return toManager(state(mailboxes.get(t.accountId())), manager)
        ? Check.stillGranted("new mail is still forwarded to the manager")
        : Check.removed("new mail is not forwarded to the manager");
  }

  private static Map<String, String> state(Mailbox m) {
    return Map.of(
        SMTP,
        m.forwardingSmtpAddress(),
        RECIPIENT,
        m.forwardingAddress(),
        KEEP_COPY,
        Boolean.toString(m.deliverToMailboxAndForward()));
  }

  /** Forwarding to the manager with a copy kept: what this action sets. */
  private static boolean toManager(Map<String, String> s, String manager) {
    return ("smtp:" + manager).equalsIgnoreCase(s.getOrDefault(SMTP, ""))
        && Boolean.parseBoolean(s.get(KEEP_COPY));
  }
}
