package dev.leaver.activities.exchange;

import dev.leaver.activities.graph.GraphPreflight;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Exchange's preflight, read-only: a Get-Mailbox that matches nothing proves Exchange.ManageAsApp
 * and a role that includes Get-Mailbox (403 otherwise, 401 for refused credentials); the Graph
 * permissions of the mail actions are read from the app's grants ({@link GraphPreflight}).
 *
 * <p>A read cannot show that the app's Exchange role also includes Add-MailboxPermission and
 * Set-Mailbox; the row says so, and a write refused for that parks its step with a 403.
 */
final class ExchangePreflight {
  private final AdminApi api;
  private final GraphPreflight graph;
  private final String clientId;

  /**
   * @param graph null when no action calls Graph
   */
  ExchangePreflight(AdminApi api, GraphPreflight graph, String clientId) {
    this.api = api;
    this.graph = graph;
    this.clientId = clientId;
  }

  List<PermissionCheck> check() {
    List<PermissionCheck> rows = new ArrayList<>();
    rows.add(exchange());
    if (graph != null) {
      rows.addAll(graph.check());
    }
    return rows;
  }

  private PermissionCheck exchange() {
    String permission = Mailboxes.PERMISSION;
    String grant =
        "grant app "
            + clientId
            + " the application permission "
            + permission
            + " of Office"
            + " 365 Exchange Online with admin consent, and assign the app the Exchange Administrator role"
            + " (or a role group with the Mail Recipients role)";
    HttpResponse<String> r;
    try {
      r = api.probe();
    } catch (TargetException e) {
      return PermissionCheck.blocked(
          permission,
          "no token for Exchange Online: " + e.getMessage(),
          "check systems.exchange tenantId, clientId and clientSecret; a client secret expires");
    } catch (IOException e) {
      return PermissionCheck.blocked(
          permission,
          "Exchange Online is unreachable: " + e.getClass().getSimpleName(),
          "check that the admin API is reachable from the worker");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PermissionCheck.unknown(permission, "the check was interrupted", null);
    }
    int status = r.statusCode();
    if (status >= 200 && status < 300) {
      return PermissionCheck.granted(
          permission,
          "a read-only Get-Mailbox answered "
              + status
              + "; the"
              + " writes (Add-MailboxPermission, Set-Mailbox) also need a role that includes them, which a"
              + " read cannot show");
    }
    if (status == 401) {
      return PermissionCheck.blocked(
          permission,
          "Exchange Online refused the app's token (401)",
          "check systems.exchange tenantId, clientId and clientSecret; a client secret expires");
    }
    if (status == 403) {
      return PermissionCheck.missing(
          permission,
          "Get-Mailbox answered 403: no "
              + permission
              + ", or no"
              + " Exchange role; every Exchange step will park for an operator",
          grant);
    }
    if (status == 429 || status >= 500) {
      return PermissionCheck.blocked(
          permission,
          "Exchange Online is not answering (" + status + ")",
          "wait for Exchange Online to recover; the worker checks again");
    }
    return PermissionCheck.unknown(permission, "Get-Mailbox answered " + status, null);
  }
}
