package dev.leaver.activities.entra;

import com.microsoft.graph.models.AppRoleAssignment;
import com.microsoft.graph.models.AppRoleAssignmentCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Removes the app role assignments made to the leaver directly (enterprise apps: {@code DELETE
 * /users/{id}/appRoleAssignments/{assignmentId}}), one at a time, each recorded as progress.
 * Assignments that come through a group go with that membership.
 *
 * <p>An assignment is known by its resource and app role ({@code resourceId:appRoleId}, unique per
 * user), not by its id: the undo re-creates exactly the assignments this step removed ({@code POST
 * /users/{id}/appRoleAssignments}), and Graph gives each a new id, which the undo records.
 */
final class RemoveAppRoleAssignments implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "RemoveAppRoleAssignments",
          Stage.CLEANUP,
          true,
          "AppRoleAssignment.ReadWrite.All",
          "remove app role assignments made to the leaver directly");
  private static final String KEYS = "assignments";
  private final GraphServiceClient graph;

  RemoveAppRoleAssignments(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** {@code assignments}: {@code resourceId:appRoleId} keys; {@code apps}: the resources' names. */
  @Override
  public Map<String, String> snapshot(Target t) {
    return describe(assignments(t.accountId()));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> keys = Joined.ids(before.get(KEYS));
    return keys.isEmpty()
        ? new Decision.NoOp("no app role assigned to the leaver directly")
        : new Decision.Write(
            "remove " + keys.size() + " app role assignment(s): " + before.get("apps"));
  }

  /**
   * Removes each assignment of the before-image not yet done. One already gone was in the
   * before-image, so an earlier attempt of this step removed it: it counts as done.
   */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    var requests = graph.users().byUserId(t.accountId()).appRoleAssignments();
    String lastRequestId =
        KeyedItems.removeEach(
            Joined.ids(before.get(KEYS)),
            assignments(t.accountId()),
            progress,
            SPEC.permission(),
            (a, requestId) ->
                requests
                    .byAppRoleAssignmentId(a.getId())
                    .delete(rc -> requestId.addTo(rc.options)));
    return new Change(
        describe(assignments(t.accountId())), true, lastRequestId, List.of(), List.of());
  }

  /**
   * Re-creates exactly the assignments this step removed (its progress; all of the before-image's
   * when the apply never reported any) that are missing now. Graph gives each a new id: the
   * returned {@code restoredAssignmentIds} maps {@code resourceId:appRoleId} to it.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    var requests = graph.users().byUserId(t.accountId()).appRoleAssignments();
    List<String> restored =
        KeyedItems.recreateMissing(
            KeyedItems.removedBy(receipt, KEYS),
            assignments(t.accountId()).keySet(),
            progress,
            SPEC.permission(),
            key -> {
              String[] ids = key.split(":", 2);
              AppRoleAssignment a = new AppRoleAssignment();
              a.setPrincipalId(UUID.fromString(t.accountId()));
              a.setResourceId(UUID.fromString(ids[0]));
              a.setAppRoleId(UUID.fromString(ids[1]));
              return requests.post(a).getId();
            },
            e ->
                e.getResponseStatusCode() == 400
                    && GraphErrors.describe(e).contains("already exists"));
    Map<String, String> after = new LinkedHashMap<>(describe(assignments(t.accountId())));
    after.put("restoredAssignmentIds", Joined.ids(restored));
    return after;
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    Map<String, String> now = snapshot(t);
    return now.get(KEYS).isEmpty()
        ? Check.removed("no app role assigned to the leaver directly")
        : Check.stillGranted("still assigned to " + now.get("apps"));
  }

  /** The user's direct assignments by {@code resourceId:appRoleId}, sorted. */
  private Map<String, AppRoleAssignment> assignments(String userId) {
    var requests = graph.users().byUserId(userId).appRoleAssignments();
    Map<String, AppRoleAssignment> out = new TreeMap<>();
    GraphPages.all(
            SPEC.permission(),
            requests::get,
            link -> requests.withUrl(link).get(),
            AppRoleAssignmentCollectionResponse::getValue)
        .forEach(a -> out.put(a.getResourceId() + ":" + a.getAppRoleId(), a));
    return out;
  }

  private static Map<String, String> describe(Map<String, AppRoleAssignment> assignments) {
    List<String> apps =
        assignments.values().stream()
            .map(a -> String.valueOf(a.getResourceDisplayName()))
            .sorted()
            .toList();
    return Map.of(KEYS, Joined.ids(assignments.keySet()), "apps", String.join(", ", apps));
  }
}
