package dev.leaver.activities.scim;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PATCH /Users/{id}} replacing {@code active} with false, in every app configured {@code
 * deprovision: patch-inactive}: one step whose items are the apps, each reported done as soon as it
 * is deactivated, so a retry goes on with the next app and an undo reactivates exactly the apps
 * this step deactivated. The undo sets {@code active=true} again only where the before-image shows
 * the user active.
 *
 * <p>Before-image, per app: {@code <app>.id}, {@code <app>.userName}, {@code <app>.active}; {@code
 * <app>.missing} when the resolved user is gone (404), {@code <app>.ambiguous} with the candidates
 * when two users matched (neither is touched; the step parks for an operator).
 */
final class DeactivateUsers implements TargetAction {
  static final String NAME = "DeactivateUsers";
  static final String PERMISSION = "Users: PATCH active";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          true,
          PERMISSION,
          "Deactivates the leaver's user (SCIM PATCH active=false) in every app configured"
              + " patch-inactive; the apps are the step's items.");

  private final List<ScimClient> apps;

  DeactivateUsers(List<ScimClient> apps) {
    this.apps = List.copyOf(apps);
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    return AppUsers.snapshot(apps, Accounts.parse(target.accountId()), false);
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> active = AppUsers.appsWhere(apps, before, "active", "true");
    List<String> left = AppUsers.ambiguous(apps, before);
    if (active.isEmpty()) {
      String plan =
          "no SCIM app configured patch-inactive has an active user for the leaver"
              + AppUsers.already(apps, before);
      return left.isEmpty() ? new Decision.NoOp(plan) : new Decision.CannotHere(plan, left);
    }
    return new Decision.Write("SCIM PATCH active=false in " + String.join(", ", active), left);
  }

  /**
   * PATCH active=false is idempotent (a repeat answers 200 or 204 and changes nothing), so an app
   * whose answer was lost is simply written again unless its progress says done; a 404 means the
   * user is gone, which removes the access as well and is noted.
   */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    Map<String, String> after = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (String app : AppUsers.appsWhere(apps, before, "active", "true")) {
      if (!progress.isDone(app)) {
        progress.writing(app);
        ScimClient.Written w = AppUsers.client(apps, app).setActive(before.get(app + ".id"), false);
        if (w == ScimClient.Written.GONE) {
          notes.add(app + ": the user was gone (404) when deactivated; no access is left there");
        }
        progress.done(app);
      }
      after.put(app + ".active", "false");
    }
    notes.add("SCIM PATCH active=false; what an inactive user may still do is the app's own rule");
    return new Change(after, true, null, List.of(), notes);
  }

  /**
   * Sets {@code active=true} in the apps this step deactivated (its reported items, or, for an
   * apply that never answered, every app the before-image shows active), reading each first so a
   * repeat writes nothing. An app whose user is gone meanwhile cannot be restored and is refused.
   */
  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    Map<String, String> before = receipt.before();
    List<String> items = Progress.itemsOf(receipt.after());
    Map<String, String> after = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    for (String app : AppUsers.appsWhere(apps, before, "active", "true")) {
      if (items != null && !items.contains(app)) {
        continue;
      }
      ScimClient client = AppUsers.client(apps, app);
      String id = before.get(app + ".id");
      Optional<ScimClient.User> now = client.user(id);
      if (now.isPresent() && !now.get().active()) {
        progress.beat();
        if (client.setActive(id, true) == ScimClient.Written.GONE) {
          now = Optional.empty();
        }
      }
      if (now.isEmpty()) {
        refused.add(app + ": user " + id + " no longer exists (404); re-provision it in the app");
        continue;
      }
      after.put(app + ".active", "true");
    }
    if (!refused.isEmpty()) {
      throw new TargetException.Rejected(
          "scim: cannot reactivate " + String.join("; ", refused), null);
    }
    return after;
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    Accounts accounts = Accounts.parse(target.accountId());
    List<String> seen = new ArrayList<>();
    boolean removed = true;
    for (ScimClient c : apps) {
      String id = accounts.id(c.app());
      if (!accounts.ambiguous(c.app()).isEmpty()) {
        removed = false;
        seen.add(c.app() + ": ambiguous, not touched");
        continue;
      }
      if (id == null) {
        continue;
      }
      Optional<ScimClient.User> u = c.user(id);
      if (u.isEmpty()) {
        seen.add(c.app() + ": Users/" + id + " gone (404)");
      } else {
        removed &= !u.get().active();
        seen.add(c.app() + ": Users/" + id + " active=" + u.get().active());
      }
    }
    String detail =
        seen.isEmpty() ? "no account in the patch-inactive apps" : String.join("; ", seen);
    return removed ? Check.removed(detail) : Check.stillGranted(detail);
  }
}
