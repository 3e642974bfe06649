package dev.leaver.activities.scim;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code DELETE /Users/{id}} in every app configured {@code deprovision: delete}: one step whose
 * items are the apps. It cannot be undone (SCIM re-creation gives a new id and loses what the app
 * kept), so the before-image holds each user's full resource, secrets left out, for an operator to
 * re-provision from.
 *
 * <p>A 404 to the DELETE, or to the read before it, means the user is gone: the retry of an attempt
 * whose answer was lost still reports the deletion as this step's change. Apps that keep a deleted
 * user as deactivated (Slack documents DELETE so) answer 200 with {@code active=false} afterwards,
 * which the verification accepts as removed.
 */
final class DeleteUsers implements TargetAction {
  static final String NAME = "DeleteUsers";
  static final String PERMISSION = "Users: DELETE";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          false,
          PERMISSION,
          "Deletes the leaver's user (SCIM DELETE) in every app configured delete; the full user"
              + " resource is kept in the before-image; cannot be undone.");

  private final List<ScimClient> apps;

  DeleteUsers(List<ScimClient> apps) {
    this.apps = List.copyOf(apps);
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    return AppUsers.snapshot(apps, Accounts.parse(target.accountId()), true);
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> present = present(before);
    List<String> left = AppUsers.ambiguous(apps, before);
    if (present.isEmpty()) {
      String plan =
          "no SCIM app configured delete has a user for the leaver"
              + AppUsers.already(List.of(), before)
              + gone(before);
      return left.isEmpty() ? new Decision.NoOp(plan) : new Decision.CannotHere(plan, left);
    }
    return new Decision.Write(
        "SCIM DELETE of the leaver's user in "
            + String.join(", ", present)
            + " (the full resources are kept in the before-image); cannot be undone",
        left);
  }

  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    Map<String, String> after = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (String app : present(before)) {
      if (!progress.isDone(app)) {
        progress.writing(app);
        String id = before.get(app + ".id");
        if (AppUsers.client(apps, app).delete(id) == ScimClient.Written.GONE) {
          notes.add(
              app
                  + ": Users/"
                  + id
                  + " answered 404: deleted already, by an earlier attempt"
                  + " of this step whose answer was lost or by someone else since the before-image");
        }
        progress.done(app);
      }
      after.put(app + ".deleted", "true");
    }
    notes.add("SCIM DELETE cannot be undone: re-provision from the before-image's <app>.resource");
    return new Change(after, true, null, List.of(), notes);
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    Accounts accounts = Accounts.parse(target.accountId());
    List<String> seen = new ArrayList<>();
    boolean removed = true;
    for (ScimClient c : apps) {
      if (!accounts.ambiguous(c.app()).isEmpty()) {
        removed = false;
        seen.add(c.app() + ": ambiguous, not touched");
        continue;
      }
      String id = accounts.id(c.app());
      if (id == null) {
        continue;
      }
      Optional<ScimClient.User> u = c.user(id);
      if (u.isEmpty()) {
        seen.add(c.app() + ": Users/" + id + " gone (404)");
      } else if (!u.get().active()) {
        seen.add(
            c.app()
                + ": Users/"
                + id
                + " still listed, active=false (the app deactivates on DELETE)");
      } else {
        removed = false;
        seen.add(c.app() + ": Users/" + id + " still there, active=true");
      }
    }
    String detail = seen.isEmpty() ? "no account in the delete apps" : String.join("; ", seen);
    return removed ? Check.removed(detail) : Check.stillGranted(detail);
  }

  private List<String> present(Map<String, String> before) {
    List<String> out = new ArrayList<>();
    for (ScimClient c : apps) {
      if (before.containsKey(c.app() + ".userName")) {
        out.add(c.app());
      }
    }
    return out;
  }

  private String gone(Map<String, String> before) {
    List<String> gone = new ArrayList<>();
    for (ScimClient c : apps) {
      if (before.containsKey(c.app() + ".missing")) {
        gone.add(c.app());
      }
    }
    return gone.isEmpty() ? "" : "; already gone from " + String.join(", ", gone);
  }
}
