package dev.leaver.activities.github;

import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.workflows.contract.Leaver;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code RemoveOutsideCollaborator} passes the shared contract for a contractor who is an outside
 * collaborator of {@code contoso} (no member can be), found through the mapping file because the
 * organisation's SAML knows only members. Her pending invitation to join the organisation runs
 * {@code CancelInvitations} through the contract's irreversible cases too.
 */
class GithubOutsideCollaboratorContractTest extends TargetSystemContract {

  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    return new GithubTarget(
        GithubConfig.sandbox(sandbox.baseUrl())
            .withMappingFile(GithubSandbox.mappingFile().toString()));
  }

  @Override
  protected Leaver leaver() {
    return GithubSandbox.MARGARET_LEAVER;
  }

  @Override
  protected Stream<String> actions() {
    return Stream.of(RemoveOutsideCollaborator.NAME, CancelInvitations.NAME);
  }

  @Override
  protected Stream<String> reversibleActions() {
    return Stream.of(RemoveOutsideCollaborator.NAME);
  }

  @Override
  protected Stream<String> irreversibleActions() {
    return Stream.of(CancelInvitations.NAME);
  }

  @Override
  protected Write write(String action) {
    return action.equals(CancelInvitations.NAME)
        ? new Write("DELETE", GithubSandbox.ORG + "/invitations/")
        : new Write("DELETE", GithubSandbox.ORG + "/outside_collaborators/");
  }

  @Override
  protected Map<String, Object> errorBody(int status) {
    return Map.of(
        "message", "sandbox fault " + status, "documentation_url", "https://docs.github.com/rest");
  }
}
