package dev.leaver.activities.scim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every SCIM 2.0 app the connector offboards from: one system, {@code systems.scim}, with a list of
 * apps, each with its own base URL, token, way of deprovisioning and request budget.
 *
 * <p>{@code toString()} never shows a token, so the config can be logged.
 *
 * @param apps the apps, in the order their steps run; at least one, names unique
 */
public record ScimConfig(List<App> apps) {
  /** The bearer token the sandbox's SCIM emulator accepts; a sandbox value, not a secret. */
  public static final String SANDBOX_TOKEN = "sandbox-scim-token";

  /** The demo tenant's emulated apps and how the sandbox config deprovisions each. */
  static final Map<String, String> SANDBOX_APPS = sandboxApps("");

  /** The demo tenant's apps, each name with {@code suffix}, in order, with their modes. */
  static Map<String, String> sandboxApps(String suffix) {
    Map<String, String> apps = new java.util.LinkedHashMap<>();
    apps.put("acme-crm" + suffix, App.PATCH_INACTIVE);
    apps.put("ticket-desk" + suffix, App.PATCH_INACTIVE);
    apps.put("status-page" + suffix, App.PATCH_INACTIVE);
    apps.put("docs-wiki" + suffix, App.DELETE);
    return java.util.Collections.unmodifiableMap(apps);
  }

  public ScimConfig {
    Objects.requireNonNull(apps, "apps == null");
    if (apps.isEmpty()) {
      throw new IllegalArgumentException("apps is empty: list at least one SCIM app");
    }
    apps = List.copyOf(apps);
    Set<String> seen = new HashSet<>();
    for (App a : apps) {
      if (!seen.add(a.name())) {
        throw new IllegalArgumentException("two SCIM apps named '" + a.name() + "'");
      }
    }
  }

  /**
   * One SCIM app.
   *
   * @param name short name in the evidence and in the sandbox's path, e.g. {@code acme-crm}
   * @param baseUrl the SCIM root, e.g. {@code https://crm.example.com/scim/v2} (no trailing slash)
   * @param bearerToken a reference to the token, {@code env:NAME} or {@code file:/path}; a literal
   *     is accepted only for a loopback base URL (the sandbox). Never logged
   * @param deprovision {@code patch-inactive} (PATCH active=false, reversible) or {@code delete}
   *     (DELETE, irreversible; the full user resource is kept in the before-image)
   * @param matchOn the filters tried in order to find the leaver, first match wins: {@code
   *     userName} ({@code userName eq <upn>}) and {@code externalId} ({@code externalId eq
   *     <employeeId>}); null means {@code [userName, externalId]}
   * @param requestsPerMinute this app's request budget; null for none. A request that would have to
   *     wait more than a few seconds for it is retried later by Temporal instead
   */
  public record App(
      String name,
      String baseUrl,
      String bearerToken,
      String deprovision,
      List<String> matchOn,
      Integer requestsPerMinute) {
    public static final String PATCH_INACTIVE = "patch-inactive";
    public static final String DELETE = "delete";
    public static final String USER_NAME = "userName";
    public static final String EXTERNAL_ID = "externalId";

    public App {
      Objects.requireNonNull(name, "name == null");
      if (!name.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException(
            "SCIM app name must be lower case letters, digits and '-': " + name);
      }
      Objects.requireNonNull(baseUrl, "apps." + name + ".baseUrl == null");
      baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      URI uri = URI.create(baseUrl);
      if (!"https".equals(uri.getScheme()) && !loopback(uri)) {
        throw new IllegalArgumentException(
            "apps." + name + ".baseUrl must be https (plain http only on loopback): " + baseUrl);
      }
      Objects.requireNonNull(bearerToken, "apps." + name + ".bearerToken == null");
      if (!isReference(bearerToken) && !loopback(uri)) {
        throw new IllegalArgumentException(
            "apps."
                + name
                + ".bearerToken must be a reference (env:NAME or file:/path), not a literal secret");
      }
      deprovision = deprovision == null ? PATCH_INACTIVE : deprovision;
      if (!deprovision.equals(PATCH_INACTIVE) && !deprovision.equals(DELETE)) {
        throw new IllegalArgumentException(
            "apps."
                + name
                + ".deprovision must be "
                + PATCH_INACTIVE
                + " or "
                + DELETE
                + ": "
                + deprovision);
      }
      matchOn =
          matchOn == null || matchOn.isEmpty()
              ? List.of(USER_NAME, EXTERNAL_ID)
              : List.copyOf(matchOn);
      for (String key : matchOn) {
        if (!key.equals(USER_NAME) && !key.equals(EXTERNAL_ID)) {
          throw new IllegalArgumentException(
              "apps."
                  + name
                  + ".matchOn knows "
                  + USER_NAME
                  + " and "
                  + EXTERNAL_ID
                  + ", not "
                  + key);
        }
      }
      if (new HashSet<>(matchOn).size() != matchOn.size()) {
        throw new IllegalArgumentException("apps." + name + ".matchOn repeats a key: " + matchOn);
      }
      if (requestsPerMinute != null && requestsPerMinute < 1) {
        throw new IllegalArgumentException(
            "apps." + name + ".requestsPerMinute must be at least 1: " + requestsPerMinute);
      }
    }

    /** A loopback app (the sandbox) with a literal token. */
    public static App sandbox(String name, String baseUrl, String deprovision) {
      return new App(name, baseUrl, SANDBOX_TOKEN, deprovision, null, null);
    }

    public boolean deletes() {
      return deprovision.equals(DELETE);
    }

    /**
     * The token: the referenced environment variable or file, or the literal (loopback only).
     *
     * @throws IllegalArgumentException naming the app when the variable is not set
     */
    String token(Map<String, String> env) {
      if (bearerToken.startsWith("env:")) {
        String value = env.get(bearerToken.substring(4));
        if (value == null || value.isBlank()) {
          throw new IllegalArgumentException(
              "systems.scim.apps."
                  + name
                  + ".bearerToken: environment variable "
                  + bearerToken.substring(4)
                  + " is not set");
        }
        return value;
      }
      if (bearerToken.startsWith("file:")) {
        try {
          return Files.readString(Path.of(bearerToken.substring(5))).strip();
        } catch (IOException e) {
          throw new UncheckedIOException(
              "systems.scim.apps." + name + ".bearerToken: cannot read " + bearerToken.substring(5),
              e);
        }
      }
      return bearerToken;
    }

    @Override
    public String toString() {
      return "App[name="
          + name
          + ", baseUrl="
          + baseUrl
          + ", bearerToken="
          + (isReference(bearerToken) ? bearerToken : "***")
          + ", deprovision="
          + deprovision
          + ", matchOn="
          + matchOn
          + ", requestsPerMinute="
          + requestsPerMinute
          + "]";
    }

    private static boolean isReference(String s) {
      return s.startsWith("env:") || s.startsWith("file:");
    }

    private static boolean loopback(URI uri) {
      String host = uri.getHost();
      return host != null
          && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    }
  }

  /** The app of this name. */
  App app(String name) {
    return apps.stream()
        .filter(a -> a.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no SCIM app " + name));
  }

  /**
   * The sandbox's emulated SCIM apps (three deprovisioned with PATCH active=false, one with
   * DELETE), at {@code /scim/<app>/v2}.
   *
   * @param sandboxBaseUrl e.g. {@code http://127.0.0.1:8089}
   */
  public static ScimConfig sandbox(String sandboxBaseUrl) {
    return sandbox(sandboxBaseUrl, SANDBOX_APPS);
  }

  /** The sandbox's apps of these names, each deprovisioned as given (name → mode). */
  public static ScimConfig sandbox(String sandboxBaseUrl, Map<String, String> appModes) {
    String base =
        sandboxBaseUrl.endsWith("/")
            ? sandboxBaseUrl.substring(0, sandboxBaseUrl.length() - 1)
            : sandboxBaseUrl;
    return new ScimConfig(
        appModes.entrySet().stream()
            .map(e -> App.sandbox(e.getKey(), base + "/scim/" + e.getKey() + "/v2", e.getValue()))
            .toList());
  }

  @Override
  public String toString() {
    return "ScimConfig"
        + apps.stream().map(App::toString).collect(Collectors.joining(", ", "[", "]"));
  }
}
