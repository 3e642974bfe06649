package dev.leaver.activities.ad;

import com.unboundid.ldap.sdk.Filter;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes the user from every group that lists them in {@code member}, security and distribution
 * alike, one group at a time, each recorded by the group's objectGUID. Groups are found with a
 * paged search on {@code member}, so neither {@code memberOf} nor a group's long member list is
 * read. The primary group ({@code primaryGroupID}) is not a {@code member} value and AD refuses to
 * drop it: it stays, and the evidence says so.
 */
final class RemoveGroupMemberships implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "RemoveGroupMemberships",
          Stage.CLEANUP,
          true,
          "write member of groups",
          "remove direct memberships of security and distribution groups");
  private static final String IDS = "groupIds";
  private final Directory directory;

  RemoveGroupMemberships(Directory directory) {
    this.directory = directory;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** {@code groups} (names), {@code groupIds} (objectGUIDs) and {@code primaryGroupID}. */
  @Override
  public Map<String, String> snapshot(Target t) {
    SearchResultEntry user = directory.entry(t.accountId(), "primaryGroupID");
    Map<String, String> m = new LinkedHashMap<>(describe(groups(user.getDN())));
    m.put(
        "primaryGroupID", Optional.ofNullable(user.getAttributeValue("primaryGroupID")).orElse(""));
    return m;
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> ids = ids(before.get(IDS));
    return ids.isEmpty()
        ? new Decision.NoOp("member of no group besides the primary group")
        : new Decision.Write(
            "remove "
                + ids.size()
                + " group membership(s): "
                + before.get("groups")
                + "; the primary group stays");
  }

  /** Removes each membership of the before-image not yet done; one already gone counts as done. */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String userDn = AdTarget.dnOf(directory, t.accountId());
    for (String groupId : ids(before.get(IDS))) {
      if (progress.isDone(groupId)) {
        continue;
      }
      progress.writing(groupId);
      Optional<SearchResultEntry> group = directory.byGuid(groupId, "objectGUID");
      if (group.isPresent()) {
        directory.removeMember(SPEC.permission(), group.get().getDN(), userDn);
      }
      progress.done(groupId);
    }
    return new Change(
        describe(groups(userDn)),
        true,
        null,
        List.of(),
        List.of(
            "primary group (primaryGroupID "
                + before.get("primaryGroupID")
                + ") stays: AD does not let it be removed"));
  }

  /**
   * Re-adds exactly the memberships this step removed (its progress), or those of the before-image
   * now gone.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    List<String> removed = Progress.itemsOf(receipt.after());
    if (removed == null) {
      removed = ids(receipt.before().get(IDS));
    }
    String userDn = AdTarget.dnOf(directory, t.accountId());
    Set<String> now =
        groups(userDn).stream().map(RemoveGroupMemberships::guid).collect(Collectors.toSet());
    for (String groupId : removed) {
      if (progress.isDone(groupId) || now.contains(groupId)) {
        continue;
      }
      progress.writing(groupId);
      Optional<SearchResultEntry> group = directory.byGuid(groupId, "objectGUID");
      if (group.isPresent()) {
        directory.addMember(SPEC.permission(), group.get().getDN(), userDn);
      }
      progress.done(groupId);
    }
    return describe(groups(userDn));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    List<SearchResultEntry> still = groups(AdTarget.dnOf(directory, t.accountId()));
    return still.isEmpty()
        ? Check.removed("member of no group besides the primary group")
        : Check.stillGranted("still a member of " + names(still));
  }

  private List<SearchResultEntry> groups(String userDn) {
    return directory
        .findAll(
            Filter.createANDFilter(
                Filter.createEqualityFilter("objectClass", "group"),
                Filter.createEqualityFilter("member", userDn)),
            "objectGUID",
            "cn")
        .stream()
        .sorted(Comparator.comparing(RemoveGroupMemberships::guid))
        .toList();
  }

  private static Map<String, String> describe(List<SearchResultEntry> groups) {
    return Map.of(
        "groups",
        names(groups),
        IDS,
        groups.stream().map(RemoveGroupMemberships::guid).collect(Collectors.joining(",")));
  }

  private static String names(List<SearchResultEntry> groups) {
    return groups.stream().map(g -> g.getAttributeValue("cn")).collect(Collectors.joining(", "));
  }

  private static String guid(SearchResultEntry e) {
    return Directory.guid(e.getAttributeValueBytes("objectGUID"));
  }

  private static List<String> ids(String joined) {
    return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
  }
}
