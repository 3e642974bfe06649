package dev.leaver.sandbox.scim;

import static dev.leaver.sandbox.scim.ScimErrors.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Any number of SCIM 2.0 apps (RFC 7644) at {@code /scim/<app>/v2/...}, seeded from the tenant
 * file's {@code scim} section. An app is emulated in memory ({@link EmulatedApp}), or, marked
 * {@code server: scim2-server}, a fresh tenant of the real scim2-server from PyPI that the sandbox
 * forwards to ({@link LiveApp}); {@code usersOf: <app>} seeds it with another app's users and
 * groups.
 *
 * <p>Every app takes the section's bearer {@code token} (401 otherwise, as RFC 7644 §3.12 says).
 */
public final class ScimEmulator implements Emulator {
  public static final String PREFIX = "/scim/";
  private static final Set<String> SERVERS = Set.of("scim2-server");

  private final String token;
  private final Map<String, ScimApp> apps = new LinkedHashMap<>();

  public ScimEmulator(JsonNode section) {
    token = section.path("token").asText("");
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode app : section.path("apps")) {
      byName.put(app.path("name").asText(), app);
    }
    for (JsonNode app : section.path("apps")) {
      String name = app.path("name").asText();
      String server = app.path("server").asText("");
      JsonNode seed = app.has("usersOf") ? byName.get(app.path("usersOf").asText()) : app;
      if (seed == null) {
        throw new IllegalArgumentException("scim app " + name + ": usersOf names no app");
      }
      if (server.isEmpty()) {
        apps.put(name, new EmulatedApp(name, seed));
      } else if (SERVERS.contains(server)) {
        apps.put(name, new LiveApp(name, seed));
      } else {
        throw new IllegalArgumentException(
            "scim app " + name + ": unknown server '" + server + "' (known: " + SERVERS + ")");
      }
    }
  }

  @Override
  public String prefix() {
    return "/scim";
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    String path = request.path();
    if (!path.startsWith(PREFIX)) {
      return error(404, null, "no SCIM app at " + path);
    }
    String rest = path.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    ScimApp app = apps.get(name);
    String after = slash < 0 ? "" : rest.substring(slash + 1);
    if (app == null || !after.startsWith("v2/")) {
      return error(404, null, "no SCIM app '" + name + "' here (apps: " + apps.keySet() + ")");
    }
    String auth = request.header("Authorization");
    if (auth == null
        || !auth.regionMatches(true, 0, "Bearer ", 0, 7)
        || !auth.substring(7).trim().equals(token)) {
      return error(
              401, null, "Authorization failure. The authorization header is invalid or missing.")
          .withHeader("WWW-Authenticate", "Bearer realm=\"SCIM\"");
    }
    return app.handle(after.substring(3), request);
  }

  /** The app's names, in the tenant file's order. */
  public List<String> apps() {
    return List.copyOf(apps.keySet());
  }

  /** Every user of {@code app}, as the app lists them. */
  public List<JsonNode> users(String app) {
    return app(app).users();
  }

  /** The user of {@code app} with this userName (any case), if there is one. */
  public Optional<JsonNode> user(String app, String userName) {
    return users(app).stream()
        .filter(
            u ->
                u.path("userName")
                    .asText()
                    .toLowerCase(Locale.ROOT)
                    .equals(userName.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  /** Creates a user in {@code app} as {@code POST /Users} would; returns it with its id. */
  public JsonNode create(String app, ObjectNode user) {
    return app(app).create(user);
  }

  /** Every group of {@code app}, as the app lists them. */
  public List<JsonNode> groups(String app) {
    return app(app).groups();
  }

  /** The displayNames of the groups of {@code app} that list this user id as a member. */
  public List<String> groupsOf(String app, String userId) {
    return groups(app).stream()
        .filter(
            g -> {
              for (JsonNode m : g.path("members")) {
                if (m.path("value").asText().equals(userId)) {
                  return true;
                }
              }
              return false;
            })
        .map(g -> g.path("displayName").asText())
        .sorted()
        .toList();
  }

  /** Creates a group in {@code app} as {@code POST /Groups} would; returns it with its id. */
  public JsonNode createGroup(String app, ObjectNode group) {
    return app(app).createGroup(group);
  }

  private ScimApp app(String name) {
    ScimApp app = apps.get(name);
    if (app == null) {
      throw new IllegalArgumentException("no SCIM app " + name + " (apps: " + apps.keySet() + ")");
    }
    return app;
  }
}
