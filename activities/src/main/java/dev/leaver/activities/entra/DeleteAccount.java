package dev.leaver.activities.entra;

import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
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
import java.util.List;
import java.util.Map;

/**
 * Deletes the account, last of all: a {@link Stage#DELETION} step, which the workflow runs only for
 * a policy with {@code deleteAfterDays}, after the grace period, on an operator's approval and
 * never under a legal hold. {@code DELETE /users/{id}} puts the user in the deleted items, from
 * where the undo restores it ({@code POST /directory/deletedItems/{id}/restore}) — for 30 days,
 * after which Entra purges it and nothing can bring it back. A synced account is deleted in AD
 * (Graph refuses): it parks for an operator.
 */
final class DeleteAccount implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "DeleteAccount",
          Stage.DELETION,
          true,
          "User.DeleteRestore.All",
          "delete the account (restorable from deleted items for 30 days)");
  private static final String STATE = "state";
  private final GraphServiceClient graph;

  DeleteAccount(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** {@code state}: active, deleted (restorable) or gone; and whether it is synced from AD. */
  @Override
  public Map<String, String> snapshot(Target t) {
    try {
      User u =
          graph
              .users()
              .byUserId(t.accountId())
              .get(rc -> rc.queryParameters.select = new String[] {"id", "onPremisesSyncEnabled"});
      return Map.of(
          STATE,
          "active",
          "onPremisesSyncEnabled",
          String.valueOf(Boolean.TRUE.equals(u.getOnPremisesSyncEnabled())));
    } catch (ApiException e) {
      if (e.getResponseStatusCode() != 404) {
        throw GraphErrors.map("User.Read.All", e);
      }
    }
    return Map.of(STATE, inDeletedItems(t) ? "deleted" : "gone");
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    if (!"active".equals(before.get(STATE))) {
      return new Decision.NoOp("already deleted before this step (" + before.get(STATE) + ")");
    }
    if ("true".equals(before.get("onPremisesSyncEnabled"))) {
      return new Decision.CannotHere(
          "synced from on-prem AD: delete it in AD",
          List.of(
              "account is synced from on-prem Active Directory: delete it there; the sync removes it here"));
    }
    return new Decision.Write("delete the account; restorable from deleted items for 30 days");
  }

  /** A 404 means an earlier attempt of this step deleted it (the before-image said active). */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    try {
      graph.users().byUserId(t.accountId()).delete();
    } catch (ApiException e) {
      if (e.getResponseStatusCode() != 404) {
        throw GraphErrors.map(SPEC.permission(), e);
      }
    }
    return new Change(
        Map.of(STATE, "deleted"),
        true,
        null,
        List.of(),
        List.of("restorable from deleted items for 30 days, then purged by Entra"));
  }

  /**
   * Restores it while it is in the deleted items; one already back is left as it is. One Entra has
   * purged (after 30 days) cannot come back: that is a refusal, never reported as undone.
   */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    if ("active".equals(receipt.before().get(STATE)) && "gone".equals(snapshot(t).get(STATE))) {
      throw new dev.leaver.activities.target.TargetException.Rejected(
          "the account was purged from deleted items: it cannot be restored", null);
    }
    if ("active".equals(receipt.before().get(STATE)) && inDeletedItems(t)) {
      progress.beat();
      GraphErrors.run(
          SPEC.permission(),
          () ->
              graph.directory().deletedItems().byDirectoryObjectId(t.accountId()).restore().post());
    }
    return snapshot(t);
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    String state = snapshot(t).get(STATE);
    return "active".equals(state)
        ? Check.stillGranted("the account still exists")
        : Check.removed("the account is " + state);
  }

  private boolean inDeletedItems(Target t) {
    try {
      graph.directory().deletedItems().byDirectoryObjectId(t.accountId()).get();
      return true;
    } catch (ApiException e) {
      if (e.getResponseStatusCode() == 404) {
        return false;
      }
      throw GraphErrors.map("User.Read.All", e);
    }
  }
}
