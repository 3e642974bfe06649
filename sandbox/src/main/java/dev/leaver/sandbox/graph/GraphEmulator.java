package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Microsoft Graph v1.0 subset Leaver's Entra connector uses, at {@code /graph/v1.0}: users,
 * sign-in session revocation, memberOf with paging, group member references, licence assignment
 * and OneDrive root permissions. Real paths, JSON shapes, status codes and error bodies, including
 * the 404 and the 400 "do not exist" forms of an already-removed membership.
 */
public final class GraphEmulator implements Emulator {
  private static final String BASE = "/graph/v1.0";

  private final GraphTenant tenant;
  private final Clock clock;
  private final Set<String> revokedPermissions = Collections.synchronizedSet(new HashSet<>());

  public GraphEmulator(JsonNode section) {
    this(section, Clock.systemUTC());
  }

  public GraphEmulator(JsonNode section, Clock clock) {
    this.tenant = new GraphTenant(section);
    this.clock = clock;
  }

  @Override
  public String prefix() {
    return "/graph";
  }

  @Override
  public HttpResponse handle(HttpRequest r) {
    String auth = r.header("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || auth.length() < 8) {
      return GraphJson.error(401, "InvalidAuthenticationToken", "Access token is empty.");
    }
    if (!r.path().startsWith(BASE + "/")) {
      return GraphJson.error(400, "BadRequest", "Unsupported API version in " + r.path());
    }
    String[] p = r.path().substring(BASE.length() + 1).split("/");
    String route = r.method() + " " + shape(p);
    String permission = Permissions.FOR_ROUTE.get(route);
    if (permission != null && revokedPermissions.contains(permission)) {
      return GraphJson.error(403, "Authorization_RequestDenied",
          "Insufficient privileges to complete the operation.");
    }
    synchronized (tenant) {
      HttpResponse response = dispatch(route, p, r);
      return response.withHeader("request-id", UUID.randomUUID().toString())
          .withHeader("client-request-id", String.valueOf(r.header("client-request-id")));
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
      case "GET users/{}" -> withUser(p[1], u -> HttpResponse.json(200, GraphJson.user(tenant, u)));
      case "PATCH users/{}" -> withUser(p[1], u -> patchUser(u, r));
      case "POST users/{}/revokeSignInSessions" -> withUser(p[1], u -> {
        u.signInSessionsValidFrom = clock.instant();
        return HttpResponse.json(200, Map.of("@odata.context",
            "https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean", "value", true));
      });
      case "GET users/{}/memberOf" -> withUser(p[1], u -> memberOf(u, r));
      case "POST users/{}/assignLicense" -> withUser(p[1], u -> new Licences(tenant).assign(u, body(r)));
      case "GET users/{}/drive" -> withUser(p[1], u -> {
        GraphTenant.Drive d = tenant.drivesByUser.get(u.id);
        return d == null ? GraphJson.error(404, "itemNotFound", "The user's OneDrive is not provisioned.")
            : HttpResponse.json(200, Map.of("id", d.id, "driveType", "business",
                "owner", Map.of("user", Map.of("id", u.id, "displayName", u.displayName))));
      });
      case "DELETE groups/{}/members/{}/$ref" -> new Memberships(tenant).remove(p[1], p[3]);
      case "POST groups/{}/members/$ref" -> new Memberships(tenant).add(p[1], body(r));
      default -> new Drives(tenant).handle(route, p, body(r));
    };
  }

  private HttpResponse withUser(String idOrUpn, java.util.function.Function<GraphTenant.User, HttpResponse> f) {
    GraphTenant.User u = tenant.user(idOrUpn);
    return u == null ? GraphJson.notFound(idOrUpn) : f.apply(u);
  }

  private HttpResponse patchUser(GraphTenant.User u, HttpRequest r) {
    JsonNode b = body(r);
    if (b.has("accountEnabled")) {
      if (u.onPremisesSyncEnabled) {
        return GraphJson.error(400, "Request_BadRequest", "Unable to update the specified properties for "
            + "on-premises mastered Directory Sync objects or objects currently undergoing migration.");
      }
      u.accountEnabled = b.get("accountEnabled").asBoolean();
    }
    return HttpResponse.empty(204);
  }

  private HttpResponse memberOf(GraphTenant.User u, HttpRequest r) {
    List<GraphTenant.Group> all = tenant.groupsOf(u.id);
    int top = Integer.parseInt(r.query().getOrDefault("$top", String.valueOf(tenant.pageSize)));
    int skip = Integer.parseInt(r.query().getOrDefault("$skiptoken", "0"));
    List<Object> page = new ArrayList<>();
    for (int i = skip; i < Math.min(all.size(), skip + top); i++) {
      page.add(GraphJson.group(all.get(i)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#directoryObjects");
    if (skip + top < all.size()) {
      body.put("@odata.nextLink", "http://" + r.header("Host") + BASE + "/users/" + u.id
          + "/memberOf?$top=" + top + "&$skiptoken=" + (skip + top));
    }
    body.put("value", page);
    return HttpResponse.json(200, body);
  }

  private static JsonNode body(HttpRequest r) {
    try {
      return r.body().length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  // ---- what tests read and switch ------------------------------------------------------------

  /** A user's state as the directory holds it. */
  public record UserState(String id, String upn, boolean accountEnabled, Instant signInSessionsValidFrom,
      Set<String> directLicenses, Set<String> allLicenses) {}

  public UserState user(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      if (u == null) {
        return null;
      }
      Set<String> all = new HashSet<>(u.directLicenses.keySet());
      all.addAll(tenant.inheritedLicenses(u.id).keySet());
      return new UserState(u.id, u.upn, u.accountEnabled, u.signInSessionsValidFrom,
          Set.copyOf(u.directLicenses.keySet()), Set.copyOf(all));
    }
  }

  /** Names of the groups the user is a member of. */
  public Set<String> groupNamesOf(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.User u = tenant.user(idOrUpn);
      Set<String> names = new java.util.TreeSet<>();
      tenant.groupsOf(u.id).forEach(g -> names.add(g.displayName));
      return names;
    }
  }

  /** E-mail addresses with access to the user's OneDrive root, and their roles. */
  public Map<String, List<String>> driveAccess(String idOrUpn) {
    synchronized (tenant) {
      GraphTenant.Drive d = tenant.drivesByUser.get(tenant.user(idOrUpn).id);
      Map<String, List<String>> out = new LinkedHashMap<>();
      d.permissions.forEach(p -> out.put(p.email(), p.roles()));
      return out;
    }
  }

  /** Sets a user's account state behind Leaver's back (drift, or an admin's manual change). */
  public void setAccountEnabled(String idOrUpn, boolean enabled) {
    synchronized (tenant) {
      tenant.user(idOrUpn).accountEnabled = enabled;
    }
  }

  /** Makes every call needing this Graph permission answer 403, e.g. {@code User.EnableDisableAccount.All}. */
  public void revokePermission(String permission) {
    revokedPermissions.add(permission);
  }

  public void restorePermissions() {
    revokedPermissions.clear();
  }
}
