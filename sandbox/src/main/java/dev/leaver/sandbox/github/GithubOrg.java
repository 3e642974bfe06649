package dev.leaver.sandbox.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One emulated organisation's state, seeded from the tenant file's {@code github:} section. Not
 * thread-safe by itself: {@link GithubEmulator} serialises access.
 */
final class GithubOrg {
  /** A GitHub account. */
  record User(long id, String login, String name) {}

  /** An API token: {@code user} (classic, with OAuth scopes) or {@code installation} (an app's). */
  record Token(String value, String kind, String login, List<String> scopes) {
    boolean installation() {
      return "installation".equals(kind);
    }
  }

  /** Organisation membership: role {@code admin|member}, state {@code active|pending}. */
  record Membership(String role, String state) {}

  /** Team membership: role {@code member|maintainer}, state {@code active|pending}. */
  record TeamMember(String role, String state) {}

  static final class Team {
    final long id;
    final String slug;
    final String name;
    final Map<String, TeamMember> members = new LinkedHashMap<>();

    Team(long id, String slug, String name) {
      this.id = id;
      this.slug = slug;
      this.name = name;
    }
  }

  /** A pending organisation invitation, to a login or to an e-mail address. */
  record Invitation(
      long id,
      String login,
      String email,
      String role,
      List<Long> teamIds,
      String inviter,
      String createdAt) {}

  /** A pending repository invitation with the permission it offers. */
  record RepoInvitation(long id, String login, String permission) {}

  static final class Repo {
    final long id;
    final String name;
    final boolean isPrivate;

    /** login → role name ({@code read|triage|write|maintain|admin}) of direct collaborators. */
    final Map<String, String> collaborators = new LinkedHashMap<>();

    final List<RepoInvitation> invitations = new ArrayList<>();

    Repo(long id, String name, boolean isPrivate) {
      this.id = id;
      this.name = name;
      this.isPrivate = isPrivate;
    }
  }

  /** A credential authorized for SAML SSO (a personal access token or an SSH key). */
  record Credential(
      long credentialId,
      String login,
      String type,
      String tokenLastEight,
      String fingerprint,
      List<String> scopes,
      String title,
      String authorizedAt) {}

  /** A fine-grained personal access token granted access to the organisation's resources. */
  record Pat(
      long id,
      String owner,
      long tokenId,
      String tokenName,
      String repositorySelection,
      JsonNode permissions,
      String grantedAt,
      String expiresAt) {}

  /** A SAML external identity: the IdP's NameID linked to a GitHub login. */
  record Identity(String nameId, String login) {}

  final String login;
  final long id;
  final String name;
  final boolean saml;
  final Map<String, User> users = new LinkedHashMap<>();
  final List<Token> tokens = new ArrayList<>();
  final Map<String, Membership> memberships = new LinkedHashMap<>();
  final List<Team> teams = new ArrayList<>();
  final List<Invitation> invitations = new ArrayList<>();
  final List<Repo> repos = new ArrayList<>();
  final List<Credential> credentials = new ArrayList<>();
  final List<Pat> pats = new ArrayList<>();
  final List<Identity> identities = new ArrayList<>();
  private final AtomicLong nextId = new AtomicLong(900_000);

  GithubOrg(JsonNode s) {
    JsonNode org = s.path("organization");
    login = org.path("login").asText("contoso");
    id = org.path("id").asLong(1_000_001);
    name = org.path("name").asText(login);
    saml = org.path("saml").asBoolean(false);
    s.path("users")
        .forEach(
            u ->
                users.put(
                    u.path("login").asText(),
                    new User(
                        u.path("id").asLong(),
                        u.path("login").asText(),
                        u.path("name").asText(null))));
    s.path("tokens")
        .forEach(
            t ->
                tokens.add(
                    new Token(
                        t.path("value").asText(),
                        t.path("kind").asText("user"),
                        t.path("login").asText(null),
                        strings(t.path("scopes")))));
    s.path("members")
        .forEach(
            m ->
                memberships.put(
                    m.path("login").asText(),
                    new Membership(m.path("role").asText("member"), "active")));
    s.path("teams")
        .forEach(
            t -> {
              Team team =
                  new Team(t.path("id").asLong(), t.path("slug").asText(), t.path("name").asText());
              t.path("members")
                  .properties()
                  .forEach(
                      e ->
                          team.members.put(
                              e.getKey(), new TeamMember(e.getValue().asText("member"), "active")));
              teams.add(team);
            });
    s.path("invitations")
        .forEach(
            i -> {
              List<Long> teamIds = new ArrayList<>();
              i.path("teams")
                  .forEach(slug -> team(slug.asText()).ifPresent(t -> teamIds.add(t.id)));
              invitations.add(
                  new Invitation(
                      i.path("id").asLong(),
                      i.path("login").asText(null),
                      i.path("email").asText(null),
                      i.path("role").asText("direct_member"),
                      teamIds,
                      i.path("inviter").asText(null),
                      i.path("createdAt").asText("2026-11-20T10:00:00Z")));
              // An invitation to a login is a pending membership, with pending team memberships.
              String invitee = i.path("login").asText(null);
              if (invitee != null && !memberships.containsKey(invitee)) {
                memberships.put(
                    invitee,
                    new Membership(
                        i.path("role").asText("").equals("admin") ? "admin" : "member", "pending"));
                teamIds.forEach(
                    tid ->
                        team(tid)
                            .ifPresent(
                                t ->
                                    t.members.putIfAbsent(
                                        invitee, new TeamMember("member", "pending"))));
              }
            });
    s.path("repos")
        .forEach(
            r -> {
              Repo repo =
                  new Repo(
                      r.path("id").asLong(),
                      r.path("name").asText(),
                      r.path("private").asBoolean(true));
              r.path("collaborators")
                  .properties()
                  .forEach(e -> repo.collaborators.put(e.getKey(), e.getValue().asText()));
              r.path("invitations")
                  .forEach(
                      i ->
                          repo.invitations.add(
                              new RepoInvitation(
                                  i.path("id").asLong(),
                                  i.path("login").asText(),
                                  i.path("permission").asText("read"))));
              repos.add(repo);
            });
    s.path("credentialAuthorizations")
        .forEach(
            c ->
                credentials.add(
                    new Credential(
                        c.path("credentialId").asLong(),
                        c.path("login").asText(),
                        c.path("type").asText(),
                        c.path("tokenLastEight").asText(null),
                        c.path("fingerprint").asText(null),
                        strings(c.path("scopes")),
                        c.path("title").asText(null),
                        c.path("authorizedAt").asText("2026-01-05T09:00:00Z"))));
    s.path("personalAccessTokens")
        .forEach(
            p ->
                pats.add(
                    new Pat(
                        p.path("id").asLong(),
                        p.path("owner").asText(),
                        p.path("tokenId").asLong(),
                        p.path("tokenName").asText(),
                        p.path("repositorySelection").asText("all"),
                        p.path("permissions"),
                        p.path("grantedAt").asText("2026-02-01T08:00:00Z"),
                        p.path("expiresAt").asText(null))));
    s.path("samlIdentities")
        .forEach(
            i ->
                identities.add(
                    new Identity(i.path("nameId").asText(), i.path("login").asText(null))));
  }

  long newId() {
    return nextId.incrementAndGet();
  }

  Optional<Team> team(String slug) {
    return teams.stream().filter(t -> t.slug.equals(slug)).findFirst();
  }

  Optional<Team> team(long teamId) {
    return teams.stream().filter(t -> t.id == teamId).findFirst();
  }

  Optional<Repo> repo(String repoName) {
    return repos.stream().filter(r -> r.name.equals(repoName)).findFirst();
  }

  Optional<Token> token(String value) {
    return tokens.stream().filter(t -> t.value().equals(value)).findFirst();
  }

  boolean activeMember(String userLogin) {
    Membership m = memberships.get(userLogin);
    return m != null && m.state().equals("active");
  }

  /** Outside collaborators: non-members (an invitee is not yet one) with access to a repository. */
  List<String> outsideCollaborators() {
    List<String> out = new ArrayList<>();
    for (Repo r : repos) {
      for (String l : r.collaborators.keySet()) {
        if (!activeMember(l) && !out.contains(l)) {
          out.add(l);
        }
      }
    }
    return out;
  }

  /** The pending invitation to a login, made when a membership is set for a non-member. */
  Optional<Invitation> invitationFor(String userLogin) {
    return invitations.stream().filter(i -> userLogin.equals(i.login())).findFirst();
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(v -> out.add(v.asText()));
    return out;
  }
}
