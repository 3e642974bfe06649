package dev.leaver.activities.azure;

import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import dev.leaver.activities.graph.GraphClients;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.net.URI;
import java.util.List;

/**
 * Azure, through Azure Resource Manager: the leaver's role assignments and PIM eligibility across
 * the configured subscriptions and management groups, Key Vault access policies, and the shared
 * secrets of the resources the configuration lists as reachable. Azure RBAC knows people by their
 * Entra object id, which {@link #resolve} finds through Microsoft Graph.
 *
 * <p>Actions, in order: at the kill switch {@code RemoveRoleAssignments}, {@code
 * RemoveEligibleAssignments}, {@code RemoveVaultAccessPolicies}, {@code BlockApimUser} (all
 * reversible); at clean-up the irreversible rotations {@code RotateVaultSecrets}, {@code
 * RegenerateStorageKeys}, {@code RegenerateServiceBusKeys}, {@code RegenerateApimSubscriptionKeys}.
 */
public final class AzureTarget implements TargetSystem {
  public static final String ID = "azure";

  private final GraphServiceClient graph;
  private final List<TargetAction> actions;
  private final AzurePreflight preflight;

  public AzureTarget(AzureConfig config) {
    // The sandbox's Graph checks that a token is present, not what it is: no secret for loopback.
    String graphHost = URI.create(config.graphBaseUrl()).getHost();
    this.graph =
        GraphClients.create(
            ID,
            config.graphBaseUrl(),
            config.tenantId(),
            config.clientId(),
            GraphClients.isLoopback(graphHost) ? null : config.clientSecret());
    Arm arm = new Arm(config);
    Rbac rbac = new Rbac(arm, config);
    RemoveEligibleAssignments eligible = new RemoveEligibleAssignments(arm, rbac);
    RemoveVaultAccessPolicies vaults = new RemoveVaultAccessPolicies(arm, config);
    Rotation.Access access =
        t ->
            !rbac.direct(t.accountId()).isEmpty()
                || eligible.decide(t, eligible.snapshot(t)) instanceof Decision.Write
                || vaults.decide(t, vaults.snapshot(t)) instanceof Decision.Write;
    this.actions =
        List.of(
            new RemoveRoleAssignments(arm, rbac),
            eligible,
            vaults,
            new BlockApimUser(arm, config),
            new RotateVaultSecrets(arm, config, access),
            new RegenerateStorageKeys(arm, config, access),
            new RegenerateServiceBusKeys(arm, config, access),
            new RegenerateApimSubscriptionKeys(arm, config, access));
    this.preflight = new AzurePreflight(arm, config, actions);
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * Finds the leaver's Entra object id through Graph: the HR {@code employeeId} first, then the
   * user principal name. Two users with the employee id are ambiguous and nothing is touched.
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
          ID,
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
          ID,
          matches.get(0).getId(),
          "employeeId",
          "Entra object id " + matches.get(0).getId() + " (Graph), matched on employeeId");
    }
    try {
      User u =
          graph
              .users()
              .byUserId(leaver.upn())
              .get(rc -> rc.queryParameters.select = new String[] {"id"});
      return Resolution.found(
          ID,
          u.getId(),
          "userPrincipalName",
          "Entra object id "
              + u.getId()
              + " (Graph), matched on userPrincipalName (no user carries the employeeId)");
    } catch (ApiException e) {
      if (e.getResponseStatusCode() == 404) {
        return Resolution.notFound(
            ID,
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

  /** The app's ARM permissions at each configured scope, per action ({@code .../permissions}). */
  @Override
  public List<PermissionCheck> check() {
    return preflight.check();
  }
}
