package dev.leaver.sandbox.azure;

import static dev.leaver.sandbox.azure.ArmJson.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.leaver.sandbox.Emulator;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Resource Manager and its token endpoint, for the Azure connector: RBAC role assignments,
 * PIM role eligibility, Key Vault (access policies, secrets), storage account keys, Service Bus
 * authorization rules, API Management users and subscriptions, and Resource Graph.
 *
 * <p>Mounted at {@code /azure} on the sandbox's plain-http server, and served to clients over HTTPS
 * by its own loopback listener ({@link ArmTlsFront}), which forwards every request here so faults
 * and the request log apply. {@code GET /azure/metadata/endpoints} (plain http) names that
 * listener, as Azure's cloud metadata endpoint names ARM and the login host, and carries its
 * certificate for a sandbox client to trust.
 *
 * <p>The login endpoint {@code POST /{tenant}/oauth2/v2.0/token} accepts the section's {@code
 * clientId}/{@code clientSecret} (client credentials) and issues an opaque token; ARM calls need a
 * token it issued ({@code 401 InvalidAuthenticationToken} otherwise) and an {@code api-version}.
 */
public final class ArmEmulator implements Emulator {
  public static final String PREFIX = "/azure";
  private static final int CI = Pattern.CASE_INSENSITIVE;
  private static final String AUTHZ = "/providers/Microsoft.Authorization/";
  private static final Pattern TOKEN = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");
  private static final Pattern VAULTS =
      Pattern.compile("^/subscriptions/([^/]+)/providers/Microsoft\\.KeyVault/vaults$", CI);
  private static final Pattern VAULT =
      Pattern.compile(
          "^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.KeyVault/vaults/[^/]+)(/.*)?$",
          CI);
  private static final Pattern STORAGE =
      Pattern.compile(
          "^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Storage/storageAccounts/[^/]+)(/listKeys|/regenerateKey)?$",
          CI);
  private static final Pattern SERVICE_BUS =
      Pattern.compile(
          "^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ServiceBus/namespaces/[^/]+/authorizationRules/[^/]+)(/listKeys|/regenerateKeys)?$",
          CI);
  private static final Pattern APIM =
      Pattern.compile(
          "^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ApiManagement/service/[^/]+)(/.*)$",
          CI);
  private static final Pattern STARTS_WITH = Pattern.compile("startswith\\s+'([^']+)'", CI);

  private final String tenantId;
  private final String clientId;
  private final String clientSecret;
  private final Map<String, List<String>> managementGroups = new LinkedHashMap<>();
  private final ArmRbac rbac;
  private final ArmResources resources;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Set<String> deniedActions = ConcurrentHashMap.newKeySet();
  private final SecureRandom random = new SecureRandom();
  private final int pageSize;
  private volatile ArmTlsFront front;

  public ArmEmulator(JsonNode section) {
    JsonNode s = section == null ? MissingNode.getInstance() : section;
    tenantId = s.path("tenantId").asText("sandbox");
    clientId = s.path("clientId").asText("sandbox-leaver-app");
    clientSecret = s.path("clientSecret").asText("sandbox-client-secret");
    for (JsonNode mg : s.path("managementGroups")) {
      List<String> subs = new ArrayList<>();
      mg.path("subscriptions").forEach(x -> subs.add(x.asText()));
      managementGroups.put(mg.path("id").asText().toLowerCase(Locale.ROOT), subs);
    }
    pageSize = s.path("pageSize").asInt(0);
    rbac = new ArmRbac(s, managementGroups);
    resources = new ArmResources(s, tenantId);
  }

  @Override
  public String prefix() {
    return PREFIX;
  }

  /** Starts the HTTPS listener, forwarding to this sandbox's {@code /azure}. */
  @Override
  public void attach(Sandbox sandbox) {
    front = new ArmTlsFront(sandbox.baseUrl() + PREFIX);
  }

  @Override
  public void close() {
    if (front != null) {
      front.close();
    }
  }

  /**
   * The HTTPS endpoint ARM clients use, e.g. {@code https://127.0.0.1:41234/arm} (see {@link
   * ArmTlsFront}).
   */
  public String httpsBaseUrl() {
    return front.baseUrl() + ArmTlsFront.ARM_PATH;
  }

  @Override
  public HttpResponse handle(HttpRequest r) {
    String path = r.path().substring(PREFIX.length());
    if (path.isEmpty()) {
      path = "/";
    }
    if (path.equals("/metadata/endpoints") && r.method().equals("GET")) {
      return metadata();
    }
    Matcher token = TOKEN.matcher(path);
    if (token.matches()) {
      return token(token.group(1), r);
    }
    String auth = r.header("Authorization");
    if (auth == null || !auth.startsWith("Bearer ")) {
      return ArmJson.error(
          401,
          "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing.");
    }
    if (!tokens.contains(auth.substring("Bearer ".length()))) {
      return ArmJson.error(401, "InvalidAuthenticationToken", "The access token is invalid.");
    }
    if (r.query().get("api-version") == null) {
      return ArmJson.error(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    try {
      return route(r, path);
    } catch (IOException e) {
      return ArmJson.error(
          400, "InvalidRequestContent", "The request content was invalid: " + e.getMessage());
    }
  }

  private HttpResponse route(HttpRequest r, String path) throws IOException {
    String m = r.method();
    String filter = r.query().get("$filter");
    if (path.equalsIgnoreCase("/providers/Microsoft.ResourceGraph/resources") && m.equals("POST")) {
      return resourceGraph(body(r));
    }
    int authz = indexOfIgnoreCase(path, AUTHZ);
    if (authz >= 0) {
      String scope = authz == 0 ? "/" : path.substring(0, authz);
      String[] rest = path.substring(authz + AUTHZ.length()).split("/");
      String kind = rest[0].toLowerCase(Locale.ROOT);
      String name = rest.length > 1 ? rest[1] : null;
      switch (kind) {
        case "roleassignments":
          if (name == null && m.equals("GET")) {
            return rbac.listAssignments(scope, filter);
          }
          if (name != null) {
            return switch (m) {
              case "GET" -> rbac.getAssignment(scope, name);
              case "PUT" -> rbac.putAssignment(scope, name, body(r));
              case "DELETE" -> rbac.deleteAssignment(scope, name);
              default -> notAllowed(m, path);
            };
          }
          break;
        case "roleeligibilityschedules":
          if (name == null && m.equals("GET")) {
            return rbac.listEligibilities(scope, filter);
          }
          break;
        case "roleeligibilityschedulerequests":
          if (name != null && m.equals("PUT")) {
            return rbac.putEligibilityRequest(scope, name, body(r));
          }
          break;
        case "permissions":
          if (m.equals("GET")) {
            return ArmJson.list(
                List.of(
                    obj(
                        "actions",
                        List.of("*"),
                        "notActions",
                        List.copyOf(new TreeSet<>(deniedActions)),
                        "dataActions",
                        List.of(),
                        "notDataActions",
                        List.of())));
          }
          break;
        default:
          break;
      }
      return notAllowed(m, path);
    }
    Matcher x = VAULTS.matcher(path);
    if (x.matches() && m.equals("GET")) {
      return page(resources.listVaults(x.group(1)), path, r);
    }
    x = VAULT.matcher(path);
    if (x.matches()) {
      String rest = x.group(2) == null ? "" : x.group(2);
      if (rest.isEmpty() && m.equals("GET")) {
        return resources.getVault(x.group(1));
      }
      if (rest.toLowerCase(Locale.ROOT).startsWith("/accesspolicies/") && m.equals("PUT")) {
        return resources.updateAccessPolicy(
            x.group(1), rest.substring("/accessPolicies/".length()), body(r));
      }
      if (rest.equalsIgnoreCase("/secrets") && m.equals("GET")) {
        return resources.listSecrets(x.group(1));
      }
      if (rest.toLowerCase(Locale.ROOT).startsWith("/secrets/") && m.equals("PUT")) {
        return resources.putSecret(x.group(1), rest.substring("/secrets/".length()), body(r));
      }
      return notAllowed(m, path);
    }
    x = STORAGE.matcher(path);
    if (x.matches()) {
      if (x.group(2) == null && m.equals("GET")) {
        return resources.getStorageAccount(x.group(1));
      }
      if (x.group(2) != null && m.equals("POST")) {
        String regenerate =
            x.group(2).equalsIgnoreCase("/regenerateKey")
                ? body(r).path("keyName").asText("")
                : null;
        return resources.storageKeys(x.group(1), regenerate);
      }
      return notAllowed(m, path);
    }
    x = SERVICE_BUS.matcher(path);
    if (x.matches()) {
      if (x.group(2) == null && m.equals("GET")) {
        return resources.getServiceBusRule(x.group(1));
      }
      if (x.group(2) != null && m.equals("POST")) {
        String regenerate =
            x.group(2).equalsIgnoreCase("/regenerateKeys")
                ? body(r).path("keyType").asText("")
                : null;
        return resources.serviceBusKeys(x.group(1), regenerate);
      }
      return notAllowed(m, path);
    }
    x = APIM.matcher(path);
    if (x.matches()) {
      return apim(r, x.group(1), x.group(2).substring(1).split("/"));
    }
    return ArmJson.error(
        404, "InvalidResourceType", "The sandbox has no ARM route for " + m + " " + path);
  }

  private HttpResponse apim(HttpRequest r, String service, String[] rest) throws IOException {
    String m = r.method();
    if (rest[0].equalsIgnoreCase("users")) {
      if (rest.length == 1 && m.equals("GET")) {
        return resources.apimUsers(service, r.query().get("$filter"));
      }
      if (rest.length == 2 && m.equals("GET")) {
        return resources.apimUser(service, rest[1]);
      }
      if (rest.length == 2 && m.equals("PATCH")) {
        return resources.patchApimUser(service, rest[1], r.header("If-Match"), body(r));
      }
      if (rest.length == 3 && rest[2].equalsIgnoreCase("subscriptions") && m.equals("GET")) {
        return resources.apimUserSubscriptions(service, rest[1]);
      }
    }
    if (rest[0].equalsIgnoreCase("subscriptions")
        && rest.length == 3
        && m.equals("POST")
        && (rest[2].equals("regeneratePrimaryKey") || rest[2].equals("regenerateSecondaryKey"))) {
      return resources.regenerateApimKey(service, rest[1], rest[2]);
    }
    return notAllowed(m, service + "/" + String.join("/", rest));
  }

  /**
   * Resource Graph's {@code resources} table, as far as the connector asks: the request's {@code
   * subscriptions} or {@code managementGroups} bound it, and {@code id startswith '...'} clauses
   * (or-ed) pick resources under the scopes named.
   */
  private HttpResponse resourceGraph(JsonNode body) {
    Set<String> subs = new LinkedHashSet<>();
    body.path("subscriptions").forEach(s -> subs.add(s.asText().toLowerCase(Locale.ROOT)));
    body.path("managementGroups")
        .forEach(
            g ->
                managementGroups
                    .getOrDefault(g.asText().toLowerCase(Locale.ROOT), List.of())
                    .forEach(s -> subs.add(s.toLowerCase(Locale.ROOT))));
    String query = body.path("query").asText("");
    List<String> prefixes = new ArrayList<>();
    Matcher sw = STARTS_WITH.matcher(query);
    while (sw.find()) {
      prefixes.add(sw.group(1).toLowerCase(Locale.ROOT));
    }
    List<Object> rows = new ArrayList<>();
    for (String id : resources.allResources()) {
      String lower = id.toLowerCase(Locale.ROOT);
      String sub = ArmJson.subscriptionOf(id);
      if (!subs.isEmpty() && (sub == null || !subs.contains(sub.toLowerCase(Locale.ROOT)))) {
        continue;
      }
      if (!prefixes.isEmpty()
          && prefixes.stream().noneMatch(p -> lower.equals(p) || lower.startsWith(p + "/"))) {
        continue;
      }
      rows.add(
          obj(
              "id",
              id,
              "name",
              ArmJson.name(id),
              "type",
              ArmJson.typeOf(id).toLowerCase(Locale.ROOT),
              "subscriptionId",
              sub,
              "resourceGroup",
              ArmJson.resourceGroupOf(id)));
    }
    return HttpResponse.json(
        200,
        obj(
            "totalRecords",
            rows.size(),
            "count",
            rows.size(),
            "data",
            rows,
            "facets",
            List.of(),
            "resultTruncated",
            "false"));
  }

  /**
   * One page of a list, {@code pageSize} long, with ARM's absolute {@code nextLink} ({@code
   * $skiptoken}) to the next; the whole list when the section sets no page size.
   */
  private HttpResponse page(List<Object> values, String path, HttpRequest r) {
    if (pageSize <= 0 || values.size() <= pageSize) {
      return ArmJson.list(values);
    }
    int from = Integer.parseInt(r.query().getOrDefault("$skiptoken", "0"));
    int to = Math.min(values.size(), from + pageSize);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("value", values.subList(Math.min(from, values.size()), to));
    if (to < values.size()) {
      body.put(
          "nextLink",
          httpsBaseUrl()
              + path
              + "?api-version="
              + r.query().get("api-version")
              + "&$skiptoken="
              + to);
    }
    return HttpResponse.json(200, body);
  }

  /** Client credentials: the section's client id and secret get an opaque bearer token. */
  private HttpResponse token(String tenant, HttpRequest r) {
    if (!r.method().equals("POST")) {
      return notAllowed(r.method(), "/" + tenant + "/oauth2/v2.0/token");
    }
    Map<String, String> form = r.form();
    if (!tenant.equals(tenantId)) {
      return HttpResponse.json(
          400,
          obj(
              "error",
              "invalid_request",
              "error_description",
              "AADSTS90002: Tenant '" + tenant + "' not found."));
    }
    if (!clientId.equals(form.get("client_id"))
        || !clientSecret.equals(form.get("client_secret"))) {
      return HttpResponse.json(
          401,
          obj(
              "error",
              "invalid_client",
              "error_description",
              "AADSTS7000215: Invalid client secret provided."));
    }
    byte[] b = new byte[16];
    random.nextBytes(b);
    String t = "sandbox-arm-" + HexFormat.of().formatHex(b);
    tokens.add(t);
    return HttpResponse.json(
        200,
        obj("token_type", "Bearer", "expires_in", 3599, "ext_expires_in", 3599, "access_token", t));
  }

  private HttpResponse metadata() {
    String https = front == null ? null : front.baseUrl() + "/";
    return HttpResponse.json(
        200,
        obj(
            "name",
            "LeaverSandbox",
            "resourceManager",
            front == null ? null : httpsBaseUrl() + "/",
            "authentication",
            obj(
                "loginEndpoint",
                https,
                "audiences",
                List.of("https://management.azure.com/"),
                "tenant",
                tenantId),
            "sandboxCertificatePem",
            front == null ? null : front.certificatePem()));
  }

  // ---- for tests ------------------------------------------------------------------------------

  /** The principal's role assignments now (name, scope, roleDefinitionId, condition). */
  public List<Map<String, String>> roleAssignmentsOf(String principalId) {
    return rbac.assignmentsOf(principalId);
  }

  /** The principal's PIM role eligibility schedules now. */
  public List<Map<String, String>> eligibilitiesOf(String principalId) {
    return rbac.eligibilitiesOf(principalId);
  }

  /** A vault's access policies: object id → kind → permissions. */
  public Map<String, Map<String, List<String>>> accessPolicies(String vaultId) {
    return resources.accessPolicies(vaultId);
  }

  /** How many versions a vault secret has. */
  public int secretVersions(String vaultId, String secret) {
    return resources.secretVersions(vaultId, secret);
  }

  /** How many times each key was regenerated: {@code resourceId#keyName} → count. */
  public Map<String, Integer> regeneratedKeys() {
    return resources.regenerated();
  }

  /** An APIM user's state: active or blocked. */
  public String apimUserState(String serviceId, String user) {
    return resources.apimUserState(serviceId, user);
  }

  /**
   * Makes the permissions endpoint list these actions under notActions, as a narrower role would.
   */
  public void denyActions(String... actions) {
    deniedActions.addAll(List.of(actions));
  }

  private static JsonNode body(HttpRequest r) throws IOException {
    return r.body().length == 0 ? MissingNode.getInstance() : Json.MAPPER.readTree(r.body());
  }

  private static HttpResponse notAllowed(String method, String path) {
    return ArmJson.error(
        405, "MethodNotAllowed", "The sandbox does not serve " + method + " " + path);
  }

  private static int indexOfIgnoreCase(String s, String part) {
    return s.toLowerCase(Locale.ROOT).indexOf(part.toLowerCase(Locale.ROOT));
  }
}
