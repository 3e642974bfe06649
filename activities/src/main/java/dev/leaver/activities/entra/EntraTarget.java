package dev.leaver.activities.entra;

import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.util.List;

/**
 * Microsoft Entra ID through the Microsoft Graph SDK: the kill switch (disable the account, revoke
 * sign-in sessions), clean-up (group memberships, directly assigned licences) and the handover
 * (the manager gets write access to the leaver's OneDrive until the handover period ends).
 *
 * <p>Application permissions: User.Read.All, User.EnableDisableAccount.All, User.RevokeSessions.All,
 * GroupMember.ReadWrite.All, LicenseAssignment.ReadWrite.All, Files.ReadWrite.All.
 */
public final class EntraTarget implements TargetSystem {
  private final GraphServiceClient graph;
  private final List<TargetAction> actions;
  private final GraphPreflight preflight;

  public EntraTarget(EntraConfig config) {
    this(GraphClients.create(config), config.clientId());
  }

  EntraTarget(GraphServiceClient graph, String clientId) {
    this.graph = graph;
    this.preflight = new GraphPreflight(graph, clientId);
    this.actions = List.of(new DisableAccount(graph), new RevokeSessions(graph),
        new RemoveGroupMemberships(graph), new RemoveLicenses(graph), new GrantOneDriveToManager(graph));
  }

  @Override
  public String id() {
    return "entra";
  }

  @Override
  public Resolution resolve(Leaver leaver) {
    try {
      User u = graph.users().byUserId(leaver.upn())
          .get(rc -> rc.queryParameters.select = new String[] {"id", "accountEnabled"});
      return Resolution.found(id(), u.getId(), "Entra user " + u.getId());
    } catch (ApiException e) {
      if (e.getResponseStatusCode() == 404) {
        return Resolution.notFound(id(), "no Entra user with the leaver's UPN");
      }
      throw GraphErrors.map("User.Read.All", e);
    }
  }

  @Override
  public List<TargetAction> actions() {
    return actions;
  }

  /** The app's granted Graph application permissions against what the actions need. Read-only. */
  @Override
  public List<PermissionCheck> check() {
    return preflight.check();
  }
}
