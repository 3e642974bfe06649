package dev.leaver.activities.google;

import com.google.api.services.directory.model.User;
import com.google.api.services.directory.model.UserExternalId;
import com.google.api.services.directory.model.Users;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Google Workspace, through Google's Admin SDK Directory client, the Data Transfer API and
 * google-auth (a service account with domain-wide delegation acting as an admin; see {@link
 * GoogleConfig}).
 *
 * <p>Actions, in order: at the kill switch {@code SuspendUser} (reversible) and {@code SignOut}; at
 * clean-up {@code DeleteOAuthTokens}, {@code DeleteAppPasswords}, {@code InvalidateBackupCodes},
 * {@code RemoveFromGroups} (reversible) and {@code TransferDrive}. All but the two reversible ones
 * are irreversible and recorded as such.
 */
public final class GoogleTarget implements TargetSystem {
  public static final String ID = "google";

  private final GoogleClients clients;
  private final List<TargetAction> actions;
  private final GooglePreflight preflight;

  public GoogleTarget(GoogleConfig config) {
    this(config, Clock.systemUTC());
  }

  GoogleTarget(GoogleConfig config, Clock clock) {
    clients = new GoogleClients(config);
    actions =
        List.of(
            new SuspendUser(clients),
            new SignOut(clients, clock),
            new DeleteOAuthTokens(clients),
            new DeleteAppPasswords(clients),
            new InvalidateBackupCodes(clients),
            new RemoveFromGroups(clients),
            new TransferDrive(clients));
    preflight = new GooglePreflight(clients);
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * The employee id first ({@code users.list query=externalId:E1005}): it survives a rename, where
   * the primary e-mail does not. Two accounts with the id are ambiguous and none is touched. Then
   * the e-mail ({@code users.get}, which also finds aliases), refused when that account carries
   * another employee's id.
   */
  @Override
  public Resolution resolve(Leaver leaver) {
    String query = "externalId:" + quoted(leaver.employeeId());
    Users found =
        clients.call(
            "users.list",
            GoogleClients.USER_READONLY,
            () ->
                clients
                    .directory(GoogleClients.USER_READONLY)
                    .users()
                    .list()
                    .setCustomer(clients.config().customerId())
                    .setQuery(query)
                    .setMaxResults(10)
                    .execute());
    List<User> byId =
        found.getUsers() == null
            ? List.of()
            : found.getUsers().stream().filter(u -> hasEmployeeId(u, leaver.employeeId())).toList();
    if (byId.size() > 1) {
      return Resolution.ambiguous(
          ID,
          "employeeId",
          byId.stream().map(User::getId).toList(),
          byId.size()
              + " Google accounts carry employee id "
              + leaver.employeeId()
              + " ("
              + String.join(", ", byId.stream().map(User::getPrimaryEmail).toList())
              + "); none is touched");
    }
    if (byId.size() == 1) {
      User u = byId.get(0);
      return Resolution.found(
          ID,
          u.getId(),
          "employeeId",
          "users.list externalId:" + leaver.employeeId() + " matched " + u.getPrimaryEmail());
    }
    Optional<User> byEmail =
        clients.callOrNotFound(
            "users.get",
            GoogleClients.USER_READONLY,
            () ->
                clients.directory(GoogleClients.USER_READONLY).users().get(leaver.upn()).execute());
    if (byEmail.isEmpty()) {
      return Resolution.notFound(
          ID,
          "employeeId, primaryEmail",
          "no Google account with the leaver's employee id or address");
    }
    User u = byEmail.get();
    Optional<String> other =
        employeeIds(u).stream().filter(id -> !id.equals(leaver.employeeId())).findFirst();
    if (other.isPresent()) {
      return Resolution.notFound(
          ID,
          "employeeId, primaryEmail",
          "the Google account at the leaver's"
              + " address carries another employee id; not touched");
    }
    return Resolution.found(
        ID,
        u.getId(),
        "employeeId, then primaryEmail",
        "users.get by the leaver's address (no account carries the leaver's employee id)");
  }

  @Override
  public List<TargetAction> actions() {
    return actions;
  }

  /** One token request per scope the actions use: shows which are delegated. Read-only. */
  @Override
  public List<PermissionCheck> check() {
    return preflight.check();
  }

  @Override
  public void close() {
    clients.close();
  }

  private static boolean hasEmployeeId(User u, String employeeId) {
    return employeeIds(u).contains(employeeId);
  }

  /** The values of the user's {@code organization} external ids (the employee ids). */
  @SuppressWarnings("unchecked")
  private static List<String> employeeIds(User u) {
    Object raw = u.getExternalIds();
    if (!(raw instanceof List<?> list)) {
      return List.of();
    }
    return list.stream()
        .map(GoogleTarget::externalId)
        .filter(e -> e != null && "organization".equals(e.getType()) && e.getValue() != null)
        .map(UserExternalId::getValue)
        .toList();
  }

  /** The Directory model types {@code externalIds} as Object: its items arrive as maps. */
  private static UserExternalId externalId(Object item) {
    if (item instanceof UserExternalId e) {
      return e;
    }
    if (item instanceof java.util.Map<?, ?> m) {
      return new UserExternalId().setType(str(m.get("type"))).setValue(str(m.get("value")));
    }
    return null;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static String quoted(String value) {
    return value.matches("[A-Za-z0-9._@-]+") ? value : "'" + value.replace("'", "") + "'";
  }
}
