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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Takes the leaver out of every group that lists them as a direct member, in the apps configured
 * {@code patch-inactive} (where the deactivated user, and so its memberships, stay), with {@code
 * PATCH /Groups/{id}} removing {@code members[value eq "<user id>"]}. The items are {@code
 * <app>/<group id>}, each reported done at once; the undo adds the user back to exactly the groups
 * this step removed it from. Apps configured {@code delete} are left out: their deletion ends the
 * memberships.
 *
 * <p>Before-image, per app: {@code <app>.groups} (group ids, sorted) and {@code <app>.group.<id>}
 * (its displayName); {@code <app>.groups.unsupported} when the app serves no {@code /Groups} or
 * cannot search them by member.
 */
final class RemoveGroupMemberships implements TargetAction {
  static final String NAME = "RemoveGroupMemberships";
  static final String PERMISSION = "Groups: PATCH members";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.CLEANUP,
          true,
          PERMISSION,
          "Removes the leaver from every SCIM group that lists them, in the apps configured"
              + " patch-inactive; each app's group is an item.");

  private final List<ScimClient> apps;

  RemoveGroupMemberships(List<ScimClient> apps) {
    this.apps = List.copyOf(apps);
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    Accounts accounts = Accounts.parse(target.accountId());
    Map<String, String> before = new LinkedHashMap<>();
    for (ScimClient c : apps) {
      String id = accounts.id(c.app());
      if (id == null) {
        continue;
      }
      before.put(c.app() + ".id", id);
      Optional<List<ScimClient.Group>> groups = c.groupsOf(id);
      if (groups.isEmpty()) {
        before.put(c.app() + ".groups.unsupported", "no /Groups search by members.value");
        continue;
      }
      List<ScimClient.Group> sorted =
          groups.get().stream().sorted(Comparator.comparing(ScimClient.Group::id)).toList();
      before.put(
          c.app() + ".groups",
          sorted.stream().map(ScimClient.Group::id).collect(Collectors.joining(",")));
      sorted.forEach(g -> before.put(c.app() + ".group." + g.id(), g.displayName()));
    }
    return before;
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> items = items(before);
    if (items.isEmpty()) {
      return new Decision.NoOp(
          "the leaver is in no SCIM group of the patch-inactive apps" + unsupported(before));
    }
    return new Decision.Write(
        "SCIM PATCH Groups remove members[value eq <user>] for "
            + items.size()
            + " group(s): "
            + String.join(", ", items)
            + unsupported(before));
  }

  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    List<String> notes = new ArrayList<>();
    for (String item : items(before)) {
      if (progress.isDone(item)) {
        continue;
      }
      String app = item.substring(0, item.indexOf('/'));
      String group = item.substring(item.indexOf('/') + 1);
      progress.writing(item);
      if (AppUsers.client(apps, app).removeMember(group, before.get(app + ".id"))
          == ScimClient.Written.GONE) {
        notes.add(item + ": the group was gone (404)");
      }
      progress.done(item);
    }
    Map<String, String> after = new LinkedHashMap<>();
    apps.stream()
        .filter(c -> before.containsKey(c.app() + ".groups"))
        .forEach(c -> after.put(c.app() + ".groups", ""));
    return new Change(after, true, null, List.of(), notes);
  }

  /**
   * Adds the user back to the groups this step removed it from (its items, or every group of the
   * before-image for an apply that never answered), reading each app's memberships first so a
   * repeat writes nothing. A group deleted since cannot be restored and is refused.
   */
  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    Map<String, String> before = receipt.before();
    List<String> reported = Progress.itemsOf(receipt.after());
    List<String> refused = new ArrayList<>();
    Map<String, String> after = new LinkedHashMap<>();
    for (ScimClient c : apps) {
      String id = before.get(c.app() + ".id");
      List<String> wanted =
          items(before).stream()
              .filter(i -> i.startsWith(c.app() + "/"))
              .filter(i -> reported == null || reported.contains(i))
              .toList();
      if (wanted.isEmpty()) {
        continue;
      }
      Set<String> now =
          c.groupsOf(id).orElse(List.of()).stream()
              .map(g -> c.app() + "/" + g.id())
              .collect(Collectors.toSet());
      for (String item : wanted) {
        if (!now.contains(item)) {
          progress.beat();
          if (c.addMember(item.substring(item.indexOf('/') + 1), id) == ScimClient.Written.GONE) {
            refused.add(item + " (the group no longer exists)");
          }
        }
      }
      after.put(c.app() + ".groups", before.getOrDefault(c.app() + ".groups", ""));
    }
    if (!refused.isEmpty()) {
      throw new TargetException.Rejected(
          "scim: cannot re-add the leaver to " + String.join(", ", refused), null);
    }
    return after;
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    Accounts accounts = Accounts.parse(target.accountId());
    List<String> still = new ArrayList<>();
    for (ScimClient c : apps) {
      String id = accounts.id(c.app());
      if (id != null) {
        c.groupsOf(id).orElse(List.of()).forEach(g -> still.add(c.app() + "/" + g.id()));
      }
    }
    return still.isEmpty()
        ? Check.removed("no SCIM group lists the leaver in the patch-inactive apps")
        : Check.stillGranted("still a member of " + String.join(", ", still));
  }

  /** {@code <app>/<group id>} for every group of the before-image, in config then id order. */
  private List<String> items(Map<String, String> before) {
    List<String> items = new ArrayList<>();
    for (ScimClient c : apps) {
      String groups = before.get(c.app() + ".groups");
      if (groups != null && !groups.isEmpty()) {
        for (String g : groups.split(",")) {
          items.add(c.app() + "/" + g);
        }
      }
    }
    return items;
  }

  private String unsupported(Map<String, String> before) {
    List<String> none =
        apps.stream()
            .map(ScimClient::app)
            .filter(a -> before.containsKey(a + ".groups.unsupported"))
            .toList();
    return none.isEmpty() ? "" : "; " + String.join(", ", none) + " cannot list groups by member";
  }
}
