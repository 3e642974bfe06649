package dev.leaver.activities.ad;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.Map;

/**
 * Sets ACCOUNTDISABLE (0x2) in {@code userAccountControl} and nothing else: every other flag
 * (password never expires, smart card required, …) is kept exactly as it was, and the undo clears
 * only that bit. {@code accountExpires} is not a disable and is left alone.
 */
final class DisableAccount implements TargetAction {
  static final int ACCOUNTDISABLE = 0x2;
  static final ActionSpec SPEC =
      ActionSpec.of(
          "DisableAccount",
          Stage.KILL_SWITCH,
          true,
          "write userAccountControl",
          "set ACCOUNTDISABLE (0x2) in userAccountControl, keeping every other flag");
  private final Directory directory;

  DisableAccount(Directory directory) {
    this.directory = directory;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target t) {
    int uac = uac(t);
    return Map.of(
        "userAccountControl",
        String.valueOf(uac),
        "disabled",
        String.valueOf((uac & ACCOUNTDISABLE) != 0));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    if ("true".equals(before.get("disabled"))) {
      return new Decision.NoOp("already disabled before this offboarding");
    }
    int uac = Integer.parseInt(before.get("userAccountControl"));
    return new Decision.Write(
        "set ACCOUNTDISABLE: userAccountControl " + uac + " → " + (uac | ACCOUNTDISABLE));
  }

  /** Sets the bit on the flags as they are now; a bit already set was set by an earlier attempt. */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    SearchResultEntry account = account(t);
    int now = uac(account);
    if ((now & ACCOUNTDISABLE) == 0) {
      progress.beat();
      write(account.getDN(), now | ACCOUNTDISABLE);
    }
    return Change.of(
        Map.of("userAccountControl", String.valueOf(now | ACCOUNTDISABLE), "disabled", "true"),
        true);
  }

  /**
   * Clears the bit only if it was clear before the step and is set now; other flags as they are
   * now.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    SearchResultEntry account = account(t);
    int now = uac(account);
    if ("false".equals(receipt.before().get("disabled")) && (now & ACCOUNTDISABLE) != 0) {
      progress.beat();
      now &= ~ACCOUNTDISABLE;
      write(account.getDN(), now);
    }
    return Map.of(
        "userAccountControl",
        String.valueOf(now),
        "disabled",
        String.valueOf((now & ACCOUNTDISABLE) != 0));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    int uac = uac(t);
    return (uac & ACCOUNTDISABLE) != 0
        ? Check.removed("userAccountControl " + uac + " has ACCOUNTDISABLE")
        : Check.stillGranted("userAccountControl " + uac + " has no ACCOUNTDISABLE");
  }

  /** The account with its flags, in one search: its DN is where a write goes. */
  private SearchResultEntry account(Target t) {
    return directory.entry(t.accountId(), "userAccountControl");
  }

  private int uac(Target t) {
    return uac(account(t));
  }

  private static int uac(SearchResultEntry account) {
    String v = account.getAttributeValue("userAccountControl");
    if (v == null) {
      // Writing a value made from nothing would wipe every other flag: refuse instead.
      throw new dev.leaver.activities.target.TargetException.PermissionDenied(
          "userAccountControl cannot be read: needs read users and groups", null);
    }
    return Integer.parseInt(v);
  }

  private void write(String dn, int uac) {
    directory.modify(
        SPEC.permission(),
        dn,
        new Modification(ModificationType.REPLACE, "userAccountControl", String.valueOf(uac)));
  }
}
