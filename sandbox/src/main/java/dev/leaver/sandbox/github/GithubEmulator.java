package dev.leaver.sandbox.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's REST API (and one GraphQL query) for one organisation under {@code /github}; point
 * {@code github-api} at it with {@code new GitHubBuilder().withEndpoint(base + "/github")}.
 *
 * <p>Answers as GitHub documents: 404 {@code Not Found} for a login that is neither a member nor
 * invited, 204 on deletes, 422 {@code Validation Failed} for what GitHub refuses (removing a member
 * as an outside collaborator, revoking unknown token ids), 401 for an unknown token and 403 for a
 * token of the wrong kind: SAML SSO credential authorizations need a user token with {@code
 * admin:org}; fine-grained token management needs a GitHub App installation token. Every answer
 * carries {@code x-ratelimit-*} headers; lists are paginated with {@code Link}.
 *
 * <p>Setting a membership for a non-member makes a pending invitation, as on GitHub: the person
 * must accept ({@link #accept} in tests) before they have the role and their teams.
 */
public final class GithubEmulator implements Emulator {
  static final String PREFIX = "/github";
  private final GithubOrg org;
  private final Rest rest;
  private final Apps apps = new Apps();
  private volatile int maxPageSize = 100;

  public GithubEmulator(JsonNode section) {
    org = new GithubOrg(section);
    rest = new Rest(org, this);
  }

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public synchronized HttpResponse handle(HttpRequest request) {
    HttpResponse r = rest.handle(request, request.path().substring(PREFIX.length()));
    long reset = System.currentTimeMillis() / 1000 + 3600;
    return r.withHeader("x-ratelimit-limit", "5000")
        .withHeader("x-ratelimit-remaining", "4990")
        .withHeader("x-ratelimit-used", "10")
        .withHeader("x-ratelimit-reset", Long.toString(reset))
        .withHeader("x-ratelimit-resource", "core")
        .withHeader("x-github-request-id", "SANDBOX:" + Long.toHexString(System.nanoTime()));
  }

  int maxPageSize() {
    return maxPageSize;
  }

  Apps apps() {
    return apps;
  }

  /**
   * Installs a GitHub App on the organisation: its JWTs, signed with the private key of {@code
   * key}, mint installation tokens that may manage fine-grained personal access tokens.
   */
  public void installApp(long appId, long installationId, java.security.PublicKey key) {
    apps.install(appId, installationId, key);
  }

  /** How many installation tokens have been minted. */
  public int mintedTokens() {
    return apps.minted();
  }

  // ---- for tests: read the organisation back, and change what a person would change ----------

  /** Pages are at most this long (GitHub: 100), to make short lists span pages. */
  public void maxPageSize(int size) {
    maxPageSize = size;
  }

  /** The organisation's login, e.g. {@code contoso}. */
  public String organization() {
    return org.login;
  }

  /**
   * {@code role/state} of the login's organisation membership, e.g. {@code member/active}; empty
   * when none.
   */
  public synchronized Optional<String> membership(String login) {
    return Optional.ofNullable(org.memberships.get(login)).map(m -> m.role() + "/" + m.state());
  }

  /** team slug → {@code role/state} of the login's team memberships. */
  public synchronized Map<String, String> teams(String login) {
    Map<String, String> out = new LinkedHashMap<>();
    for (GithubOrg.Team t : org.teams) {
      GithubOrg.TeamMember m = t.members.get(login);
      if (m != null) {
        out.put(t.slug, m.role() + "/" + m.state());
      }
    }
    return out;
  }

  /** Pending organisation invitations, each as {@code id:login-or-email}. */
  public synchronized List<String> invitations() {
    return org.invitations.stream()
        .map(i -> i.id() + ":" + (i.login() != null ? i.login() : i.email()))
        .toList();
  }

  /**
   * repository → permission the login holds ({@code write}) or is invited to ({@code write
   * (invited)}).
   */
  public synchronized Map<String, String> repositoryAccess(String login) {
    Map<String, String> out = new LinkedHashMap<>();
    for (GithubOrg.Repo r : org.repos) {
      if (r.collaborators.containsKey(login)) {
        out.put(r.name, r.collaborators.get(login));
      }
      r.invitations.stream()
          .filter(i -> i.login().equals(login))
          .forEach(i -> out.put(r.name, i.permission() + " (invited)"));
    }
    return out;
  }

  /** Ids of the SAML SSO credential authorizations of a login. */
  public synchronized List<Long> credentialAuthorizations(String login) {
    return org.credentials.stream()
        .filter(c -> c.login().equals(login))
        .map(GithubOrg.Credential::credentialId)
        .toList();
  }

  /** Ids of the fine-grained personal access tokens a login has granted to the organisation. */
  public synchronized List<Long> personalAccessTokens(String owner) {
    return org.pats.stream().filter(p -> p.owner().equals(owner)).map(GithubOrg.Pat::id).toList();
  }

  /** Links one more SAML identity (NameID → login), e.g. a second account for the same person. */
  public synchronized void addSamlIdentity(String nameId, String login) {
    org.identities.add(new GithubOrg.Identity(nameId, login));
  }

  /** The invitee accepts their pending organisation invitation: active, with their teams. */
  public synchronized void accept(String login) {
    GithubOrg.Membership m = org.memberships.get(login);
    if (m == null || !m.state().equals("pending")) {
      throw new IllegalStateException(login + " has no pending invitation");
    }
    org.memberships.put(login, new GithubOrg.Membership(m.role(), "active"));
    org.invitations.removeIf(i -> login.equals(i.login()));
    for (GithubOrg.Team t : org.teams) {
      t.members.computeIfPresent(login, (k, tm) -> new GithubOrg.TeamMember(tm.role(), "active"));
    }
  }

  /**
   * Takes an OAuth scope away from the user tokens (e.g. {@code admin:org}) for preflight tests.
   */
  public synchronized void revokeScope(String scope) {
    List<GithubOrg.Token> changed =
        org.tokens.stream()
            .map(
                t ->
                    new GithubOrg.Token(
                        t.value(),
                        t.kind(),
                        t.login(),
                        t.scopes().stream().filter(x -> !x.equals(scope)).toList()))
            .toList();
    org.tokens.clear();
    org.tokens.addAll(changed);
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
