package dev.leaver.sandbox.slack;

import java.time.Instant;

/**
 * One member of the emulated Slack organisation, as tests read it back.
 *
 * <p>Slack has no API to list a member's sessions, so {@code activeSessions}, {@code sessionResets}
 * and {@code lastSessionResetAt} exist only in the emulator: they let tests assert that {@code
 * admin.users.session.reset} (or a deactivation) really signed the member out.
 *
 * @param id Slack user id, e.g. {@code U0ADA1001}
 * @param name the handle, also the SCIM {@code userName}
 * @param realName display name
 * @param email primary e-mail, may be null for bots
 * @param active false once deactivated (the Web API shows {@code deleted: true})
 * @param admin workspace admin
 * @param owner workspace owner
 * @param primaryOwner the primary owner, whose sessions cannot be reset
 * @param bot a bot user, whose sessions cannot be reset and who is not in SCIM
 * @param activeSessions signed-in sessions; reset and deactivation set it to 0
 * @param sessionResets how many times {@code admin.users.session.reset} succeeded for this user
 * @param lastSessionResetAt when the last reset happened, or null
 */
public record SlackUser(
    String id,
    String name,
    String realName,
    String email,
    boolean active,
    boolean admin,
    boolean owner,
    boolean primaryOwner,
    boolean bot,
    int activeSessions,
    int sessionResets,
    Instant lastSessionResetAt) {

  /** The Web API's {@code deleted} flag: Slack calls a deactivated member deleted. */
  public boolean deleted() {
    return !active;
  }

  SlackUser withActive(boolean newActive) {
    // Deactivation signs the member out everywhere; reactivation does not sign anyone back in.
    int sessions = newActive ? activeSessions : 0;
    return new SlackUser(
        id,
        name,
        realName,
        email,
        newActive,
        admin,
        owner,
        primaryOwner,
        bot,
        sessions,
        sessionResets,
        lastSessionResetAt);
  }

  SlackUser withSessionsReset(Instant at) {
    return new SlackUser(
        id,
        name,
        realName,
        email,
        active,
        admin,
        owner,
        primaryOwner,
        bot,
        0,
        sessionResets + 1,
        at);
  }

  SlackUser withActiveSessions(int sessions) {
    return new SlackUser(
        id,
        name,
        realName,
        email,
        active,
        admin,
        owner,
        primaryOwner,
        bot,
        sessions,
        sessionResets,
        lastSessionResetAt);
  }
}
