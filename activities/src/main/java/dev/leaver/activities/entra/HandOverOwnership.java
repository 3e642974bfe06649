package dev.leaver.activities.entra;

import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.leaver.activities.entra.OwnedObjects.Owned;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes the leaver out of the owners of every group and app registration they own ({@code GET
 * /users/{id}/ownedObjects}). Where the leaver is the only owner, the manager is made an owner
 * first ({@code POST .../owners/$ref}), so nothing is left without one; where others own it too,
 * the leaver is just removed ({@code DELETE .../owners/{id}/$ref}). Each object is one progress
 * item ({@code <id>}), and a manager this step added is one more ({@code m:<id>}), so the undo puts
 * the leaver back as owner and removes the manager only where this step added them.
 *
 * <p>Left behind for an operator (the step parks): app registrations the leaver owned that have
 * client secrets or certificates — Graph does not record who created a credential, so any of them
 * may be one the leaver knows and must be rotated; objects the leaver is sole owner of when there
 * is no manager in Entra; other kinds of owned object (service principals, devices).
 */
final class HandOverOwnership implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "HandOverOwnership",
          Stage.CLEANUP,
          true,
          OwnedObjects.GROUPS,
          "hand groups and app registrations the leaver alone owns to the manager; remove the leaver as owner");
  private static final String OWNED = "owned";
  private static final String MANAGER = "managerId";

  /** In the receipts' after: the groups and app registrations the leaver still owns, by name. */
  private static final String OWNER_OF = "ownerOf";

  private final OwnedObjects graph;

  HandOverOwnership(GraphServiceClient graph) {
    this.graph = new OwnedObjects(graph);
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /**
   * {@code owned}: {@code group:<id>} and {@code app:<id>} items; per object {@code name.<id>},
   * {@code owners.<id>} (owner ids) and, for app registrations with credentials, {@code
   * credentials.<id>}; {@code otherOwned}: other objects, one a line; {@code managerId}: the
   * manager's id when some object has the leaver as its only owner, else empty.
   */
  @Override
  public Map<String, String> snapshot(Target t) {
    List<Owned> owned = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (DirectoryObject o : graph.ownedBy(t.accountId())) {
      Owned x = OwnedObjects.owned(o);
      if (x == null) {
        other.add(o.getOdataType() + " " + o.getId());
      } else {
        owned.add(x);
      }
    }
    owned.sort(
        Comparator.comparing(Owned::kind)
            .reversed() // groups first
            .thenComparing(o -> String.valueOf(o.name())));
    Map<String, String> m = new LinkedHashMap<>();
    m.put(OWNED, Joined.ids(owned.stream().map(o -> o.kind() + ":" + o.id()).toList()));
    boolean someSole = false;
    for (Owned o : owned) {
      List<String> owners = graph.owners(o);
      someSole |= owners.equals(List.of(t.accountId()));
      m.put("name." + o.id(), o.name());
      m.put("owners." + o.id(), Joined.ids(owners));
      String credentials = o.kind().equals("app") ? graph.credentials(o) : null;
      if (credentials != null) {
        m.put("credentials." + o.id(), credentials);
      }
    }
    m.put("otherOwned", Joined.lines(other));
    String manager = someSole ? graph.userId(t.leaver().managerUpn()) : null;
    m.put(MANAGER, manager == null ? "" : manager);
    return m;
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> plan = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (Owned o : owned(before)) {
      if (sole(t, before, o) && before.get(MANAGER).isEmpty()) {
        left.add(
            o.describe()
                + ": the leaver is its only owner and there is no manager in Entra to"
                + " hand it to; choose a new owner");
      } else {
        plan.add(o.describe() + (sole(t, before, o) ? " → manager" : " (other owners remain)"));
      }
      String credentials = before.get("credentials." + o.id());
      if (credentials != null) {
        left.add(
            o.describe()
                + " has "
                + credentials
                + "; Graph does not record who created a"
                + " credential: if the leaver may know one, rotate it");
      }
    }
    Joined.lines(before.get("otherOwned"))
        .forEach(
            x ->
                left.add(
                    "also owns "
                        + x
                        + ": not handed over by Leaver; change its owners in the Entra admin centre"));
    if (plan.isEmpty()) {
      return left.isEmpty()
          ? new Decision.NoOp("owns no group or app registration")
          : new Decision.CannotHere("nothing Leaver can hand over", left);
    }
    return new Decision.Write("remove the leaver as owner of " + String.join(", ", plan), left);
  }

  /**
   * Per object not yet done: add the manager where the leaver was the only owner, then remove the
   * leaver.
   */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String manager = before.get(MANAGER);
    List<String> notes = new ArrayList<>();
    String lastRequestId = null;
    for (Owned o : owned(before)) {
      boolean sole = sole(t, before, o);
      if (progress.isDone(o.id()) || (sole && manager.isEmpty())) {
        continue;
      }
      List<String> now = graph.owners(o);
      if (sole) {
        if (!now.contains(manager)) {
          progress.writing("m:" + o.id());
          graph.addOwner(o, manager);
        }
        progress.done("m:" + o.id());
        notes.add(
            o.describe()
                + ": the leaver was its only owner; the manager ("
                + t.leaver().managerUpn()
                + ") is an owner now");
      }
      if (now.contains(t.accountId())) {
        progress.writing(o.id());
        lastRequestId = graph.removeOwner(o, t.accountId());
      }
      progress.done(o.id());
    }
    return new Change(
        Map.of(OWNER_OF, owned(t.accountId())), true, lastRequestId, List.of(), notes);
  }

  /**
   * Puts the leaver back as owner of each object this step took them from (its progress; all of the
   * before-image's when the apply never reported any), then removes the manager where this step
   * added them. The before-image is what is restored: an owner set that already matches it writes
   * nothing.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    Map<String, String> before = receipt.before();
    List<String> items = Progress.itemsOf(receipt.after());
    String manager = before.getOrDefault(MANAGER, "");
    for (Owned o : owned(before)) {
      boolean touched = items == null || items.contains(o.id()) || items.contains("m:" + o.id());
      if (!touched || progress.isDone(o.id())) {
        continue;
      }
      boolean managerAdded =
          sole(t, before, o)
              && !manager.isEmpty()
              && (items == null || items.contains("m:" + o.id()));
      List<String> now = graph.owners(o);
      if (!now.contains(t.accountId())) {
        progress.beat();
        graph.addOwner(o, t.accountId()); // first, so a group never has no owner
      }
      if (managerAdded && now.contains(manager)) {
        progress.beat();
        graph.removeOwner(o, manager);
      }
      progress.done(o.id());
    }
    return Map.of(OWNER_OF, owned(t.accountId()));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    String still = owned(t.accountId());
    return still.isEmpty()
        ? Check.removed("the leaver owns no group or app registration")
        : Check.stillGranted("still an owner of " + still);
  }

  private static boolean sole(Target t, Map<String, String> before, Owned o) {
    return Joined.ids(before.get("owners." + o.id())).equals(List.of(t.accountId()));
  }

  private static List<Owned> owned(Map<String, String> before) {
    return Joined.ids(before.get(OWNED)).stream()
        .map(item -> item.split(":", 2))
        .map(p -> new Owned(p[0], p[1], before.getOrDefault("name." + p[1], p[1])))
        .toList();
  }

  /** The groups and app registrations the user owns now, by name. */
  private String owned(String userId) {
    return String.join(
        ", ",
        graph.ownedBy(userId).stream()
            .map(OwnedObjects::owned)
            .filter(java.util.Objects::nonNull)
            .map(Owned::describe)
            .sorted()
            .toList());
  }
}
