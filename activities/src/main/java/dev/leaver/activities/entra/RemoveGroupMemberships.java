package dev.leaver.activities.entra;

import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.ReferenceCreate;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Preview;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Removes the leaver from every group Graph can change. Dynamic, mail-enabled security,
 * distribution and on-prem synced groups cannot be changed here: they are reported as remaining
 * access, never as success.
 */
final class RemoveGroupMemberships implements TargetAction {
  private static final String PERMISSION = "GroupMember.ReadWrite.All";
  private final GraphServiceClient graph;

  RemoveGroupMemberships(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override public String name() { return "RemoveGroupMemberships"; }
  @Override public Stage stage() { return Stage.CLEANUP; }
  @Override public boolean reversible() { return true; }
  @Override public String description() { return "remove direct group memberships"; }

  @Override
  public Map<String, String> snapshot(Target t) {
    return describe(groups(t.accountId()));
  }

  @Override
  public Change apply(Target t, Map<String, String> before) {
    List<String> removed = new ArrayList<>();
    List<String> remaining = new ArrayList<>();
    String lastRequestId = null;
    for (Group g : groups(t.accountId())) {
      String reason = unremovable(g);
      if (reason != null) {
        remaining.add(g.getDisplayName() + ": " + reason);
        continue;
      }
      RequestId requestId = new RequestId();
      try {
        graph.groups().byGroupId(g.getId()).members().byDirectoryObjectId(t.accountId()).ref()
            .delete(rc -> requestId.addTo(rc.options));
        removed.add(g.getId());
        lastRequestId = requestId.value();
      } catch (ApiException e) {
        if (!GraphErrors.alreadyRemoved(e)) {
          throw GraphErrors.map(PERMISSION, e);
        }
      }
    }
    Map<String, String> after = new LinkedHashMap<>(describe(groups(t.accountId())));
    after.put("removedGroupIds", String.join(",", removed));
    // The receipt has room for one API request id: the last removal's.
    return new Change(after, !removed.isEmpty(), lastRequestId, remaining, List.of());
  }

  @Override
  public Map<String, String> undo(Target t, Receipt receipt) {
    for (String groupId : ids(receipt.after().get("removedGroupIds"))) {
      ReferenceCreate ref = new ReferenceCreate();
      ref.setOdataId("https://graph.microsoft.com/v1.0/directoryObjects/" + t.accountId());
      try {
        graph.groups().byGroupId(groupId).members().ref().post(ref);
      } catch (ApiException e) {
        if (!GraphErrors.alreadyAdded(e)) {
          throw GraphErrors.map(PERMISSION, e);
        }
      }
    }
    return snapshot(t);
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    // Any membership Graph could remove that is there now is access still granted, whether this
    // step removed it once (and someone re-added it) or it was never removed.
    List<String> still = groups(t.accountId()).stream().filter(g -> unremovable(g) == null)
        .map(Group::getDisplayName).toList();
    return still.isEmpty()
        ? Check.removed("no removable group membership left")
        : Check.stillGranted("still a member of " + String.join(", ", still));
  }

  @Override
  public Preview preview(Target t, Map<String, String> before) {
    List<Group> groups = groups(t.accountId());
    long removable = groups.stream().filter(g -> unremovable(g) == null).count();
    return new Preview(removable > 0, "remove " + removable + " of " + groups.size()
        + " group membership(s); " + (groups.size() - removable) + " cannot be changed through Graph");
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
    DirectoryObjectCollectionResponse page = GraphErrors.call("GroupMember.Read.All",
        () -> graph.users().byUserId(userId).memberOf().get());
    while (page != null) {
      page.getValue().stream().filter(o -> o instanceof Group).map(o -> (Group) o).forEach(out::add);
      String next = page.getOdataNextLink();
      page = next == null ? null : GraphErrors.call("GroupMember.Read.All",
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
}
