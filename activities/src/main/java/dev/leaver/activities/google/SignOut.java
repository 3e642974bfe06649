package dev.leaver.activities.google;

import com.google.api.services.directory.model.User;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Signs the user out of every web and device session ({@code users.signOut}). Nothing can be
 * restored, so it is irreversible. Google has no API that lists a user's sessions: the verification
 * can only show that the sign-out was acknowledged and whether the account is suspended, and says
 * so.
 */
final class SignOut implements TargetAction {
  static final String SIGNED_OUT_AT = "signedOutAt";
  private static final String SUSPENDED = "suspended";
  static final ActionSpec SPEC =
      ActionSpec.of(
          "SignOut",
          Stage.KILL_SWITCH,
          false,
          GoogleClients.USER_SECURITY,
          "Signs the Google account out of every web and device session (users.signOut).");

  private final GoogleClients clients;
  private final Clock clock;

  SignOut(GoogleClients clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    return Map.of(SUSPENDED, Boolean.toString(suspended(target)));
  }

  /** Always signs out: a repeat is harmless and ends a session begun since the last one. */
  @Override
  public Decision decide(Target target, Map<String, String> before) {
    return new Decision.Write(
        "users.signOut on Google user "
            + target.accountId()
            + ": ends every web and device session; cannot be undone");
  }

  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    clients.call(
        "users.signOut",
        GoogleClients.USER_SECURITY,
        () ->
            clients
                .directory(GoogleClients.USER_SECURITY)
                .users()
                .signOut(target.accountId())
                .execute());
    return new Change(
        Map.of(SIGNED_OUT_AT, clock.instant().toString()),
        true,
        null,
        List.of(),
        List.of("signed out of every session; Google does not say how many there were"));
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    boolean suspended = suspended(target);
    String at = receipt == null ? null : receipt.after().get(SIGNED_OUT_AT);
    String seen =
        "Google has no API to list sessions; users.get suspended="
            + suspended
            + (at == null ? "; no sign-out on record" : "; sign-out acknowledged at " + at);
    return at != null || suspended ? Check.removed(seen) : Check.stillGranted(seen);
  }

  private boolean suspended(Target target) {
    User u =
        clients.call(
            "users.get",
            GoogleClients.USER_READONLY,
            () ->
                clients
                    .directory(GoogleClients.USER_READONLY)
                    .users()
                    .get(target.accountId())
                    .execute());
    return Boolean.TRUE.equals(u.getSuspended());
  }
}
