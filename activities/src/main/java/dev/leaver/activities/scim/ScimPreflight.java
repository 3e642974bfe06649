package dev.leaver.activities.scim;

import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SCIM preflight: one read-only {@code GET /Users?count=1} per app. SCIM has no way to ask what
 * a token may do, so the read row is checked and the write rows (PATCH, DELETE) are unknown while
 * the token reads: their first real write shows them. An app that refuses the token (401, 403)
 * makes every row it takes part in missing; only when every app of a row refuses or cannot be
 * reached is the row blocked, so one broken app does not stop the others.
 */
final class ScimPreflight {
  static final String READ = "Users: GET";

  private final List<ScimClient> clients;
  private final ScimConfig config;

  ScimPreflight(List<ScimClient> clients, ScimConfig config) {
    this.clients = clients;
    this.config = config;
  }

  /** What the probe of one app found. */
  private enum Seen {
    READS,
    REFUSED,
    UNREACHABLE
  }

  List<PermissionCheck> check() {
    Map<String, Seen> seen = new LinkedHashMap<>();
    Map<String, String> detail = new LinkedHashMap<>();
    for (ScimClient c : clients) {
      try {
        int status = c.probe();
        Seen s =
            status == 200
                ? Seen.READS
                : status == 401 || status == 403 ? Seen.REFUSED : Seen.UNREACHABLE;
        seen.put(c.app(), s);
        detail.put(c.app(), c.app() + ": GET /Users answered " + status);
      } catch (TargetException e) {
        seen.put(c.app(), Seen.UNREACHABLE);
        detail.put(c.app(), c.app() + ": " + e.getMessage());
      }
    }
    List<PermissionCheck> rows = new ArrayList<>();
    rows.add(row(READ, clients, seen, detail, false));
    List<ScimClient> patch = clients.stream().filter(c -> !config.app(c.app()).deletes()).toList();
    List<ScimClient> delete = clients.stream().filter(c -> config.app(c.app()).deletes()).toList();
    if (!patch.isEmpty()) {
      rows.add(row(DeactivateUsers.PERMISSION, patch, seen, detail, true));
    }
    if (!delete.isEmpty()) {
      rows.add(row(DeleteUsers.PERMISSION, delete, seen, detail, true));
    }
    if (!patch.isEmpty()) {
      rows.add(row(RemoveGroupMemberships.PERMISSION, patch, seen, detail, true));
    }
    return rows;
  }

  private static PermissionCheck row(
      String permission,
      List<ScimClient> apps,
      Map<String, Seen> seen,
      Map<String, String> detail,
      boolean write) {
    List<String> refused =
        apps.stream().map(ScimClient::app).filter(a -> seen.get(a) == Seen.REFUSED).toList();
    List<String> away =
        apps.stream().map(ScimClient::app).filter(a -> seen.get(a) == Seen.UNREACHABLE).toList();
    String seenText = String.join("; ", apps.stream().map(c -> detail.get(c.app())).toList());
    if (refused.size() + away.size() == apps.size()) {
      return PermissionCheck.blocked(
          permission,
          seenText,
          "check each app's baseUrl and SCIM token (systems.scim.apps.<app>.bearerToken)");
    }
    if (!refused.isEmpty()) {
      return PermissionCheck.missing(
          permission,
          "refused in " + refused + "; " + seenText,
          "issue a new SCIM token in "
              + String.join(", ", refused)
              + " and put its reference in systems.scim.apps.<app>.bearerToken");
    }
    if (!away.isEmpty()) {
      return PermissionCheck.unknown(
          permission,
          "not reachable: " + away + "; " + seenText,
          "check that " + String.join(", ", away) + " is reachable from the worker");
    }
    if (write) {
      return PermissionCheck.unknown(
          permission,
          "the token reads in every app; SCIM shows a token's write rights only on a write ("
              + seenText
              + ")",
          "give the SCIM token provisioning (write) rights in each app; most apps grant them to"
              + " every SCIM token");
    }
    return PermissionCheck.granted(permission, seenText);
  }
}
