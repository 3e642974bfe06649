package dev.leaver.activities.entra;

import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.graph.GraphClients;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.graph.GraphPreflight;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.util.List;

/**
 * Microsoft Entra ID through the Microsoft Graph SDK: the kill switch (disable the account, revoke
 * sign-in sessions), clean-up (group memberships, directly assigned licences, the leave date, app
 * role assignments, consents given to apps, sign-in methods, ownership of groups and app
 * registrations) and the handover (the manager gets write access to the leaver's OneDrive until the
 * handover period ends).
 *
 * <p>Application permissions: {@link GraphPreflight#NEEDED}.
 */
public final class EntraTarget implements TargetSystem {
  static final String ID = "entra";
  private final GraphServiceClient graph;
  private final List<TargetAction> actions;
  private final GraphPreflight preflight;

  /**
   * The Graph application permissions the connector needs, checked by {@link #check()}; kept in
   * step with the permission each action names when it calls Graph.
   */
  static final List<GraphPreflight.Need> PERMISSIONS =
      List.of(
          new GraphPreflight.Need(
              "User.Read.All",
              "resolve and every snapshot",
              List.of("User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All")),
          new GraphPreflight.Need(
              "User.EnableDisableAccount.All",
              "DisableAccount",
              List.of("User.ReadWrite.All", "Directory.ReadWrite.All")),
          new GraphPreflight.Need(
              "User.RevokeSessions.All",
              "RevokeSessions",
              List.of("User.ReadWrite.All", "Directory.ReadWrite.All")),
          new GraphPreflight.Need(
              "GroupMember.ReadWrite.All",
              "RemoveGroupMemberships",
              List.of("Group.ReadWrite.All", "Directory.ReadWrite.All")),
          new GraphPreflight.Need(
              "LicenseAssignment.ReadWrite.All",
              "RemoveLicenses",
              List.of("User.ReadWrite.All", "Directory.ReadWrite.All")),
          new GraphPreflight.Need("User-LifeCycleInfo.ReadWrite.All", "SetLeaveDate", List.of()),
          new GraphPreflight.Need(
              "AppRoleAssignment.ReadWrite.All", "RemoveAppRoleAssignments", List.of()),
          new GraphPreflight.Need(
              "DelegatedPermissionGrant.ReadWrite.All",
              "RevokeOAuthConsents",
              List.of("Directory.ReadWrite.All")),
          new GraphPreflight.Need(
              "UserAuthenticationMethod.ReadWrite.All", "DeleteAuthenticationMethods", List.of()),
          new GraphPreflight.Need(
              "Group.ReadWrite.All",
              "HandOverOwnership (groups)",
              List.of("Directory.ReadWrite.All")),
          new GraphPreflight.Need(
              "Application.ReadWrite.All",
              "HandOverOwnership (app registrations)",
              List.of("Directory.ReadWrite.All")),
          new GraphPreflight.Need(
              "Files.ReadWrite.All", "GrantOneDriveToManager", List.of("Sites.ReadWrite.All")),
          new GraphPreflight.Need(
              "User.DeleteRestore.All",
              "DeleteAccount (only with the policy's deleteAfterDays)",
              List.of("User.ReadWrite.All", "Directory.ReadWrite.All")));

  public EntraTarget(EntraConfig config) {
    this(
        GraphClients.create(
            ID, config.graphBaseUrl(), config.tenantId(), config.clientId(), config.clientSecret()),
        config.clientId());
  }

  EntraTarget(GraphServiceClient graph, String clientId) {
    this.graph = graph;
    this.preflight = new GraphPreflight(graph, ID, clientId, PERMISSIONS);
    this.actions =
        List.of(
            new DisableAccount(graph),
            new RevokeSessions(graph),
            new RemoveGroupMemberships(graph),
            new RemoveLicenses(graph),
            new SetLeaveDate(graph),
            new RemoveAppRoleAssignments(graph),
            new RevokeOAuthConsents(graph),
            new DeleteAuthenticationMethods(graph),
            new HandOverOwnership(graph),
            new GrantOneDriveToManager(graph),
            new DeleteAccount(graph));
  }

  @Override
  public String id() {
    return "entra";
  }

  /**
   * Finds the account by the most stable key first: the HR {@code employeeId} attribute, then the
   * UPN. Two accounts with the same employee id are not guessed between: the step parks.
   */
  @Override
  public Resolution resolve(Leaver leaver) {
    String id = leaver.employeeId().replace("'", "''");
    var byEmployeeId =
        GraphErrors.call(
            "User.Read.All",
            () ->
                graph
                    .users()
                    .get(
                        rc -> {
                          rc.queryParameters.filter = "employeeId eq '" + id + "'";
                          rc.queryParameters.select = new String[] {"id", "employeeId"};
                          rc.queryParameters.top = 2;
                        }));
    List<User> matches = byEmployeeId.getValue() == null ? List.of() : byEmployeeId.getValue();
    if (matches.size() > 1) {
      List<String> ids = matches.stream().map(User::getId).toList();
      return Resolution.ambiguous(
          id(),
          "employeeId",
          ids,
          matches.size()
              + " Entra users carry employeeId "
              + leaver.employeeId()
              + ": "
              + ids
              + "; none touched");
    }
    if (matches.size() == 1) {
      return Resolution.found(
          id(),
          matches.get(0).getId(),
          "employeeId",
          "Entra user " + matches.get(0).getId() + ", matched on employeeId");
    }
    try {
      User u =
          graph
              .users()
              .byUserId(leaver.upn())
              .get(rc -> rc.queryParameters.select = new String[] {"id", "accountEnabled"});
      return Resolution.found(
          id(),
          u.getId(),
          "userPrincipalName",
          "Entra user "
              + u.getId()
              + ", matched on userPrincipalName (no user carries the employeeId)");
    } catch (ApiException e) {
      if (e.getResponseStatusCode() == 404) {
        return Resolution.notFound(
            id(),
            "employeeId, then userPrincipalName",
            "no Entra user with employeeId " + leaver.employeeId() + " or the leaver's UPN");
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
