package dev.leaver.activities.slack;

import com.slack.api.model.User;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Signs the member out of every web and mobile session with {@code admin.users.session.reset}.
 * There is nothing to restore, so it is irreversible (the SPI's default {@code undo} throws).
 *
 * <p>Slack has no API that lists a member's sessions: the snapshot and the verification can only
 * show the member's {@code deleted} flag and when the reset was acknowledged, and say so.
 */
final class ResetSessions implements TargetAction {
  static final String NAME = "ResetSessions";
  static final String RESET_AT = "sessionsResetAt";
  private static final String DELETED = "deleted";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          false,
          "admin.users:write",
          "Signs the Slack account out of every web and mobile session (admin.users.session.reset).");

  private final SlackClient client;
  private final Clock clock;

  ResetSessions(SlackClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    User user = client.userInfo(target.accountId());
    return Map.of(DELETED, Boolean.toString(user.isDeleted()));
  }

  /** Always resets: a repeat is harmless and cuts a session started since the last reset. */
  @Override
  public Decision decide(Target target, Map<String, String> before) {
    return new Decision.Write(
        "admin.users.session.reset on Slack account "
            + target.accountId()
            + ": signs out of every web and mobile session; cannot be undone");
  }

  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    try {
      client.resetSessions(target.accountId());
    } catch (TargetException.Rejected e) {
      // Deactivation already ended every session; a refusal to reset a deactivated member leaves
      // nothing behind, so it is not a step for an operator.
      if (client.userInfo(target.accountId()).isDeleted()) {
        return new Change(
            Map.of(DELETED, "true"),
            true,
            null,
            List.of(),
            List.of("member is deactivated, so signed out; reset answered: " + e.getMessage()));
      }
      throw e;
    }
    return new Change(
        Map.of(RESET_AT, clock.instant().toString(), DELETED, before.getOrDefault(DELETED, "")),
        true,
        null,
        List.of(),
        List.of("web and mobile sessions reset; Slack does not expose how many there were"));
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    User user = client.userInfo(target.accountId());
    String resetAt = receipt == null ? null : receipt.after().get(RESET_AT);
    String seen =
        "Slack has no API to list sessions; users.info deleted="
            + user.isDeleted()
            + (resetAt == null ? "; no reset on record" : "; reset acknowledged at " + resetAt);
    return resetAt != null || user.isDeleted() ? Check.removed(seen) : Check.stillGranted(seen);
  }
}
