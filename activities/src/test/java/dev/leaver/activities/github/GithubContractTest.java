package dev.leaver.activities.github;

import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.workflows.contract.Leaver;
import java.util.Map;
import java.util.stream.Stream;

/**
 * GitHub through github-api against the sandbox's GitHub emulator passes the shared contract, for
 * the developer leaver (a member of {@code contoso}, found through SAML) and every action a member
 * has something for. {@code RemoveOutsideCollaborator} cannot: GitHub never makes a member an
 * outside collaborator of the same organisation, so {@link GithubOutsideCollaboratorContractTest}
 * runs the contract for it with a contractor.
 */
class GithubContractTest extends TargetSystemContract {

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    return new GithubTarget(GithubConfig.sandbox(sandbox.baseUrl()));
  }

  @Override
  protected Leaver leaver() {
    return GithubSandbox.LINUS_LEAVER;
  }

  @Override
  protected Stream<String> actions() {
    return super.actions().filter(a -> !a.equals(RemoveOutsideCollaborator.NAME));
  }

  @Override
  protected Stream<String> reversibleActions() {
    return super.reversibleActions().filter(a -> !a.equals(RemoveOutsideCollaborator.NAME));
  }

  @Override
  protected Stream<String> irreversibleActions() {
    return super.irreversibleActions().filter(a -> !a.equals(RemoveOutsideCollaborator.NAME));
  }

  @Override
  protected Write write(String action) {
    return switch (action) {
      case RevokeFineGrainedTokens.NAME ->
          new Write("POST", GithubSandbox.ORG + "/personal-access-tokens");
      case RevokeSsoAuthorizations.NAME ->
          new Write("DELETE", GithubSandbox.ORG + "/credential-authorizations/");
      case RemoveOrgMembership.NAME -> new Write("DELETE", GithubSandbox.ORG + "/memberships/");
      case CancelInvitations.NAME -> new Write("DELETE", GithubSandbox.ORG + "/invitations/");
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  /** GitHub's error shape: a message and a documentation link. */
  @Override
  protected Map<String, Object> errorBody(int status) {
    String message =
        status == 403
            ? "Resource not accessible by integration"
            : status == 429 ? "You have exceeded a secondary rate limit" : "Service Unavailable";
    return Map.of("message", message, "documentation_url", "https://docs.github.com/rest");
  }
}
