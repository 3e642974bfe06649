package dev.leaver.sandbox.github;

import static dev.leaver.sandbox.github.GithubEmulator.map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The REST routes of {@link GithubEmulator}; the caller holds the emulator's lock. */
final class Rest {
  private static final String DOCS = "https://docs.github.com/rest";
  private static final Set<String> ORG_ROLES = Set.of("admin", "member");
  private static final Set<String> REPO_ROLES = Set.of("read", "triage", "write", "maintain", "admin",
      "pull", "push");

  private final GithubOrg org;
  private final GithubEmulator emulator;

  Rest(GithubOrg org, GithubEmulator emulator) {
    this.org = org;
    this.emulator = emulator;
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
    String base = "http://" + Optional.ofNullable(req.header("host")).orElse("127.0.0.1")
        + GithubEmulator.PREFIX;
    GithubOrg.Token t = token.get();
    if (path.equals("/graphql") && m.equals("POST")) {
      return Graphql.answer(org, req, t);
    }
    if (path.equals("/user") && m.equals("GET")) {
      if (t.installation()) {
        return error(403, "Resource not accessible by integration");
      }
      return ok(user(base, org.users.get(t.login()))).withHeader("X-OAuth-Scopes",
          String.join(", ", t.scopes()));
    }
    if (path.equals("/rate_limit")) {
      Map<String, Object> core = map("limit", 5000, "remaining", 4990, "reset",
          System.currentTimeMillis() / 1000 + 3600, "used", 10);
      return ok(map("resources", map("core", core), "rate", core));
    }
    if (p.length == 3 && p[1].equals("users") && m.equals("GET")) {
      GithubOrg.User u = org.users.get(p[2]);
      return u == null ? notFound() : ok(user(base, u));
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
      return ok(map("login", org.login, "id", org.id, "node_id", "O_" + org.id,
          "url", base + "/orgs/" + org.login, "repos_url", base + "/orgs/" + org.login + "/repos",
          "html_url", "https://github.com/" + org.login, "name", org.name, "type", "Organization"));
    }
    String what = p[3];
    if (what.equals("memberships") && p.length == 5) {
      return membership(req, base, p[4]);
    }
    if (what.equals("teams") && p.length == 4 && m.equals("GET")) {
      return page(req, base, org.teams.stream().map(x -> (Object) team(base, x)).toList());
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
        return page(req, base,
            org.outsideCollaborators().stream().map(l -> (Object) user(base, org.users.get(l))).toList());
      }
      if (p.length == 5 && m.equals("DELETE")) {
        return removeOutsideCollaborator(p[4]);
      }
    }
    if (what.equals("repos") && p.length == 4 && m.equals("GET")) {
      return page(req, base, org.repos.stream().map(r -> (Object) repo(base, r)).toList());
    }
    if (what.equals("credential-authorizations")) {
      if (!org.saml) {
        return notFound();
      }
      if (t.installation() || !t.scopes().contains("admin:org")) {
        return error(403, "Must have admin rights to Organization (admin:org scope, classic token).");
      }
      return credentials(req, base, p);
    }
    if (what.equals("personal-access-tokens")) {
      if (!t.installation() || !t.scopes().contains("organization_personal_access_tokens:write")) {
        return error(403, "Resource not accessible by personal access token");
      }
      return pats(req, base, p);
    }
    return notFound();
  }

  // ---- memberships and teams ---------------------------------------------------------------

  private HttpResponse membership(HttpRequest req, String base, String login) {
    GithubOrg.User u = org.users.get(login);
    GithubOrg.Membership ms = org.memberships.get(login);
    switch (req.method()) {
      case "GET":
        return ms == null ? notFound() : ok(membershipJson(base, login, ms));
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
        return ok(membershipJson(base, login, ms));
      default:
        return error(405, "Method Not Allowed");
    }
  }

  private void invite(String login, String role) {
    Optional<GithubOrg.Invitation> existing = org.invitationFor(login);
    List<Long> teamIds = existing.map(GithubOrg.Invitation::teamIds).orElse(List.of());
    existing.ifPresent(org.invitations::remove);
    org.invitations.add(new GithubOrg.Invitation(
        existing.map(GithubOrg.Invitation::id).orElseGet(org::newId), login, null, role,
        new ArrayList<>(teamIds), org.tokens.get(0).login(), "2026-11-30T09:00:00Z"));
  }

  private HttpResponse teamMembership(HttpRequest req, String base, GithubOrg.Team team, String login) {
    GithubOrg.TeamMember tm = team.members.get(login);
    switch (req.method()) {
      case "GET":
        return tm == null ? notFound() : ok(teamMembershipJson(base, team, login, tm));
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
        return ok(teamMembershipJson(base, team, login, tm));
      default:
        return error(405, "Method Not Allowed");
    }
  }

  private HttpResponse invitations(HttpRequest req, String base, String[] p) {
    String m = req.method();
    if (p.length == 4 && m.equals("GET")) {
      return page(req, base, org.invitations.stream().map(i -> (Object) invitation(base, i)).toList());
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
        return page(req, base, inv.get().teamIds().stream()
            .map(tid -> org.team(tid)).flatMap(Optional::stream)
            .map(tm -> (Object) team(base, tm)).toList());
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
      login = org.users.values().stream().filter(u -> u.id() == id).map(GithubOrg.User::login)
          .findFirst().orElse(null);
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
    if (email != null && org.invitations.stream().anyMatch(i -> email.equalsIgnoreCase(i.email()))) {
      return invalid("email", "already_exists");
    }
    List<Long> teamIds = new ArrayList<>();
    for (JsonNode t : b.path("team_ids")) {
      if (org.team(t.asLong()).isEmpty()) {
        return invalid("team_ids", "invalid");
      }
      teamIds.add(t.asLong());
    }
    GithubOrg.Invitation inv = new GithubOrg.Invitation(org.newId(), invitee, invitee == null ? email : null,
        role, teamIds, org.tokens.get(0).login(), "2026-11-30T09:00:00Z");
    org.invitations.add(inv);
    if (invitee != null) {
      org.memberships.put(invitee, new GithubOrg.Membership(role.equals("admin") ? "admin" : "member", "pending"));
      teamIds.forEach(tid -> org.team(tid).ifPresent(
          t -> t.members.putIfAbsent(invitee, new GithubOrg.TeamMember("member", "pending"))));
    }
    return HttpResponse.json(201, invitation(base, inv));
  }

  private HttpResponse removeOutsideCollaborator(String login) {
    if (org.activeMember(login)) {
      return HttpResponse.json(422, map("message",
          "You cannot specify an organization member to remove as an outside collaborator.",
          "documentation_url", DOCS));
    }
    org.repos.forEach(r -> r.collaborators.remove(login));
    return HttpResponse.empty(204);
  }

  // ---- repositories ------------------------------------------------------------------------

  private HttpResponse repos(HttpRequest req, String base, GithubOrg.Repo repo, String[] p) {
    String m = req.method();
    if (p.length == 7 && p[4].equals("collaborators") && p[6].equals("permission") && m.equals("GET")) {
      GithubOrg.User u = org.users.get(p[5]);
      if (u == null) {
        return notFound();
      }
      String role = repo.collaborators.getOrDefault(u.login(), "none");
      return ok(map("permission", legacy(role), "role_name", role, "user", user(base, u)));
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
      GithubOrg.RepoInvitation inv = new GithubOrg.RepoInvitation(
          pending.map(GithubOrg.RepoInvitation::id).orElseGet(org::newId), u.login(), role);
      pending.ifPresent(repo.invitations::remove);
      repo.invitations.add(inv);
      return HttpResponse.json(201, repoInvitation(base, repo, inv));
    }
    if (p.length == 5 && p[4].equals("invitations") && m.equals("GET")) {
      return page(req, base, repo.invitations.stream().map(i -> (Object) repoInvitation(base, repo, i)).toList());
    }
    if (p.length == 6 && p[4].equals("invitations") && m.equals("DELETE")) {
      boolean removed = repo.invitations.removeIf(i -> Long.toString(i.id()).equals(p[5]));
      return removed ? HttpResponse.empty(204) : notFound();
    }
    return notFound();
  }

  // ---- SAML SSO credential authorizations and fine-grained tokens ---------------------------

  private HttpResponse credentials(HttpRequest req, String base, String[] p) {
    String m = req.method();
    if (p.length == 4 && m.equals("GET")) {
      String login = req.query().get("login");
      return page(req, base, org.credentials.stream()
          .filter(c -> login == null || c.login().equals(login))
          .map(c -> (Object) map("login", c.login(), "credential_id", c.credentialId(),
              "credential_type", c.type(), "token_last_eight", c.tokenLastEight(),
              "fingerprint", c.fingerprint(), "scopes", c.scopes(),
              "credential_authorized_at", c.authorizedAt(), "credential_accessed_at", null,
              "authorized_credential_title", c.title(), "authorized_credential_id", c.credentialId() + 1000))
          .toList());
    }
    if (p.length == 5 && m.equals("DELETE")) {
      boolean removed = org.credentials.removeIf(c -> Long.toString(c.credentialId()).equals(p[4]));
      return removed ? HttpResponse.empty(204) : notFound();
    }
    return notFound();
  }

  private HttpResponse pats(HttpRequest req, String base, String[] p) {
    String m = req.method();
    if (p.length == 4 && m.equals("GET")) {
      String owner = req.query().getOrDefault("owner[]", req.query().get("owner"));
      return page(req, base, org.pats.stream()
          .filter(t -> owner == null || t.owner().equals(owner))
          .map(t -> (Object) map("id", t.id(), "owner", user(base, org.users.get(t.owner())),
              "repository_selection", t.repositorySelection(), "permissions", t.permissions(),
              "access_granted_at", t.grantedAt(), "token_id", t.tokenId(), "token_name", t.tokenName(),
              "token_expired", false, "token_expires_at", t.expiresAt(), "token_last_used_at", null,
              "repositories_url", base + "/organizations/" + org.id + "/personal-access-tokens/"
                  + t.id() + "/repositories"))
          .toList());
    }
    if (p.length == 4 && m.equals("POST")) {
      JsonNode body = body(req);
      if (!body.path("action").asText().equals("revoke") || !body.path("pat_ids").isArray()
          || body.path("pat_ids").isEmpty()) {
        return invalid("action", "invalid");
      }
      List<Long> ids = new ArrayList<>();
      body.path("pat_ids").forEach(id -> ids.add(id.asLong()));
      if (!ids.stream().allMatch(id -> org.pats.stream().anyMatch(t -> t.id() == id))) {
        return invalid("pat_ids", "not_found");
      }
      org.pats.removeIf(t -> ids.contains(t.id()));
      return HttpResponse.json(202, map());
    }
    return notFound();
  }

  // ---- JSON shapes ---------------------------------------------------------------------------

  private static Map<String, Object> user(String base, GithubOrg.User u) {
    return map("login", u.login(), "id", u.id(), "node_id", "U_" + u.id(),
        "url", base + "/users/" + u.login(), "html_url", "https://github.com/" + u.login(),
        "type", "User", "site_admin", false, "name", u.name());
  }

  private Map<String, Object> team(String base, GithubOrg.Team t) {
    return map("id", t.id, "node_id", "T_" + t.id, "slug", t.slug, "name", t.name,
        "url", base + "/organizations/" + org.id + "/team/" + t.id, "privacy", "closed",
        "permission", "pull", "members_url", base + "/orgs/" + org.login + "/teams/" + t.slug
            + "/members{/member}");
  }

  private Map<String, Object> membershipJson(String base, String login, GithubOrg.Membership ms) {
    return map("url", base + "/orgs/" + org.login + "/memberships/" + login, "state", ms.state(),
        "role", ms.role(), "organization_url", base + "/orgs/" + org.login,
        "organization", map("login", org.login, "id", org.id, "url", base + "/orgs/" + org.login),
        "user", user(base, org.users.get(login)));
  }

  private Map<String, Object> teamMembershipJson(String base, GithubOrg.Team team, String login,
      GithubOrg.TeamMember tm) {
    return map("url", base + "/organizations/" + org.id + "/team/" + team.id + "/memberships/"
        + login, "role", tm.role(), "state", tm.state());
  }

  private Map<String, Object> invitation(String base, GithubOrg.Invitation i) {
    return map("id", i.id(), "node_id", "OI_" + i.id(), "login", i.login(), "email", i.email(),
        "role", i.role(), "created_at", i.createdAt(), "failed_at", null,
        "inviter", i.inviter() == null || !org.users.containsKey(i.inviter()) ? null
            : user(base, org.users.get(i.inviter())),
        "team_count", i.teamIds().size(), "invitation_source", "member",
        "invitation_teams_url", base + "/organizations/" + org.id + "/invitations/" + i.id() + "/teams");
  }

  private Map<String, Object> repo(String base, GithubOrg.Repo r) {
    return map("id", r.id, "node_id", "R_" + r.id, "name", r.name, "full_name", org.login + "/" + r.name,
        "private", r.isPrivate, "url", base + "/repos/" + org.login + "/" + r.name,
        "html_url", "https://github.com/" + org.login + "/" + r.name,
        "owner", map("login", org.login, "id", org.id, "type", "Organization",
            "url", base + "/users/" + org.login));
  }

  private Map<String, Object> repoInvitation(String base, GithubOrg.Repo r, GithubOrg.RepoInvitation i) {
    return map("id", i.id(), "node_id", "RI_" + i.id(), "permissions", i.permission(),
        "invitee", user(base, org.users.get(i.login())), "repository", repo(base, r),
        "created_at", "2026-11-30T09:00:00Z", "expired", false,
        "url", base + "/user/repository_invitations/" + i.id());
  }

  /** GitHub's {@code permission} field folds the finer role names into admin, write, read. */
  private static String legacy(String role) {
    return switch (role) {
      case "admin" -> "admin";
      case "maintain", "write" -> "write";
      case "triage", "read" -> "read";
      default -> "none";
    };
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private Optional<GithubOrg.Token> token(HttpRequest req) {
    String auth = req.header("Authorization");
    if (auth == null) {
      return Optional.empty();
    }
    String value = auth.replaceFirst("(?i)^(token|bearer)\\s+", "").trim();
    return org.token(value);
  }

  /** One page of a list, with GitHub's {@code Link} header (per_page default 30, at most 100). */
  private HttpResponse page(HttpRequest req, String base, List<Object> all) {
    int perPage = intParam(req, "per_page", 30);
    perPage = Math.max(1, Math.min(perPage, emulator.maxPageSize()));
    int pageNo = Math.max(1, intParam(req, "page", 1));
    int from = Math.min(all.size(), (pageNo - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    HttpResponse r = ok(all.subList(from, to));
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    if (pageNo < last) {
      String url = base + req.path().substring(GithubEmulator.PREFIX.length()) + "?";
      StringBuilder q = new StringBuilder();
      for (Map.Entry<String, String> e : req.query().entrySet()) {
        if (!e.getKey().equals("page") && !e.getKey().equals("per_page")) {
          q.append(enc(e.getKey())).append('=').append(enc(e.getValue())).append('&');
        }
      }
      q.append("per_page=").append(perPage).append("&page=");
      r = r.withHeader("Link", "<" + url + q + (pageNo + 1) + ">; rel=\"next\", <" + url + q + last
          + ">; rel=\"last\"");
    }
    return r;
  }

  private static int intParam(HttpRequest req, String name, int dflt) {
    try {
      return Integer.parseInt(req.query().getOrDefault(name, Integer.toString(dflt)));
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static JsonNode body(HttpRequest req) {
    try {
      JsonNode n = req.body().length == 0 ? null : Json.MAPPER.readTree(req.body());
      return n == null ? Json.MAPPER.createObjectNode() : n;
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  static HttpResponse ok(Object body) {
    return HttpResponse.json(200, body);
  }

  static HttpResponse notFound() {
    return error(404, "Not Found");
  }

  static HttpResponse error(int status, String message) {
    return HttpResponse.json(status, map("message", message, "documentation_url", DOCS,
        "status", Integer.toString(status)));
  }

  private static HttpResponse invalid(String field, String code) {
    return HttpResponse.json(422, map("message", "Validation Failed", "errors",
        List.of(map("resource", "Request", "field", field, "code", code)), "documentation_url", DOCS,
        "status", "422"));
  }
}
