package dev.leaver.activities.slack;

import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Slack, through {@code slack-api-client}: the Web API for lookup and session reset, SCIM 2.0 for
 * deactivation. Needs an org admin's user token (see {@link SlackConfig}); SCIM needs a Business+
 * or Enterprise plan and {@code admin.users.session.reset} an Enterprise org.
 *
 * <p>Actions, in order, both at the kill switch: {@code DeactivateUser} (reversible) then {@code
 * ResetSessions} (irreversible).
 */
public final class SlackTarget implements TargetSystem, AutoCloseable {
  public static final String ID = "slack";

  private final SlackClient client;
  private final List<TargetAction> actions;
  private final SlackPreflight preflight;

  public SlackTarget(SlackConfig config) {
    this(config, Clock.systemUTC());
  }

  SlackTarget(SlackConfig config, Clock clock) {
    client = new SlackClient(config);
    actions = List.of(new DeactivateUser(client), new ResetSessions(client, clock));
    preflight = new SlackPreflight(client);
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * Finds the member by e-mail with {@code users.lookupByEmail}. Slack answers {@code
   * users_not_found} for deactivated members too, so before saying "not found" it asks SCIM, which
   * still lists them: a leaver deactivated earlier (by hand, or by a previous run) resolves to the
   * same account and the actions then report no change.
   */
  @Override
  public Resolution resolve(Leaver leaver) {
    Optional<com.slack.api.model.User> user = client.lookupByEmail(leaver.upn());
    if (user.isPresent()) {
      return Resolution.found(
          ID, user.get().getId(), "email", "users.lookupByEmail, matched on email");
    }
    try {
      Optional<com.slack.api.scim2.model.User> scim = client.scimUserByEmail(leaver.upn());
      if (scim.isPresent()) {
        return Resolution.found(
            ID,
            scim.get().getId(),
            "email",
            "deactivated member, found through SCIM (active=false), matched on email");
      }
    } catch (TargetException.Rejected e) {
      return Resolution.notFound(
          ID, "email", "users_not_found; SCIM search refused: " + e.getMessage());
    }
    return Resolution.notFound(
        ID, "email", "users_not_found: no Slack member with the leaver's e-mail");
  }

  @Override
  public List<TargetAction> actions() {
    return actions;
  }

  /**
   * The token's scopes (from auth.test) and SCIM access against what the actions need. Read-only.
   */
  @Override
  public List<PermissionCheck> check() {
    return preflight.check();
  }

  /** Releases the SDK's HTTP client and executors. */
  @Override
  public void close() {
    client.close();
  }
}
