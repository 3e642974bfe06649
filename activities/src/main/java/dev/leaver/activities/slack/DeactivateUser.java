package dev.leaver.activities.slack;

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
import java.util.List;
import java.util.Map;

/**
 * Deactivates the member through SCIM with {@code PATCH active=false} rather than {@code DELETE}:
 * both deactivate in Slack, but PATCH has a symmetrical undo ({@code active=true}) and a documented
 * answer (the user), where a repeated DELETE's answer is not documented. Slack signs a deactivated
 * member out of every session.
 */
final class DeactivateUser implements TargetAction {
  static final String NAME = "DeactivateUser";
  static final String ACTIVE = "active";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          true,
          "admin",
          "Deactivates the Slack account through SCIM (active=false), which signs it out everywhere.");

  private final SlackClient client;

  DeactivateUser(SlackClient client) {
    this.client = client;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    com.slack.api.scim2.model.User user = scimUser(target.accountId());
    return Map.of(
        ACTIVE, Boolean.toString(isActive(user)), "userName", nullToEmpty(user.getUserName()));
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    if ("false".equals(before.get(ACTIVE))) {
      return new Decision.NoOp("Slack account " + target.accountId() + " is already deactivated");
    }
    return new Decision.Write(
        "SCIM PATCH active=false on Slack account " + target.accountId() + " (signs it out)");
  }

  /** PATCH active=false is idempotent: a repeat after a lost answer answers the same user. */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    com.slack.api.scim2.model.User after = client.setActive(target.accountId(), false);
    return new Change(
        Map.of(ACTIVE, Boolean.toString(isActive(after))),
        true,
        null,
        List.of(),
        List.of("SCIM PATCH active=false; Slack ends the member's sessions on deactivation"));
  }

  /** Reactivates only what the before-image shows active; an account that was off stays off. */
  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    if ("false".equals(receipt.before().get(ACTIVE))) {
      return Map.of(ACTIVE, Boolean.toString(isActive(scimUser(target.accountId()))));
    }
    if (isActive(scimUser(target.accountId()))) {
      return Map.of(ACTIVE, "true");
    }
    progress.beat();
    return Map.of(ACTIVE, Boolean.toString(isActive(client.setActive(target.accountId(), true))));
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    return client
        .scimUser(target.accountId())
        .map(
            u ->
                isActive(u)
                    ? Check.stillGranted("SCIM Users/" + u.getId() + " active=true")
                    : Check.removed("SCIM Users/" + u.getId() + " active=false"))
        .orElseGet(() -> Check.removed("SCIM has no user " + target.accountId()));
  }

  private com.slack.api.scim2.model.User scimUser(String id) {
    return client
        .scimUser(id)
        .orElseThrow(
            () ->
                new TargetException.Rejected(
                    "slack SCIM has no user " + id + " (bots and unknown ids are not SCIM users)",
                    null));
  }

  /** Slack always sends {@code active}; a missing one is read as active so the write still runs. */
  private static boolean isActive(com.slack.api.scim2.model.User user) {
    return !Boolean.FALSE.equals(user.getActive());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
