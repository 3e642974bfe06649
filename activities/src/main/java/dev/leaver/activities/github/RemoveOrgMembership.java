package dev.leaver.activities.github;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.kohsuke.github.GHMembership;
import org.kohsuke.github.GHTeam;

/**
 * Removes the login's organisation membership ({@code DELETE /orgs/{o}/memberships/{u}}): GitHub
 * drops their teams and with them every repository the teams gave; a pending invitation to the
 * login is cancelled the same way. The kill switch's main door.
 *
 * <p>The before-image is the organisation role and each team's role, whether the login holds them
 * or has been invited to them ({@code role}, {@code teams}). GitHub has no way to put a membership
 * back: the undo <em>invites</em> the login again with the saved role ({@code PUT
 * /orgs/{o}/memberships/{u}}) and team roles ({@code PUT /orgs/{o}/teams/{slug}/memberships/{u}}),
 * and its receipt says so ({@code restoredAs}): the person must accept, and only then do the role,
 * the teams and the teams' repository access come back. An active membership that the undo finds
 * still in place is left alone.
 */
final class RemoveOrgMembership implements TargetAction {
  static final String NAME = "RemoveOrgMembership";
  static final String ROLE = "role";
  static final String TEAMS = "teams";
  static final String STATE = "state";
  static final String RESTORED_AS = "restoredAs";
  static final String BILLING_MANAGER = "billing_manager";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          true,
          GithubTarget.ADMIN_ORG,
          "Removes the GitHub organisation membership (and so every team and the repository access the"
              + " teams give); its undo re-invites with the saved role and teams, which the person must"
              + " accept.");

  private final GithubApi api;

  RemoveOrgMembership(GithubApi api) {
    this.api = api;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    return read(target.accountId());
  }

  private Map<String, String> read(String login) {
    Map<String, String> image = new LinkedHashMap<>();
    Optional<GHMembership> m = api.membership(login, SPEC.permission());
    // github-api knows admin and member; a billing manager's role reads as null.
    image.put(
        ROLE,
        m.map(
                x ->
                    x.getRole() == null
                        ? BILLING_MANAGER
                        : x.getRole().name().toLowerCase(Locale.ROOT))
            .orElse(""));
    image.put(TEAMS, m.isEmpty() ? "" : Lists.joinPairs(teamRoles(login)));
    return image;
  }

  /** slug → role of every team the login is in or invited to: one read per team of the org. */
  private Map<String, String> teamRoles(String login) {
    Map<String, String> roles = new LinkedHashMap<>();
    for (GHTeam team : api.teams(SPEC.permission())) {
      GithubApi.Answer a =
          api.call("GET", teamPath(team.getSlug(), login), null, false, SPEC.permission(), 404);
      if (a.ok()) {
        roles.put(team.getSlug(), a.body().path("role").asText("member"));
      }
    }
    return roles;
  }

  private String teamPath(String slug, String login) {
    return "/orgs/" + api.org() + "/teams/" + slug + "/memberships/" + login;
  }

  private Optional<String> state(String login) {
    return api.membership(login, SPEC.permission())
        .map(x -> x.getState().name().toLowerCase(Locale.ROOT));
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    if (before.getOrDefault(ROLE, "").isEmpty()) {
      return new Decision.NoOp(
          target.accountId()
              + " is not a member of "
              + api.org()
              + " and has no pending invitation to it");
    }
    return new Decision.Write(
        "remove "
            + target.accountId()
            + " from "
            + api.org()
            + " (role "
            + before.get(ROLE)
            + ", teams "
            + orNone(before.get(TEAMS))
            + "); GitHub drops the teams and"
            + " their repository access; an undo can only re-invite");
  }

  /** A 404 means an earlier attempt (or someone) already removed it: the step still changed it. */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    String login = target.accountId();
    progress.beat();
    GithubApi.Answer a =
        api.call(
            "DELETE",
            "/orgs/" + api.org() + "/memberships/" + login,
            null,
            false,
            SPEC.permission(),
            404);
    Map<String, String> after = Map.of(ROLE, "", TEAMS, "");
    String note =
        a.status() == 404
            ? "membership already gone (an earlier attempt of this step, or someone, removed it)"
            : "membership removed (DELETE memberships answered " + a.status() + ")";
    return new Change(
        after,
        true,
        null,
        List.of(),
        List.of(
            note,
            "saved for a re-invitation: role "
                + before.get(ROLE)
                + ", teams "
                + orNone(before.get(TEAMS))));
  }

  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    String login = target.accountId();
    Map<String, String> before = receipt.before();
    String role = before.getOrDefault(ROLE, "");
    if (role.isEmpty()) {
      return read(login);
    }
    Map<String, String> wanted = Lists.splitPairs(before.get(TEAMS));
    Map<String, String> now = read(login);
    if (role.equals(BILLING_MANAGER) && !role.equals(now.get(ROLE))) {
      throw new TargetException.Rejected(
          "github cannot re-invite "
              + login
              + " as a billing manager"
              + " through the membership API: invite them from the organisation's settings",
          null);
    }
    boolean wrote = false;
    if (!role.equals(now.get(ROLE))) {
      progress.beat();
      api.setMembership(login, role, SPEC.permission());
      wrote = true;
    }
    Map<String, String> teamsNow = Lists.splitPairs(now.get(TEAMS));
    for (Map.Entry<String, String> t : wanted.entrySet()) {
      if (!t.getValue().equals(teamsNow.get(t.getKey()))) {
        progress.beat();
        api.call(
            "PUT",
            teamPath(t.getKey(), login),
            Map.of("role", t.getValue()),
            false,
            SPEC.permission());
        wrote = true;
      }
    }
    Map<String, String> after = new LinkedHashMap<>(read(login));
    String state = state(login).orElse("none");
    after.put(STATE, state);
    after.put(
        RESTORED_AS,
        state.equals("active") && !wrote
            ? "nothing to do: " + login + " is still an active member"
            : "an invitation, not a restore: GitHub invites "
                + login
                + " to "
                + api.org()
                + " as "
                + role
                + " with teams "
                + orNone(before.get(TEAMS))
                + "; the role, the teams and their"
                + " repository access return only when "
                + login
                + " accepts it");
    return after;
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    return state(target.accountId())
        .map(
            s ->
                Check.stillGranted(target.accountId() + " membership of " + api.org() + " is " + s))
        .orElseGet(() -> Check.removed("GET memberships/" + target.accountId() + " answered 404"));
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? "none" : s;
  }
}
