package dev.leaver.activities.github;

import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.time.Clock;
import java.util.List;

/**
 * One GitHub organisation, through {@code org.kohsuke:github-api} and raw REST/GraphQL where it has
 * no call. Needs an organisation owner's classic token with {@code admin:org} and, to revoke
 * fine-grained tokens, a GitHub App installation token (see {@link GithubConfig}).
 *
 * <p>Actions, in order, all at the kill switch, since each is a way in that works now: {@code
 * RevokeFineGrainedTokens} and {@code RevokeSsoAuthorizations} (irreversible; first, so the
 * evidence lists every credential while the person is still a member and GitHub still lists them),
 * {@code RemoveOrgMembership} (reversible by re-invitation), {@code CancelInvitations}
 * (irreversible: an invitation is accepted with one click) and {@code RemoveOutsideCollaborator} (a
 * contractor's repository access; reversible by re-invitation per repository).
 */
public final class GithubTarget implements TargetSystem {
  public static final String ID = "github";

  /** An org owner's classic token scope: memberships, invitations, collaborators, SSO. */
  static final String ADMIN_ORG = "admin:org";

  /** A GitHub App's organisation permission "Personal access tokens: write". */
  static final String PAT_WRITE = "organization_personal_access_tokens:write";

  private final GithubApi api;
  private final Identities identities;
  private final List<TargetAction> actions;
  private final GithubPreflight preflight;

  public GithubTarget(GithubConfig config) {
    this(config, Clock.systemUTC());
  }

  GithubTarget(GithubConfig config, Clock clock) {
    api = new GithubApi(config, clock);
    identities = new Identities(api);
    actions =
        List.of(
            new RevokeFineGrainedTokens(api),
            new RevokeSsoAuthorizations(api),
            new RemoveOrgMembership(api),
            new CancelInvitations(api),
            new RemoveOutsideCollaborator(api));
    preflight = new GithubPreflight(api);
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * The leaver's login: the organisation's SAML external identity whose NameID is the leaver's UPN,
   * else the mapping file (employee id, then e-mail). Two logins → ambiguous, none touched.
   */
  @Override
  public Resolution resolve(Leaver leaver) {
    return identities.resolve(leaver);
  }

  @Override
  public List<TargetAction> actions() {
    return actions;
  }

  /** The owner token's scope and role, and the app token's access to fine-grained tokens. */
  @Override
  public List<PermissionCheck> check() {
    return preflight.check();
  }

  @Override
  public void close() {
    api.close();
  }
}
