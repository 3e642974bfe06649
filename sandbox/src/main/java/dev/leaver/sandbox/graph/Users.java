package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /users/{id|upn}}: read with $select, enable/disable, revoke sessions, memberOf pages. */
final class Users {
  private final GraphTenant tenant;
  private final Clock clock;

  Users(GraphTenant tenant, Clock clock) {
    this.tenant = tenant;
    this.clock = clock;
  }

  HttpResponse get(GraphTenant.User u, HttpRequest r) {
    return HttpResponse.json(
        200,
        GraphJson.select(
            GraphJson.user(tenant, u), r.query().get("$select"), GraphJson.USER_DEFAULTS));
  }

  /**
   * {@code GET /users?$filter=employeeId eq 'X'} (or {@code userPrincipalName eq}), the filters
   * Graph supports on these properties without advanced queries; others answer 400 as Graph does
   * for a filter it cannot serve.
   */
  HttpResponse list(HttpRequest r) {
    String filter = r.query().get("$filter");
    java.util.regex.Matcher m =
        filter == null
            ? null
            : java.util.regex.Pattern.compile("(employeeId|userPrincipalName) eq '((?:[^']|'')*)'")
                .matcher(filter.trim());
    if (m == null || !m.matches()) {
      return GraphJson.error(
          400,
          "Request_UnsupportedQuery",
          "Unsupported or invalid query filter clause specified for property of resource 'User'.");
    }
    String value = m.group(2).replace("''", "'");
    boolean byEmployeeId = m.group(1).equals("employeeId");
    List<Object> found = new ArrayList<>();
    for (GraphTenant.User u : tenant.users.values()) {
      String field = byEmployeeId ? u.employeeId : u.upn;
      if (field != null && (byEmployeeId ? field.equals(value) : field.equalsIgnoreCase(value))) {
        found.add(
            GraphJson.select(
                GraphJson.user(tenant, u), r.query().get("$select"), GraphJson.USER_DEFAULTS));
      }
    }
    return HttpResponse.json(
        200,
        Map.of(
            "@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users", "value", found));
  }

  /**
   * {@code accountEnabled} (refused for an account synced from on-prem AD) and {@code
   * employeeLeaveDateTime} (an ISO date-time, or null to clear it). UNCONFIRMED: that Graph accepts
   * {@code employeeLeaveDateTime} on a synced account (it is not synced from AD by default, so the
   * sandbox accepts it), and the wording of the 400 for a malformed date.
   */
  HttpResponse patch(GraphTenant.User u, JsonNode b) {
    String leaveDate = null;
    if (b.has("employeeLeaveDateTime") && !b.get("employeeLeaveDateTime").isNull()) {
      try {
        leaveDate =
            java.time.OffsetDateTime.parse(b.get("employeeLeaveDateTime").asText())
                .toInstant()
                .toString();
      } catch (java.time.format.DateTimeParseException e) {
        return GraphJson.error(
            400,
            "Request_BadRequest",
            "Invalid value specified for property "
                + "'employeeLeaveDateTime' of resource 'User'.");
      }
    }
    boolean changed = false;
    if (b.has("employeeLeaveDateTime")) {
      changed = !java.util.Objects.equals(u.employeeLeaveDateTime, leaveDate);
      u.employeeLeaveDateTime = leaveDate;
    }
    if (b.has("accountEnabled")) {
      if (u.onPremisesSyncEnabled) {
        return GraphJson.error(
            400,
            "Request_BadRequest",
            "Unable to update the specified properties for "
                + "on-premises mastered Directory Sync objects or objects currently undergoing migration.");
      }
      changed |= u.accountEnabled != b.get("accountEnabled").asBoolean();
      u.accountEnabled = b.get("accountEnabled").asBoolean();
    }
    if (!changed) {
      dev.leaver.sandbox.TenantChanges
          .none(); // a repeat finds it already so, and answers 204 again
    }
    return HttpResponse.empty(204);
  }

  /**
   * Graph keeps this timestamp to the second, so a revocation can read as the same second it began.
   */
  HttpResponse revokeSignInSessions(GraphTenant.User u) {
    if (u.sessionsRevokedHere) {
      // No sign-ins are emulated: a second revocation finds no session issued since the first.
      dev.leaver.sandbox.TenantChanges.none();
    }
    u.sessionsRevokedHere = true;
    u.signInSessionsValidFrom = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return HttpResponse.json(
        200,
        Map.of(
            "@odata.context",
            "https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean",
            "value",
            true));
  }

  /** One page of the user's groups; {@code $skiptoken} is an offset here, opaque to the client. */
  HttpResponse memberOf(GraphTenant.User u, HttpRequest r) {
    List<GraphTenant.Group> all = tenant.groupsOf(u.id);
    int top;
    int skip;
    try {
      top = Integer.parseInt(r.query().getOrDefault("$top", String.valueOf(tenant.pageSize)));
      skip = Integer.parseInt(r.query().getOrDefault("$skiptoken", "0"));
    } catch (NumberFormatException e) {
      return GraphJson.error(400, "Request_BadRequest", "Invalid $top or $skiptoken value.");
    }
    if (top < 1 || top > 999) {
      return GraphJson.error(
          400,
          "Request_BadRequest",
          "Invalid page size specified: '" + top + "'. Must be between 1 and 999 inclusive.");
    }
    List<Object> page = new ArrayList<>();
    for (int i = skip; i < Math.min(all.size(), skip + top); i++) {
      page.add(GraphJson.group(all.get(i)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#directoryObjects");
    if (skip + top < all.size()) {
      // Absolute, like Graph's: the SDK follows it as given.
      body.put(
          "@odata.nextLink",
          "http://"
              + r.header("Host")
              + GraphEmulator.BASE
              + "/users/"
              + u.id
              + "/memberOf?$top="
              + top
              + "&$skiptoken="
              + (skip + top));
    }
    body.put("value", page);
    return HttpResponse.json(200, body);
  }
}
