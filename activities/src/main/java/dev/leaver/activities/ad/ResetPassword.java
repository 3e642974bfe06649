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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Replaces the password with a random one that is never stored, logged or shown ({@code unicodePwd}
 * = the quoted password in UTF-16LE, which AD accepts only over TLS). Irreversible: the old
 * password cannot be put back, and the evidence says so. A retry whose earlier attempt landed sets
 * yet another random password, which is harmless.
 */
final class ResetPassword implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "ResetPassword",
          Stage.KILL_SWITCH,
          false,
          "reset password",
          "replace the password with a random one nobody is told");
  private static final String CHARS =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%*+-=?@";
  private final Directory directory;
  private final SecureRandom random;

  ResetPassword(Directory directory, SecureRandom random) {
    this.directory = directory;
    this.random = random;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target t) {
    return Map.of("pwdLastSet", pwdLastSet(t));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    return new Decision.Write("replace the password with a random one (not recorded)");
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    SearchResultEntry account = directory.entry(t.accountId(), "pwdLastSet");
    String set = pwdLastSet(account);
    if (set.isEmpty() || set.equals(before.get("pwdLastSet"))) {
      progress.beat();
      directory.modify(
          SPEC.permission(),
          account.getDN(),
          new Modification(ModificationType.REPLACE, "unicodePwd", quotedUtf16(randomPassword())));
      set = pwdLastSet(t);
    }
    return Change.of(Map.of("pwdLastSet", set.isEmpty() ? "reset" : set), true);
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    String set = pwdLastSet(t);
    return set.isEmpty() || !set.equals(receipt.before().get("pwdLastSet"))
        ? Check.removed("password replaced; the new one was never stored or shown")
        : Check.stillGranted("pwdLastSet unchanged: " + set);
  }

  private String pwdLastSet(Target t) {
    return pwdLastSet(directory.entry(t.accountId(), "pwdLastSet"));
  }

  private static String pwdLastSet(SearchResultEntry account) {
    String v = account.getAttributeValue("pwdLastSet");
    return v == null ? "" : v;
  }

  /** 32 characters from upper, lower, digits and symbols: meets AD's complexity rule. */
  private String randomPassword() {
    StringBuilder pw = new StringBuilder("Aa1!");
    for (int i = 0; i < 28; i++) {
      pw.append(CHARS.charAt(random.nextInt(CHARS.length())));
    }
    return pw.toString();
  }

  private static byte[] quotedUtf16(String password) {
    return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
  }
}
