package dev.leaver.sandbox.github;

import static dev.leaver.sandbox.github.GithubEmulator.map;

import java.util.Map;

/** The JSON GitHub answers for users, teams, memberships, invitations and repositories. */
final class Shapes {
  private final GithubOrg org;

  Shapes(GithubOrg org) {
    this.org = org;
  }

  static Map<String, Object> user(String base, GithubOrg.User u) {
    return map(
        "login",
        u.login(),
        "id",
        u.id(),
        "node_id",
        "U_" + u.id(),
        "url",
        base + "/users/" + u.login(),
        "html_url",
        "https://github.com/" + u.login(),
        "type",
        "User",
        "site_admin",
        false,
        "name",
        u.name());
  }

  Map<String, Object> team(String base, GithubOrg.Team t) {
    return map(
        "id",
        t.id,
        "node_id",
        "T_" + t.id,
        "slug",
        t.slug,
        "name",
        t.name,
        "url",
        base + "/organizations/" + org.id + "/team/" + t.id,
        "privacy",
        "closed",
        "permission",
        "pull",
        "members_url",
        base + "/orgs/" + org.login + "/teams/" + t.slug + "/members{/member}");
  }

  Map<String, Object> membershipJson(String base, String login, GithubOrg.Membership ms) {
    return map(
        "url",
        base + "/orgs/" + org.login + "/memberships/" + login,
        "state",
        ms.state(),
        "role",
        ms.role(),
        "organization_url",
        base + "/orgs/" + org.login,
        "organization",
        map("login", org.login, "id", org.id, "url", base + "/orgs/" + org.login),
        "user",
        user(base, org.users.get(login)));
  }

  Map<String, Object> teamMembershipJson(
      String base, GithubOrg.Team team, String login, GithubOrg.TeamMember tm) {
    return map(
        "url",
        base + "/organizations/" + org.id + "/team/" + team.id + "/memberships/" + login,
        "role",
        tm.role(),
        "state",
        tm.state());
  }

  Map<String, Object> invitation(String base, GithubOrg.Invitation i) {
    return map(
        "id",
        i.id(),
        "node_id",
        "OI_" + i.id(),
        "login",
        i.login(),
        "email",
        i.email(),
        "role",
        i.role(),
        "created_at",
        i.createdAt(),
        "failed_at",
        null,
        "inviter",
        i.inviter() == null || !org.users.containsKey(i.inviter())
            ? null
            : user(base, org.users.get(i.inviter())),
        "team_count",
        i.teamIds().size(),
        "invitation_source",
        "member",
        "invitation_teams_url",
        base + "/organizations/" + org.id + "/invitations/" + i.id() + "/teams");
  }

  Map<String, Object> repo(String base, GithubOrg.Repo r) {
    return map(
        "id",
        r.id,
        "node_id",
        "R_" + r.id,
        "name",
        r.name,
        "full_name",
        org.login + "/" + r.name,
        "private",
        r.isPrivate,
        "url",
        base + "/repos/" + org.login + "/" + r.name,
        "html_url",
        "https://github.com/" + org.login + "/" + r.name,
        "owner",
        map(
            "login",
            org.login,
            "id",
            org.id,
            "type",
            "Organization",
            "url",
            base + "/users/" + org.login));
  }

  Map<String, Object> repoInvitation(String base, GithubOrg.Repo r, GithubOrg.RepoInvitation i) {
    return map(
        "id",
        i.id(),
        "node_id",
        "RI_" + i.id(),
        "permissions",
        i.permission(),
        "invitee",
        user(base, org.users.get(i.login())),
        "repository",
        repo(base, r),
        "created_at",
        "2026-11-30T09:00:00Z",
        "expired",
        false,
        "url",
        base + "/user/repository_invitations/" + i.id());
  }

  /** GitHub's {@code permission} field folds the finer role names into admin, write, read. */
  static String legacy(String role) {
    return switch (role) {
      case "admin" -> "admin";
      case "maintain", "write" -> "write";
      case "triage", "read" -> "read";
      default -> "none";
    };
  }
}
