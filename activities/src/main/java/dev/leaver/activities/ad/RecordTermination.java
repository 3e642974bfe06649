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
 * Writes the termination date and the HR event id to {@code description} (or {@code info}), so
 * whoever finds the account in AD sees why it is disabled; the undo puts back the earlier text.
 */
final class RecordTermination implements TargetAction {
  private final Directory directory;
  private final String attribute;
  private final ActionSpec spec;

  RecordTermination(Directory directory) {
    this.directory = directory;
    this.attribute = directory.config().noteAttribute();
    this.spec =
        ActionSpec.of(
            "RecordTermination",
            Stage.CLEANUP,
            true,
            "write " + attribute,
            "write the termination date and HR event id to " + attribute);
  }

  @Override
  public ActionSpec spec() {
    return spec;
  }

  @Override
  public Map<String, String> snapshot(Target t) {
    return Map.of(attribute, current(t));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    String note = note(t);
    return note.equals(before.get(attribute))
        ? new Decision.NoOp(attribute + " already records it")
        : new Decision.Write(attribute + ": \"" + note + "\"");
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String note = note(t);
    SearchResultEntry account = account(t);
    if (!note.equals(current(account))) {
      progress.beat();
      replace(account.getDN(), note);
    }
    return Change.of(Map.of(attribute, note), true);
  }

  /** Puts back the earlier text only while ours is still there: someone's later edit stands. */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    String was = receipt.before().getOrDefault(attribute, "");
    SearchResultEntry account = account(t);
    String now = current(account);
    if (now.startsWith(PREFIX) && !now.equals(was)) {
      progress.beat();
      replace(account.getDN(), was);
      return Map.of(attribute, was);
    }
    return Map.of(attribute, now);
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    String now = current(t);
    return now.startsWith(PREFIX)
        ? Check.removed(attribute + " records the termination")
        : Check.stillGranted(attribute + " does not record the termination");
  }

  private static final String PREFIX = "Offboarded by Leaver";

  /** The text, from the run's facts; the same on every attempt of the step. */
  private static String note(Target t) {
    String day = t.facts().getOrDefault("effectiveAt", "an unknown date");
    day = day.length() >= 10 && day.charAt(4) == '-' ? day.substring(0, 10) : day;
    String event = t.facts().get("hrEventId");
    return PREFIX + ": left " + day + (event == null ? "" : ", HR event " + event);
  }

  /** The account with the note attribute, in one search: its DN is where a write goes. */
  private SearchResultEntry account(Target t) {
    return directory.entry(t.accountId(), attribute);
  }

  private String current(Target t) {
    return current(account(t));
  }

  private String current(SearchResultEntry account) {
    String v = account.getAttributeValue(attribute);
    return v == null ? "" : v;
  }

  private void replace(String dn, String value) {
    directory.modify(
        spec.permission(),
        dn,
        value.isEmpty()
            ? new Modification(ModificationType.REPLACE, attribute)
            : new Modification(ModificationType.REPLACE, attribute, value));
  }
}
