package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Microsoft Graph v1.0 subset Leaver's Entra connector uses, at {@code /graph/v1.0}: users
 * (with {@code $select}), sign-in session revocation, memberOf with paging, groups, group member
 * references, licence assignment, subscribed SKUs, OneDrive root permissions, the app's own service
 * principal with its granted application permissions ({@link AppGrants}), the leave date, and, each
 * in a {@link GraphRoute} of its own, authentication methods, app role assignments, delegated
 * permission grants and owners of groups and app registrations. Real paths, JSON shapes, status
 * codes and error bodies, including the 404 and the 400 "do not exist" forms of an already-removed
 * membership. Every response carries {@code request-id} and {@code client-request-id}.
 *
 * <p>Tests read the directory back ({@link #user}, {@link #isMember}, {@link #drivePermissions})
 * and take permissions away ({@link #revokePermission}, {@link #denyWrites}) to get Graph's 403, or
 * refuse the app's token ({@link #refuseTokens}) to get its 401. Throttling comes from the server's
 * faults, which answer before this emulator is reached.
 */
public final class GraphEmulator implements Emulator {
  static final String BASE = "/graph/v1.0";

  private final GraphTenant tenant;
  private final Users users;
  private final Memberships memberships;
  private final Licences licences;
  private final Drives drives;
  private final Mail mail;
  private final AppGrants grants = new AppGrants();
  private final AuthenticationMethods authenticationMethods;
  private final AppRoleAssignments appRoleAssignments;
  private final PermissionGrants permissionGrants;
  private final Ownership ownership;

  /** Path families served by classes of their own, asked before {@link #dispatch}. */
  private final List<GraphRoute> routes;

  private final DeletedItems deletedItems;
  private volatile boolean refuseTokens;

  public GraphEmulator(JsonNode section) {
    this(section, Clock.systemUTC());
  }

  public GraphEmulator(JsonNode section, Clock clock) {
    this.tenant = new GraphTenant(section);
    this.users = new Users(tenant, clock);
    this.memberships = new Memberships(tenant);
    this.licences = new Licences(tenant);
    this.drives = new Drives(tenant);
    this.mail = new Mail(clock);
    EnterpriseApps apps = new EnterpriseApps(section);
    this.authenticationMethods = new AuthenticationMethods(tenant, section);
    this.appRoleAssignments = new AppRoleAssignments(tenant, apps, section);
    this.permissionGrants = new PermissionGrants(tenant, apps, section);
    this.ownership = new Ownership(tenant, section);
    this.deletedItems = new DeletedItems(tenant);
    this.routes =
        List.of(
            authenticationMethods, appRoleAssignments, permissionGrants, ownership, deletedItems);
  }

  @Override
  public String prefix() {
    return "/graph";
  }

  @Override
  public HttpResponse handle(HttpRequest r) {
    String clientRequestId = r.header("client-request-id");
    HttpResponse response = authorizeAndRoute(r);
    // Errors already carry the request-id that is in their body; keep it.
    if (!response.headers().containsKey("request-id")) {
      response = response.withHeader("request-id", UUID.randomUUID().toString());
    }
    return response.withHeader(
        "client-request-id",
        clientRequestId == null ? UUID.randomUUID().toString() : clientRequestId);
  }

  private HttpResponse authorizeAndRoute(HttpRequest r) {
    String auth = r.header("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || auth.substring(7).isBlank()) {
      return GraphJson.error(401, "InvalidAuthenticationToken", "Access token is empty.");
    }
    if (refuseTokens) {
      return GraphJson.error(401, "InvalidAuthenticationToken", "Access token validation failure.");
    }
    if (!r.path().startsWith(BASE + "/")) {
      return GraphJson.error(400, "BadRequest", "Invalid version: " + r.path());
    }
    String[] p = r.path().substring(BASE.length() + 1).split("/");
    String route = r.method() + " " + shape(p);
    GraphRoute own = routes.stream().filter(x -> x.serves(p)).findFirst().orElse(null);
    String permission =
        own != null
            ? own.permission(r.method(), p)
            : route.equals("PATCH users/{}")
                ? Permissions.forUserPatch(body(r))
                : Permissions.forWrite(r.method(), route, Drives.serves(p));
    String readPermission = Permissions.forRead(route);
    if ((permission != null && !grants.allowsWrite(permission))
        || (readPermission != null && !grants.allows(readPermission))) {
      return GraphJson.error(
          403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }
    synchronized (tenant) {
      if (own != null) {
        return own.handle(r, p, body(r));
      }
      return Drives.serves(p) ? drives.handle(r.method(), p, body(r)) : dispatch(route, p, r);
    }
  }

  /** The path with ids replaced by {@code {}}: {@code users/{}/memberOf}. */
  private static String shape(String[] p) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.length; i++) {
      sb.append(i == 0 ? "" : "/").append(i % 2 == 1 && !p[i].equals("$ref") ? "{}" : p[i]);
    }
    return sb.toString();
  }

  private HttpResponse dispatch(String route, String[] p, HttpRequest r) {
    return switch (route) {
      case "GET users" -> users.list(r);
      case "GET users/{}" -> withUser(p[1], u -> users.get(u, r));
      case "PATCH users/{}" -> withUser(p[1], u -> users.patch(u, body(r)));
      case "DELETE users/{}" -> withUser(p[1], deletedItems::delete);
      case "POST users/{}/revokeSignInSessions" -> withUser(p[1], users::revokeSignInSessions);
      case "GET users/{}/memberOf" -> withUser(p[1], u -> users.memberOf(u, r));
      case "POST users/{}/assignLicense" -> withUser(p[1], u -> licences.assign(u, body(r)));
      case "GET users/{}/mailboxSettings" -> withUser(p[1], u -> mail.settings(u, r));
      case "PATCH users/{}/mailboxSettings" -> withUser(p[1], u -> mail.patchSettings(u, body(r)));
      case "POST users/{}/sendMail" -> withUser(p[1], u -> mail.sendMail(u, body(r)));
      case "GET users/{}/mailFolders/{}/messages" ->
          withUser(p[1], u -> mail.folderMessages(u, p[3], r));
      case "GET groups/{}" -> {
        GraphTenant.Group g = tenant.groups.get(p[1]);
        yield g == null
            ? GraphJson.notFound(p[1])
            : HttpResponse.json(
                200, GraphJson.select(GraphJson.group(g), r.query().get("$select"), null));
      }
      case "DELETE groups/{}/members/{}/$ref" -> memberships.remove(p[1], p[3]);
      case "POST groups/{}/members/$ref" -> memberships.add(p[1], body(r));
      case "GET servicePrincipals" -> grants.servicePrincipals(r);
      case "GET servicePrincipals/{}/appRoleAssignments" -> grants.appRoleAssignments(p[1]);
      case "GET subscribedSkus" ->
          HttpResponse.json(
              200,
              Map.of(
                  "value",
                  tenant.skus.entrySet().stream()
                      .map(e -> GraphJson.sku(e.getKey(), e.getValue()))
                      .toList()));
      default -> GraphJson.unsupported(r.method(), p);
    };
  }

  private HttpResponse withUser(String idOrUpn, Function<GraphTenant.User, HttpResponse> f) {
    GraphTenant.User u = tenant.user(idOrUpn);
    return u == null ? GraphJson.notFound(idOrUpn) : f.apply(u);
  }

  private static JsonNode body(HttpRequest r) {
    try {
      return r.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  // ---- what tests read and switch ------------------------------------------------------------

  /** A user's state as the directory holds it; licences by skuId. */
  public record UserState(
      String id,
      String upn,
      boolean accountEnabled,
      Instant signInSessionsValidFrom,
      Set<String> directLicenses,
      Set<String> allLicenses) {}

  /** One OneDrive permission on a user's drive root. */
  public record DrivePermission(String id, String email, List<String> roles) {}

  /** The user by id or UPN, or null when there is none. */
  public UserState user(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      if (u == null) {
        return null;
      }
      Set<String> all = new HashSet<>(u.directLicenses.keySet());
      all.addAll(tenant.inheritedLicenses(u.id).keySet());
      return new UserState(
          u.id,
          u.upn,
          u.accountEnabled,
          u.signInSessionsValidFrom,
          Set.copyOf(u.directLicenses.keySet()),
          Set.copyOf(all));
    }
  }

  /** Names of the groups the user (id or UPN) is a member of, sorted; empty for an unknown user. */
  public Set<String> groupNamesOf(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      Set<String> names = new TreeSet<>();
      if (u != null) {
        tenant.groupsOf(u.id).forEach(g -> names.add(g.displayName));
      }
      return names;
    }
  }

  /** Whether the user (id or UPN) is a member of the group (id or display name). */
  public boolean isMember(String groupIdOrName, String userIdOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(userIdOrUpn);
      return u != null
          && tenant.groups.values().stream()
              .filter(g -> g.id.equals(groupIdOrName) || g.displayName.equals(groupIdOrName))
              .anyMatch(g -> g.members.contains(u.id));
    }
  }

  /** The permissions on the user's OneDrive root; empty when the user has no OneDrive. */
  public List<DrivePermission> drivePermissions(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      GraphTenant.Drive d = u == null ? null : tenant.drivesByUser.get(u.id);
      return d == null
          ? List.of()
          : d.permissions.stream()
              .map(p -> new DrivePermission(p.id(), p.email(), p.roles()))
              .toList();
    }
  }

  /**
   * A message a user sent through Graph, as their Sent Items keep it.
   *
   * @param headers the custom internet message headers ({@code x-...}) it carried
   */
  public record SentMail(
      String subject, String content, List<String> to, Map<String, String> headers) {}

  /** The messages the user (id or UPN) sent, oldest first; empty for an unknown user. */
  public List<SentMail> sentMail(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      return u == null
          ? List.of()
          : u.sentItems.stream()
              .map(s -> new SentMail(s.subject(), s.content(), s.to(), s.headers()))
              .toList();
    }
  }

  /** The user's automaticRepliesSetting as Graph shows it, as JSON; null for an unknown user. */
  public JsonNode automaticReplies(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      return u == null ? null : u.automaticReplies.deepCopy();
    }
  }

  /** E-mail addresses with access to the user's OneDrive root, and their roles. */
  public Map<String, List<String>> driveAccess(String idOrUpn) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    drivePermissions(idOrUpn).forEach(p -> out.put(p.email(), p.roles()));
    return out;
  }

  /** Users' authentication methods: read back, and set a user's default MFA method. */
  public AuthenticationMethods authenticationMethods() {
    return authenticationMethods;
  }

  /** Users' app role assignments, read back. */
  public AppRoleAssignments appRoleAssignments() {
    return appRoleAssignments;
  }

  /** Users' delegated permission grants (consents), read back. */
  public PermissionGrants permissionGrants() {
    return permissionGrants;
  }

  /** Owners of groups and app registrations, read back. */
  public Ownership ownership() {
    return ownership;
  }

  /** The user's {@code employeeLeaveDateTime} (ISO instant), or null when it is not set. */
  public String employeeLeaveDateTime(String idOrUpn) {
    synchronized (tenant) {
      return tenant.user(idOrUpn).employeeLeaveDateTime;
    }
  }

  /** Sets a user's account state behind Leaver's back (drift, or an admin's manual change). */
  public void setAccountEnabled(String idOrUpn, boolean enabled) {
    synchronized (tenant) {
      tenant.user(idOrUpn).accountEnabled = enabled;
    }
  }

  /**
   * Entra Connect's directory sync for one account: a synced user's {@code accountEnabled} follows
   * on-prem AD. Real syncs run every 30 minutes; the sandbox's is immediate.
   *
   * @return false when there is no synced user with this UPN
   */
  public boolean syncFromOnPremises(String upn, boolean enabled) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(upn);
      if (u == null || !u.onPremisesSyncEnabled) {
        return false;
      }
      u.accountEnabled = enabled;
      return true;
    }
  }

  /**
   * Takes an application permission away from the sandbox app: every write needing it answers 403
   * Authorization_RequestDenied (unless a broader grant covers it, as in Graph), and the app's
   * {@code appRoleAssignments} no longer list it. E.g. {@code User.EnableDisableAccount.All},
   * {@code GroupMember.ReadWrite.All}, {@code LicenseAssignment.ReadWrite.All}, {@code
   * User.RevokeSessions.All}, {@code Files.ReadWrite.All}, {@code MailboxSettings.ReadWrite},
   * {@code Mail.Send}; and the read permissions the mail routes need, {@code MailboxSettings.Read}
   * (covered by MailboxSettings.ReadWrite) and {@code Mail.ReadBasic.All}.
   *
   * @throws IllegalArgumentException for a permission the sandbox does not emulate
   */
  public void revokePermission(String permission) {
    grants.revoke(permission);
  }

  /**
   * Grants the sandbox app an application permission, e.g. the broader {@code User.ReadWrite.All}.
   */
  public void grantPermission(String permission) {
    grants.grant(permission);
  }

  /**
   * While on, every write answers 403 Authorization_RequestDenied and the app's grants read back as
   * the read-only ones; reads still work.
   */
  public void denyWrites(boolean deny) {
    grants.denyWrites(deny);
  }

  /** While on, every request answers 401 InvalidAuthenticationToken, as for an expired secret. */
  public void refuseTokens(boolean refuse) {
    refuseTokens = refuse;
  }

  /**
   * Undoes {@link #revokePermission}, {@link #grantPermission}, {@link #denyWrites} and {@link
   * #refuseTokens}.
   */
  public void restorePermissions() {
    grants.restore();
    refuseTokens = false;
  }
}
