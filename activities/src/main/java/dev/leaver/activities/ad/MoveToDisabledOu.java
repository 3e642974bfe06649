package dev.leaver.activities.ad;

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
 * Moves the account into the configured Disabled OU (a ModifyDN with a new superior, keeping its
 * RDN); the undo moves it back to the OU it was in. A name already taken in the Disabled OU is a
 * refusal for an operator (LDAP 68), never a silent skip.
 */
final class MoveToDisabledOu implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "MoveToDisabledOu",
          Stage.CLEANUP,
          true,
          "move users to the Disabled OU",
          "move the account to the Disabled OU");
  private final Directory directory;

  MoveToDisabledOu(Directory directory) {
    this.directory = directory;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target t) {
    String dn = AdTarget.dnOf(directory, t.accountId());
    return Map.of("ou", Directory.parentOf(dn));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    String ou = directory.config().disabledOu();
    return Directory.sameDn(before.get("ou"), ou)
        ? new Decision.NoOp("already in " + ou)
        : new Decision.Write("move from " + before.get("ou") + " to " + ou);
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String ou = directory.config().disabledOu();
    String dn = AdTarget.dnOf(directory, t.accountId());
    if (!Directory.sameDn(Directory.parentOf(dn), ou)) {
      progress.beat();
      directory.move(SPEC.permission(), dn, ou);
    }
    return Change.of(Map.of("ou", ou), true);
  }

  /**
   * Moves it back only while it is still in the Disabled OU: a later move by someone else stands.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    String dn = AdTarget.dnOf(directory, t.accountId());
    String was = receipt.before().get("ou");
    if (Directory.sameDn(Directory.parentOf(dn), directory.config().disabledOu())
        && !Directory.sameDn(was, Directory.parentOf(dn))) {
      progress.beat();
      directory.move(SPEC.permission(), dn, was);
      return Map.of("ou", was);
    }
    return Map.of("ou", Directory.parentOf(dn));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    String ou = Directory.parentOf(AdTarget.dnOf(directory, t.accountId()));
    return Directory.sameDn(ou, directory.config().disabledOu())
        ? Check.removed("in " + ou)
        : Check.stillGranted("still in " + ou);
  }
}
