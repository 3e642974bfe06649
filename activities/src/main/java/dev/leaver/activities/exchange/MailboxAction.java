package dev.leaver.activities.exchange;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.TargetAction;

/**
 * An action that runs mailbox cmdlets: its spec and the typed cmdlets it shares with the others.
 */
abstract class MailboxAction implements TargetAction {
  final Mailboxes mailboxes;
  private final ActionSpec spec;

  MailboxAction(ActionSpec spec, Mailboxes mailboxes) {
    this.spec = spec;
    this.mailboxes = mailboxes;
  }

  @Override
  public final ActionSpec spec() {
    return spec;
  }
}
