package dev.leaver.activities.google;

import com.google.api.services.directory.model.Group;
import com.google.api.services.directory.model.Groups;
import com.google.api.services.directory.model.Member;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes the user from every group he is a direct member of ({@code groups.list(userKey)}, then
 * {@code members.delete}), one group at a time with progress. The before-image keeps his role in
 * each ({@code members.get}: OWNER, MANAGER, MEMBER), and the undo re-inserts him with that role in
 * exactly the groups this step removed him from.
 */
final class RemoveFromGroups implements TargetAction {
  static final String GROUP_IDS = "groupIds";
  static final String ROLES = "groupRoles";
  static final String GROUPS = "groups";
  static final String MEMBER_EMAIL = "memberEmail";
  static final ActionSpec SPEC =
      ActionSpec.of(
          "RemoveFromGroups",
          Stage.CLEANUP,
          true,
          GoogleClients.GROUP_MEMBER,
          "Removes the user from every Google group he is a direct member of (members.delete).");

  private final GoogleClients clients;

  RemoveFromGroups(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /**
   * {@code groupIds}, {@code groupRoles} (id=ROLE), {@code groups} (e-mail and role), {@code
   * memberEmail}.
   */
  @Override
  public Map<String, String> snapshot(Target target) {
    List<String> ids = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    List<String> named = new ArrayList<>();
    String memberEmail = "";
    for (Group g : groups(target)) {
      Member m =
          clients
              .callOrNotFound(
                  "members.get",
                  GoogleClients.GROUP_MEMBER,
                  () ->
                      clients
                          .directory(GoogleClients.GROUP_MEMBER)
                          .members()
                          .get(g.getId(), target.accountId())
                          .execute())
              .orElse(null);
      if (m == null) {
        continue; // left the group between the two reads
      }
      ids.add(g.getId());
      roles.add(g.getId() + "=" + m.getRole());
      named.add(g.getEmail() + " (" + m.getRole() + ")");
      memberEmail = m.getEmail() == null ? memberEmail : m.getEmail();
    }
    return Map.of(
        GROUP_IDS,
        Items.join(ids),
        ROLES,
        Items.join(roles),
        GROUPS,
        String.join(", ", named),
        MEMBER_EMAIL,
        memberEmail);
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> ids = Items.split(before.get(GROUP_IDS));
    if (ids.isEmpty()) {
      return new Decision.NoOp("member of no Google group");
    }
    return new Decision.Write("remove from " + ids.size() + " group(s): " + before.get(GROUPS));
  }

  /** A membership already gone was in the before-image: an earlier attempt removed it (404). */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    for (String groupId : Items.split(before.get(GROUP_IDS))) {
      if (progress.isDone(groupId)) {
        continue;
      }
      progress.writing(groupId);
      clients.delete(
          "members.delete",
          GoogleClients.GROUP_MEMBER,
          () ->
              clients
                  .directory(GoogleClients.GROUP_MEMBER)
                  .members()
                  .delete(groupId, target.accountId())
                  .execute());
      progress.done(groupId);
    }
    List<String> left = groups(target).stream().map(Group::getId).toList();
    return new Change(Map.of(GROUP_IDS, Items.join(left)), true, null, List.of(), List.of());
  }

  /**
   * Re-inserts the user, with the role the before-image saved, in each group this step removed him
   * from and that he is not in now; a 409 (already a member) counts as restored.
   */
  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    Map<String, String> roles = roles(receipt.before().get(ROLES));
    Set<String> now = groups(target).stream().map(Group::getId).collect(Collectors.toSet());
    String email = receipt.before().getOrDefault(MEMBER_EMAIL, "");
    for (String groupId : Items.changedBy(receipt, GROUP_IDS)) {
      if (progress.isDone(groupId) || now.contains(groupId)) {
        continue;
      }
      Member member =
          new Member().setId(target.accountId()).setRole(roles.getOrDefault(groupId, "MEMBER"));
      if (!email.isEmpty()) {
        member.setEmail(email);
      }
      progress.writing(groupId);
      try {
        clients.directory(GoogleClients.GROUP_MEMBER).members().insert(groupId, member).execute();
      } catch (java.io.IOException e) {
        if (!GoogleErrors.duplicate(e)) {
          throw GoogleErrors.map(
              "members.insert", GoogleClients.GROUP_MEMBER, e, clients.config().throttleBackoff());
        }
      }
      progress.done(groupId);
    }
    return snapshot(target);
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    List<Group> still = groups(target);
    return still.isEmpty()
        ? Check.removed("groups.list(userKey): member of no group")
        : Check.stillGranted(
            "still a member of "
                + still.stream().map(Group::getEmail).collect(Collectors.joining(", ")));
  }

  /** Direct memberships, every page. */
  private List<Group> groups(Target target) {
    List<Group> out = new ArrayList<>();
    String page = null;
    do {
      String token = page;
      Groups result =
          clients.call(
              "groups.list",
              GoogleClients.GROUP_READONLY,
              () ->
                  clients
                      .directory(GoogleClients.GROUP_READONLY)
                      .groups()
                      .list()
                      .setUserKey(target.accountId())
                      .setPageToken(token)
                      .execute());
      if (result.getGroups() != null) {
        out.addAll(result.getGroups());
      }
      page = result.getNextPageToken();
    } while (page != null && !page.isEmpty());
    return out;
  }

  private static Map<String, String> roles(String joined) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : Items.split(joined)) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return out;
  }
}
