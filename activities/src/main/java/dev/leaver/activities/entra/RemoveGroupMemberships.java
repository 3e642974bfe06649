package dev.leaver.activities.entra;

import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.graph.RequestId;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes the leaver from every group Graph can change, one membership at a time, each recorded as
 * progress. Dynamic, mail-enabled security, distribution and on-prem synced groups cannot be
 * changed here: they are reported as remaining access, never as success.
 */
final class RemoveGroupMemberships implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "RemoveGroupMemberships",
          Stage.CLEANUP,
          true,
          "GroupMember.ReadWrite.All",
          "remove direct group memberships");
  private static final String REMOVABLE = "removableGroupIds";
  private static final String LEFT = "notRemovableHere";
  private final GraphServiceClient graph;

  RemoveGroupMemberships(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /**
   * {@code groups} (names), {@code groupIds}, {@code removableGroupIds}, {@code notRemovableHere}.
   */
  @Override
  public Map<String, String> snapshot(Target t) {
    List<Group> groups = groups(t.accountId());
    Map<String, String> m = new LinkedHashMap<>(describe(groups));
    m.put(
        REMOVABLE,
        groups.stream()
            .filter(g -> unremovable(g) == null)
            .map(Group::getId)
            .collect(Collectors.joining(",")));
    m.put(
        LEFT,
        groups.stream()
            .filter(g -> unremovable(g) != null)
            .map(g -> g.getDisplayName() + ": " + unremovable(g))
            .collect(Collectors.joining("\n")));
    return m;
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> removable = ids(before.get(REMOVABLE));
    List<String> left = lines(before.get(LEFT));
    String plan =
        "remove "
            + removable.size()
            + " of "
            + (removable.size() + left.size())
            + " group membership(s); "
            + left.size()
            + " cannot be changed through Graph";
    if (!removable.isEmpty()) {
      return new Decision.Write(plan, left);
    }
    return left.isEmpty()
        ? new Decision.NoOp("member of no group")
        : new Decision.CannotHere(plan, left);
  }

  /**
   * Removes each membership of the before-image not yet done. A membership already gone was in the
   * before-image, so an earlier attempt of this step removed it: it counts as done.
   */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String lastRequestId = null;
    for (String groupId : ids(before.get(REMOVABLE))) {
      if (progress.isDone(groupId)) {
        continue;
      }
      progress.writing(groupId);
      RequestId requestId = new RequestId();
      try {
        graph
            .groups()
            .byGroupId(groupId)
            .members()
            .byDirectoryObjectId(t.accountId())
            .ref()
            .delete(rc -> requestId.addTo(rc.options));
        lastRequestId = requestId.value();
      } catch (ApiException e) {
        if (!GraphErrors.alreadyRemoved(e)) {
          throw GraphErrors.map(SPEC.permission(), e);
        }
      }
      progress.done(groupId);
    }
    // The receipt has room for one API request id: the last removal's.
    return new Change(describe(groups(t.accountId())), true, lastRequestId, List.of(), List.of());
  }

  /**
   * Re-adds exactly the memberships this step removed, as its progress says; when the apply never
   * reported any (it crashed before its first heartbeat reached Temporal), those of the
   * before-image that are gone now.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    List<String> removed = Progress.itemsOf(receipt.after());
    if (removed == null) {
      removed = ids(receipt.before().get(REMOVABLE));
    }
    Set<String> now = groups(t.accountId()).stream().map(Group::getId).collect(Collectors.toSet());
    for (String groupId : removed) {
      if (progress.isDone(groupId) || now.contains(groupId)) {
        continue;
      }
      progress.writing(groupId);
      ReferenceCreate ref = new ReferenceCreate();
      ref.setOdataId("https://graph.microsoft.com/v1.0/directoryObjects/" + t.accountId());
      try {
        graph.groups().byGroupId(groupId).members().ref().post(ref);
      } catch (ApiException e) {
        if (!GraphErrors.alreadyAdded(e)) {
          throw GraphErrors.map(SPEC.permission(), e);
        }
      }
      progress.done(groupId);
    }
    return describe(groups(t.accountId()));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    // Any membership Graph could remove that is there now is access still granted, whether this
    // step removed it once (and someone re-added it) or it was never removed.
    List<String> still =
        groups(t.accountId()).stream()
            .filter(g -> unremovable(g) == null)
            .map(Group::getDisplayName)
            .toList();
    return still.isEmpty()
        ? Check.removed("no removable group membership left")
        : Check.stillGranted("still a member of " + String.join(", ", still));
  }

  /** Why Graph cannot remove this membership, or null when it can. */
  static String unremovable(Group g) {
    List<String> types = g.getGroupTypes() == null ? List.of() : g.getGroupTypes();
    if (types.contains("DynamicMembership")) {
      return "dynamic membership rule — change the rule or exclude the user";
    }
    if (Boolean.TRUE.equals(g.getOnPremisesSyncEnabled())) {
      return "synced from on-prem Active Directory — remove the membership there";
    }
    if (Boolean.TRUE.equals(g.getMailEnabled()) && !types.contains("Unified")) {
      return "distribution or mail-enabled security group — Graph cannot change it; use Exchange";
    }
    return null;
  }

  private List<Group> groups(String userId) {
    List<Group> out = new ArrayList<>();
    DirectoryObjectCollectionResponse page =
        GraphErrors.call(
            "GroupMember.Read.All", () -> graph.users().byUserId(userId).memberOf().get());
    while (page != null) {
      page.getValue().stream()
          .filter(o -> o instanceof Group)
          .map(o -> (Group) o)
          .forEach(out::add);
      String next = page.getOdataNextLink();
      page =
          next == null
              ? null
              : GraphErrors.call(
                  "GroupMember.Read.All",
                  () -> graph.users().byUserId(userId).memberOf().withUrl(next).get());
    }
    return out;
  }

  private static Map<String, String> describe(List<Group> groups) {
    return Map.of(
        "groups", groups.stream().map(Group::getDisplayName).collect(Collectors.joining(", ")),
        "groupIds", groups.stream().map(Group::getId).collect(Collectors.joining(",")));
  }

  private static List<String> ids(String joined) {
    return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
  }

  private static List<String> lines(String joined) {
    return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split("\n"));
  }
}
