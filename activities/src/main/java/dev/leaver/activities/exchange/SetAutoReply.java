package dev.leaver.activities.exchange;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Switches on an automatic reply to everyone, inside and outside, that names the manager as the
 * contact (Graph {@code PATCH /users/{id}/mailboxSettings}). The leaver's own setting, whatever it
 * was, is the before-image; the undo restores it exactly.
 */
final class SetAutoReply implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "SetAutoReply",
          Stage.CLEANUP,
          true,
          AutoReplies.PERMISSION,
          "switch on an automatic reply that names the manager as the contact");
  private final AutoReplies replies;

  SetAutoReply(AutoReplies replies) {
    this.replies = replies;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** The text of the reply: no secret, only the manager's address. */
  static String message(String manager) {
    return "This mailbox is no longer monitored. Please contact " + manager + " instead.";
  }

  @Override
  public Map<String, String> snapshot(Target t) {
    return replies.read(t.accountId());
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    String manager = t.leaver().managerUpn();
    if (manager == null) {
      return new Decision.CannotHere(
          "no manager to name in the automatic reply",
          List.of("no manager on record to name as the contact in the automatic reply"));
    }
    if (isLeavers(before, manager)) {
      return new Decision.NoOp("the automatic reply already names the manager");
    }
    return new Decision.Write(
        "switch on an automatic reply to everyone naming the manager as the"
            + " contact; the reply set before ("
            + before.get(AutoReplies.STATUS)
            + ") is kept to restore");
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String manager = t.leaver().managerUpn();
    Map<String, String> wanted = new LinkedHashMap<>(before);
    wanted.put(AutoReplies.STATUS, "alwaysEnabled");
    wanted.put(AutoReplies.AUDIENCE, "all");
    wanted.put(AutoReplies.INTERNAL, message(manager));
    wanted.put(AutoReplies.EXTERNAL, message(manager));
    // The evidence keeps what was switched on, not the text (the before-image has the old one).
    Map<String, String> after =
        Map.of(
            AutoReplies.STATUS,
            "alwaysEnabled",
            AutoReplies.AUDIENCE,
            "all",
            "namesManager",
            "true");
    if (isLeavers(replies.read(t.accountId()), manager)) {
      return new Change(
          after,
          true,
          null,
          List.of(),
          List.of("set by an earlier attempt of this step whose answer was lost"));
    }
    progress.beat();
    replies.write(t.accountId(), wanted);
    return Change.of(after, true);
  }

  /**
   * Restores the reply from before the step exactly, read first: only while Leaver's reply is in
   * place (a repeat, or a reply someone set since, writes nothing).
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    Map<String, String> was = receipt.before();
    Map<String, String> now = replies.read(t.accountId());
    String manager = t.leaver().managerUpn();
    if (manager == null || isLeavers(was, manager) || now.equals(was) || !isLeavers(now, manager)) {
      return now;
    }
    progress.beat();
    replies.write(t.accountId(), was);
    return was;
  }

  /** An automatic reply grants no access: this checks it is on and names the manager. */
  @Override
  public Check verify(Target t, Receipt receipt) {
    String manager = t.leaver().managerUpn();
    if (manager == null) {
      return Check.removed("no reply was set: no manager to name");
    }
    Map<String, String> now = replies.read(t.accountId());
    return isLeavers(now, manager)
        ? Check.removed("the automatic reply is on and names the manager (it grants no access)")
        : Check.stillGranted(
            "the automatic reply Leaver set is not in place: " + now.get(AutoReplies.STATUS));
  }

  /**
   * Whether the reply is Leaver's: on, to everyone, both messages naming the manager. Exchange may
   * wrap a plain-text message in HTML when it stores it (UNCONFIRMED), so tags are ignored.
   */
  private static boolean isLeavers(Map<String, String> s, String manager) {
    String text = message(manager);
    return "alwaysEnabled".equals(s.get(AutoReplies.STATUS))
        && "all".equals(s.get(AutoReplies.AUDIENCE))
        && plain(s.get(AutoReplies.INTERNAL)).contains(text)
        && plain(s.get(AutoReplies.EXTERNAL)).contains(text);
  }

  private static String plain(String html) {
    return html == null ? "" : html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
  }
}
