package dev.leaver.sandbox.github;

import static dev.leaver.sandbox.github.Answers.body;
import static dev.leaver.sandbox.github.Answers.error;
import static dev.leaver.sandbox.github.Answers.invalid;
import static dev.leaver.sandbox.github.Answers.notFound;
import static dev.leaver.sandbox.github.Answers.ok;
import static dev.leaver.sandbox.github.GithubEmulator.map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The REST routes of {@link GithubEmulator}; the caller holds the emulator's lock. */
final class Rest {
  private static final Set<String> ORG_ROLES = Set.of("admin", "member");
  private static final Set<String> REPO_ROLES =
      Set.of("read", "triage", "write", "maintain", "admin", "pull", "push");

  private final GithubOrg org;
  private final GithubEmulator emulator;
  private final Shapes shapes;
  private final Credentials credentials;

  Rest(GithubOrg org, GithubEmulator emulator) {
    this.org = org;
    this.emulator = emulator;
    this.shapes = new Shapes(org);
    this.credentials = new Credentials(org, emulator);
  }

  HttpResponse handle(HttpRequest req, String path) {
    if (path.matches("/app/installations/\\d+/access_tokens") && req.method().equals("POST")) {
      return emulator.apps().accessToken(org, req, Long.parseLong(path.split("/")[3]));
    }
    Optional<GithubOrg.Token> token = token(req);
    if (token.isEmpty()) {
      return error(401, "Bad credentials");
    }
    String[] p = path.replaceAll("/+$", "").split("/");
    String m = req.method();
    String base =
        "http://"
            + Optional.ofNullable(req.header("host")).orElse("127.0.0.1")
            + GithubEmulator.PREFIX;
    GithubOrg.Token t = token.get();
    if (path.equals("/graphql") && m.equals("POST")) {
      return Graphql.answer(org, req, t);
    }
    if (path.equals("/user") && m.equals("GET")) {
      if (t.installation()) {
        return error(403, "Resource not accessible by integration");
      }
      return ok(Shapes.user(base, org.users.get(t.login())))
          .withHeader("X-OAuth-Scopes", String.join(", ", t.scopes()));
    }
    if (path.equals("/rate_limit")) {
      Map<String, Object> core =
          map(
              "limit",
              5000,
              "remaining",
              4990,
              "reset",
              System.currentTimeMillis() / 1000 + 3600,
              "used",
              10);
      return ok(map("resources", map("core", core), "rate", core));
    }
    if (p.length == 3 && p[1].equals("users") && m.equals("GET")) {
      GithubOrg.User u = org.users.get(p[2]);
      return u == null ? notFound() : ok(Shapes.user(base, u));
    }
    if (p.length >= 3 && p[1].equals("orgs")) {
      if (!p[2].equals(org.login)) {
        return notFound();
      }
      return orgs(req, t, base, p);
    }
    if (p.length >= 5 && p[1].equals("repos") && p[2].equals(org.login)) {
      Optional<GithubOrg.Repo> repo = org.repo(p[3]);
      return repo.isEmpty() ? notFound() : repos(req, base, repo.get(), p);
    }
    return notFound();
  }

  private HttpResponse orgs(HttpRequest req, GithubOrg.Token t, String base, String[] p) {
    String m = req.method();
    if (p.length == 3 && m.equals("GET")) {
      return ok(
          map(
              "login",
              org.login,
              "id",
              org.id,
              "node_id",
              "O_" + org.id,
              "url",
              base + "/orgs/" + org.login,
              "repos_url",
              base + "/orgs/" + org.login + "/repos",
              "html_url",
              "https://github.com/" + org.login,
              "name",
              org.name,
              "type",
              "Organization"));
    }
    String what = p[3];
    if (what.equals("memberships") && p.length == 5) {
      return membership(req, base, p[4]);
    }
    if (what.equals("teams") && p.length == 4 && m.equals("GET")) {
      return Answers.page(
          emulator.maxPageSize(),
          req,
          base,
          org.teams.stream().map(x -> (Object) shapes.team(base, x)).toList());
    }
    if (what.equals("teams") && p.length == 7 && p[5].equals("memberships")) {
      Optional<GithubOrg.Team> team = org.team(p[4]);
      return team.isEmpty() ? notFound() : teamMembership(req, base, team.get(), p[6]);
    }
    if (what.equals("invitations")) {
      return invitations(req, base, p);
    }
    if (what.equals("outside_collaborators")) {
      if (p.length == 4 && m.equals("GET")) {
        return Answers.page(
            emulator.maxPageSize(),
            req,
            base,
            org.outsideCollaborators().stream()
                .map(l -> (Object) Shapes.user(base, org.users.get(l)))
                .toList());
      }
      if (p.length == 5 && m.equals("DELETE")) {
        return removeOutsideCollaborator(p[4]);
      }
    }
    if (what.equals("repos") && p.length == 4 && m.equals("GET")) {
      return Answers.page(
          emulator.maxPageSize(),
          req,
          base,
          org.repos.stream().map(r -> (Object) shapes.repo(base, r)).toList());
    }
    if (what.equals("credential-authorizations")) {
      if (!org.saml) {
        return notFound();
      }
      if (t.installation() || !t.scopes().contains("admin:org")) {
        return error(
            403, "Must have admin rights to Organization (admin:org scope, classic token).");
      }
      return credentials.authorizations(req, base, p);
    }
    if (what.equals("personal-access-tokens")) {
      if (!t.installation() || !t.scopes().contains("organization_personal_access_tokens:write")) {
        return error(403, "Resource not accessible by personal access token");
      }
      return credentials.personalAccessTokens(req, base, p);
    }
    return notFound();
  }

  // ---- memberships and teams ---------------------------------------------------------------

  private HttpResponse membership(HttpRequest req, String base, String login) {
    GithubOrg.User u = org.users.get(login);
    GithubOrg.Membership ms = org.memberships.get(login);
    switch (req.method()) {
      case "GET":
        return ms == null ? notFound() : ok(shapes.membershipJson(base, login, ms));
      case "DELETE":
        if (ms == null) {
          return notFound();
        }
        // Removes an active member (with their teams), or cancels a pending invitation.
        org.memberships.remove(login);
        org.invitations.removeIf(i -> login.equals(i.login()));
        org.teams.forEach(team -> team.members.remove(login));
        return HttpResponse.empty(204);
      case "PUT":
        if (u == null) {
          return notFound();
        }
        String role = body(req).path("role").asText("member");
        if (!ORG_ROLES.contains(role)) {
          return invalid("role", "invalid");
        }
        if (ms != null && ms.state().equals("active")) {
          ms = new GithubOrg.Membership(role, "active");
        } else {
          ms = new GithubOrg.Membership(role, "pending");
          invite(login, role.equals("admin") ? "admin" : "direct_member");
        }
        org.memberships.put(login, ms);
        return ok(shapes.membershipJson(base, login, ms));
      default:
        return error(405, "Method Not Allowed");
    }
  }

  private void invite(String login, String role) {
    Optional<GithubOrg.Invitation> existing = org.invitationFor(login);
    List<Long> teamIds = existing.map(GithubOrg.Invitation::teamIds).orElse(List.of());
    existing.ifPresent(org.invitations::remove);
    org.invitations.add(
        new GithubOrg.Invitation(
            existing.map(GithubOrg.Invitation::id).orElseGet(org::newId),
            login,
            null,
            role,
            new ArrayList<>(teamIds),
            org.tokens.get(0).login(),
            "2026-11-30T09:00:00Z"));
  }

  private HttpResponse teamMembership(
      HttpRequest req, String base, GithubOrg.Team team, String login) {
    GithubOrg.TeamMember tm = team.members.get(login);
    switch (req.method()) {
      case "GET":
        return tm == null ? notFound() : ok(shapes.teamMembershipJson(base, team, login, tm));
      case "DELETE":
        if (tm == null) {
          return notFound();
        }
        team.members.remove(login);
        return HttpResponse.empty(204);
      case "PUT":
        if (!org.users.containsKey(login)) {
          return notFound();
        }
        String role = body(req).path("role").asText("member");
        if (!role.equals("member") && !role.equals("maintainer")) {
          return invalid("role", "invalid");
        }
        String state;
        if (org.activeMember(login)) {
          state = "active";
        } else {
          // GitHub invites a non-member to the organisation along with the team.
          state = "pending";
          if (!org.memberships.containsKey(login)) {
            org.memberships.put(login, new GithubOrg.Membership("member", "pending"));
            invite(login, "direct_member");
          }
          GithubOrg.Invitation inv = org.invitationFor(login).orElseThrow();
          if (!inv.teamIds().contains(team.id)) {
            inv.teamIds().add(team.id);
          }
        }
        tm = new GithubOrg.TeamMember(role, state);
        team.members.put(login, tm);
        return ok(shapes.teamMembershipJson(base, team, login, tm));
      default:
        return error(405, "Method Not Allowed");
    }
  }

  private HttpResponse invitations(HttpRequest req, String base, String[] p) {
    String m = req.method();
    if (p.length == 4 && m.equals("GET")) {
      return Answers.page(
          emulator.maxPageSize(),
          req,
          base,
          org.invitations.stream().map(i -> (Object) shapes.invitation(base, i)).toList());
    }
    if (p.length == 4 && m.equals("POST")) {
      return createInvitation(req, base);
    }
    if (p.length >= 5) {
      long id;
      try {
        id = Long.parseLong(p[4]);
      } catch (NumberFormatException e) {
        return notFound();
      }
      Optional<GithubOrg.Invitation> inv =
          org.invitations.stream().filter(i -> i.id() == id).findFirst();
      if (inv.isEmpty()) {
        return notFound();
      }
      if (p.length == 6 && p[5].equals("teams") && m.equals("GET")) {
        return Answers.page(
            emulator.maxPageSize(),
            req,
            base,
            inv.get().teamIds().stream()
                .map(tid -> org.team(tid))
                .flatMap(Optional::stream)
                .map(tm -> (Object) shapes.team(base, tm))
                .toList());
      }
      if (p.length == 5 && m.equals("DELETE")) {
        org.invitations.remove(inv.get());
        String login = inv.get().login();
        if (login != null && org.memberships.containsKey(login) && !org.activeMember(login)) {
          org.memberships.remove(login);
          org.teams.forEach(t -> t.members.remove(login));
        }
        return HttpResponse.empty(204);
      }
    }
    return notFound();
  }

  /**
   * {@code POST /orgs/{o}/invitations} with {@code invitee_id} or {@code email}, {@code role}
   * ({@code admin|direct_member|billing_manager|reinstate}) and {@code team_ids}: 201, or 422 for
   * an invitee that is already a member or invited, an unknown role or team, or neither invitee.
   */
  private HttpResponse createInvitation(HttpRequest req, String base) {
    JsonNode b = body(req);
    String role = b.path("role").asText("direct_member");
    if (!Set.of("admin", "direct_member", "billing_manager", "reinstate").contains(role)) {
      return invalid("role", "invalid");
    }
    String login = null;
    String email = b.path("email").asText(null);
    if (b.hasNonNull("invitee_id")) {
      long id = b.path("invitee_id").asLong();
      login =
          org.users.values().stream()
              .filter(u -> u.id() == id)
              .map(GithubOrg.User::login)
              .findFirst()
              .orElse(null);
      if (login == null) {
        return invalid("invitee_id", "invalid");
      }
    } else if (email == null || !email.contains("@")) {
      return invalid("email", "missing_field");
    }
    String invitee = login;
    if (invitee != null && org.memberships.containsKey(invitee)) {
      return invalid("invitee_id", "already_exists");
    }
    if (email != null
        && org.invitations.stream().anyMatch(i -> email.equalsIgnoreCase(i.email()))) {
      return invalid("email", "already_exists");
    }
    List<Long> teamIds = new ArrayList<>();
    for (JsonNode t : b.path("team_ids")) {
      if (org.team(t.asLong()).isEmpty()) {
        return invalid("team_ids", "invalid");
      }
      teamIds.add(t.asLong());
    }
    GithubOrg.Invitation inv =
        new GithubOrg.Invitation(
            org.newId(),
            /* login= */ invitee,
            invitee == null ? email : null,
            role,
            teamIds,
            /* inviter= */ org.tokens.get(0).login(),
            "2026-11-30T09:00:00Z");

    org.invitations.add(inv);
    if (invitee != null) {
      org.memberships.put(
          invitee, new GithubOrg.Membership(role.equals("admin") ? "admin" : "member", "pending"));
      teamIds.forEach(
          tid ->
              org.team(tid)
                  .ifPresent(
                      t ->
                          t.members.putIfAbsent(
                              invitee, new GithubOrg.TeamMember("member", "pending"))));
    }
    return HttpResponse.json(201, shapes.invitation(base, inv));
  }

  private HttpResponse removeOutsideCollaborator(String login) {
    if (org.activeMember(login)) {
      return HttpResponse.json(
          422,
          map(
              "message",
              "You cannot specify an organization member to remove as an outside collaborator.",
              "documentation_url",
              Answers.DOCS));
    }
    org.repos.forEach(r -> r.collaborators.remove(login));
    return HttpResponse.empty(204);
  }

  // ---- repositories ------------------------------------------------------------------------

  private HttpResponse repos(HttpRequest req, String base, GithubOrg.Repo repo, String[] p) {
    String m = req.method();
    if (p.length == 7
        && p[4].equals("collaborators")
        && p[6].equals("permission")
        && m.equals("GET")) {
      GithubOrg.User u = org.users.get(p[5]);
      if (u == null) {
        return notFound();
      }
      String role = repo.collaborators.getOrDefault(u.login(), "none");
      return ok(
          map("permission", Shapes.legacy(role), "role_name", role, "user", Shapes.user(base, u)));
    }
    if (p.length == 6 && p[4].equals("collaborators") && m.equals("PUT")) {
      GithubOrg.User u = org.users.get(p[5]);
      if (u == null) {
        return notFound();
      }
      String role = body(req).path("permission").asText("push");
      if (!REPO_ROLES.contains(role)) {
        return invalid("permission", "invalid");
      }
      role = role.equals("pull") ? "read" : role.equals("push") ? "write" : role;
      if (repo.collaborators.containsKey(u.login())) {
        repo.collaborators.put(u.login(), role);
        return HttpResponse.empty(204);
      }
      // A new collaborator is invited: 201 with the invitation; a repeat updates it.
      Optional<GithubOrg.RepoInvitation> pending =
          repo.invitations.stream().filter(i -> i.login().equals(u.login())).findFirst();
      GithubOrg.RepoInvitation inv =
          new GithubOrg.RepoInvitation(
              pending.map(GithubOrg.RepoInvitation::id).orElseGet(org::newId), u.login(), role);
      pending.ifPresent(repo.invitations::remove);
      repo.invitations.add(inv);
      return HttpResponse.json(201, shapes.repoInvitation(base, repo, inv));
    }
    if (p.length == 5 && p[4].equals("invitations") && m.equals("GET")) {
      return Answers.page(
          emulator.maxPageSize(),
          req,
          base,
          repo.invitations.stream()
              .map(i -> (Object) shapes.repoInvitation(base, repo, i))
              .toList());
    }
    if (p.length == 6 && p[4].equals("invitations") && m.equals("DELETE")) {
      boolean removed = repo.invitations.removeIf(i -> Long.toString(i.id()).equals(p[5]));
      return removed ? HttpResponse.empty(204) : notFound();
    }
    return notFound();
  }

  private Optional<GithubOrg.Token> token(HttpRequest req) {
    String auth = req.header("Authorization");
    if (auth == null) {
      return Optional.empty();
    }
    String value = auth.replaceFirst("(?i)^(token|bearer)\\s+", "").trim();
    return org.token(value);
  }
}
