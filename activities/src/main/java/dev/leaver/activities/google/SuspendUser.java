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
import java.util.List;
import java.util.Map;

/**
 * Suspends the account ({@code users.update suspended=true}, which Google applies with patch
 * semantics): the user can no longer sign in, and apps can no longer act as the user. The undo
 * lifts the suspension only when the before-image shows the account was not suspended.
 */
final class SuspendUser implements TargetAction {
  static final String SUSPENDED = "suspended";
  static final ActionSpec SPEC =
      ActionSpec.of(
          "SuspendUser",
          Stage.KILL_SWITCH,
          true,
          GoogleClients.USER,
          "Suspends the Google Workspace account (users.update suspended=true).");

  private final GoogleClients clients;

  SuspendUser(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    return Map.of(SUSPENDED, Boolean.toString(suspended(target)));
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    if ("true".equals(before.get(SUSPENDED))) {
      return new Decision.NoOp("the Google account is already suspended");
    }
    return new Decision.Write("users.update suspended=true on Google user " + target.accountId());
  }

  /** Setting suspended=true again after a lost answer answers the same user. */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    User after = set(target, true);
    return new Change(
        Map.of(SUSPENDED, Boolean.toString(Boolean.TRUE.equals(after.getSuspended()))),
        true,
        null,
        List.of(),
        List.of("suspended; Google refuses the account's sign-ins from now"));
  }

  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    if ("true".equals(receipt.before().get(SUSPENDED)) || !suspended(target)) {
      return snapshot(target);
    }
    progress.beat();
    User after = set(target, false);
    return Map.of(SUSPENDED, Boolean.toString(Boolean.TRUE.equals(after.getSuspended())));
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    return suspended(target)
        ? Check.removed("users.get: suspended=true")
        : Check.stillGranted("users.get: suspended=false");
  }

  private boolean suspended(Target target) {
    User u =
        clients.call(
            "users.get",
            GoogleClients.USER,
            () -> clients.directory(GoogleClients.USER).users().get(target.accountId()).execute());
    return Boolean.TRUE.equals(u.getSuspended());
  }

  private User set(Target target, boolean suspended) {
    return clients.call(
        "users.update",
        GoogleClients.USER,
        () ->
            clients
                .directory(GoogleClients.USER)
                .users()
                .update(target.accountId(), new User().setSuspended(suspended))
                .execute());
  }
}
