package dev.leaver.activities.google;

import dev.leaver.activities.target.PermissionCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Google's preflight: for each scope the actions use, one token request for that scope alone, as
 * the impersonated admin. Google's token endpoint refuses a scope that is not in the service
 * account's domain-wide delegation with {@code unauthorized_client}, so this shows, without
 * changing anything, which scopes are delegated. It cannot see the admin's role: a refused call
 * later says so as PermissionDenied.
 */
final class GooglePreflight {
  private static final Map<String, String> NEEDED_BY =
      Map.of(
          GoogleClients.USER_READONLY,
          "resolve (users.list, users.get), SignOut and TransferDrive reads",
          GoogleClients.USER,
          "SuspendUser (users.update)",
          GoogleClients.USER_SECURITY,
          "SignOut, DeleteOAuthTokens, DeleteAppPasswords, InvalidateBackupCodes",
          GoogleClients.GROUP_READONLY,
          "RemoveFromGroups (groups.list by user)",
          GoogleClients.GROUP_MEMBER,
          "RemoveFromGroups (members.get/delete/insert)",
          GoogleClients.DATATRANSFER,
          "TransferDrive (applications.list, transfers.insert/list/get)");

  private final GoogleClients clients;

  GooglePreflight(GoogleClients clients) {
    this.clients = clients;
  }

  List<PermissionCheck> check() {
    List<PermissionCheck> rows = new ArrayList<>();
    for (String scope : GoogleClients.SCOPES) {
      rows.add(row(scope));
    }
    return rows;
  }

  private PermissionCheck row(String scope) {
    String admin = clients.config().adminEmail();
    try {
      clients.credentials(scope).refresh();
      return PermissionCheck.granted(
          scope,
          "the token endpoint issued a token for it, acting as "
              + admin
              + "; needed by "
              + NEEDED_BY.get(scope));
    } catch (IOException e) {
      String answer = GoogleErrors.tokenAnswer(e);
      if (e instanceof com.google.auth.Retryable r && !r.isRetryable()) {
        if (answer != null && answer.contains("unauthorized_client")) {
          return PermissionCheck.missing(
              scope,
              "not delegated: the token endpoint answered"
                  + " unauthorized_client; "
                  + NEEDED_BY.get(scope)
                  + " will park for an operator",
              "in the Admin console (Security > API controls > Domain-wide delegation) add "
                  + scope
                  + " to the client id of "
                  + clients.config().serviceAccountEmail());
        }
        return PermissionCheck.blocked(
            scope,
            "the token endpoint refused the service account: " + answer,
            "check serviceAccountEmail, privateKey and adminEmail (an existing admin) in"
                + " systems.google");
      }
      return PermissionCheck.blocked(
          scope,
          "the token endpoint is unreachable: "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage(),
          "check that " + clients.config().tokenUri() + " is reachable from the worker");
    } catch (RuntimeException e) {
      return PermissionCheck.blocked(
          scope,
          "the service account's key cannot be used: " + e.getMessage(),
          "put the key's PKCS#8 PEM (private_key) in systems.google.privateKey");
    }
  }
}
