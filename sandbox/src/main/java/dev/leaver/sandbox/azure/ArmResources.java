package dev.leaver.sandbox.azure;

import static dev.leaver.sandbox.azure.ArmJson.obj;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The resources a developer reaches in the demo tenant: Key Vaults (access policies and secrets
 * through ARM), storage account keys, Service Bus authorization rules and API Management users and
 * subscriptions. Secrets and keys are random per start and never logged; tests read how many times
 * each was rotated. Thread-safe: every method is synchronized.
 */
final class ArmResources {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<String> PERMISSION_KINDS =
      List.of("keys", "secrets", "certificates", "storage");

  private final String tenantId;

  /** A vault: its model, access policies (objectId → kind → permissions) and secret versions. */
  private static final class Vault {
    final String id;
    final boolean rbac;
    final Map<String, Map<String, TreeSet<String>>> policies = new LinkedHashMap<>();
    final Map<String, List<String>> secretVersions = new TreeMap<>();

    Vault(String id, boolean rbac) {
      this.id = id;
      this.rbac = rbac;
    }
  }

  private final Map<String, Vault> vaults = new LinkedHashMap<>();

  /** Storage account or Service Bus rule id (lower case) → key name → value. */
  private final Map<String, Map<String, String>> keys = new LinkedHashMap<>();

  private final Map<String, String> keyIds = new LinkedHashMap<>();

  /** When each key was last (re)generated: {@code id#keyName} (id lower case) → ISO instant. */
  private final Map<String, String> keyCreated = new LinkedHashMap<>();

  /** How many times each key was regenerated: {@code id#keyName} → count. */
  private final Map<String, Integer> regenerated = new TreeMap<>();

  /** APIM service id (lower case) → user name → state. */
  private final Map<String, Map<String, Map<String, String>>> apimUsers = new LinkedHashMap<>();

  private final Map<String, Map<String, Map<String, String>>> apimSubscriptions =
      new LinkedHashMap<>();
  private final Map<String, String> apimIds = new LinkedHashMap<>();
  private final List<String> otherResources = new ArrayList<>();

  ArmResources(JsonNode section, String tenantId) {
    this.tenantId = tenantId;
    for (JsonNode v : section.path("vaults")) {
      Vault vault =
          new Vault(v.path("id").asText(), v.path("enableRbacAuthorization").asBoolean(false));
      for (JsonNode p : v.path("accessPolicies")) {
        Map<String, TreeSet<String>> perms = new LinkedHashMap<>();
        for (String kind : PERMISSION_KINDS) {
          TreeSet<String> set = new TreeSet<>();
          p.path("permissions")
              .path(kind)
              .forEach(x -> set.add(x.asText().toLowerCase(Locale.ROOT)));
          perms.put(kind, set);
        }
        vault.policies.put(p.path("objectId").asText().toLowerCase(Locale.ROOT), perms);
      }
      v.path("secrets")
          .forEach(s -> vault.secretVersions.put(s.asText(), new ArrayList<>(List.of(token(16)))));
      vaults.put(vault.id.toLowerCase(Locale.ROOT), vault);
    }
    for (JsonNode a : section.path("storageAccounts")) {
      keyIds.put(a.asText().toLowerCase(Locale.ROOT), a.asText());
      keys.put(
          a.asText().toLowerCase(Locale.ROOT),
          new TreeMap<>(Map.of("key1", token(32), "key2", token(32))));
    }
    for (JsonNode r : section.path("serviceBusRules")) {
      keyIds.put(r.asText().toLowerCase(Locale.ROOT), r.asText());
      keys.put(
          r.asText().toLowerCase(Locale.ROOT),
          new TreeMap<>(Map.of("PrimaryKey", token(32), "SecondaryKey", token(32))));
    }
    for (JsonNode s : section.path("apiManagement")) {
      String id = s.path("id").asText();
      apimIds.put(id.toLowerCase(Locale.ROOT), id);
      Map<String, Map<String, String>> users = new LinkedHashMap<>();
      for (JsonNode u : s.path("users")) {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("email", u.path("email").asText());
        user.put("firstName", u.path("firstName").asText());
        user.put("lastName", u.path("lastName").asText());
        user.put("state", u.path("state").asText("active"));
        users.put(u.path("name").asText(), user);
      }
      apimUsers.put(id.toLowerCase(Locale.ROOT), users);
      Map<String, Map<String, String>> subs = new LinkedHashMap<>();
      for (JsonNode sub : s.path("subscriptions")) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("owner", sub.path("owner").asText());
        m.put("displayName", sub.path("displayName").asText());
        m.put("state", sub.path("state").asText("active"));
        m.put("primaryKey", token(16));
        m.put("secondaryKey", token(16));
        subs.put(sub.path("name").asText(), m);
      }
      apimSubscriptions.put(id.toLowerCase(Locale.ROOT), subs);
    }
    section.path("resources").forEach(r -> otherResources.add(r.asText()));
  }

  // ---- Key Vault ------------------------------------------------------------------------------

  synchronized List<Object> listVaults(String subscriptionId) {
    List<Object> out = new ArrayList<>();
    for (Vault v : vaults.values()) {
      if (subscriptionId.equalsIgnoreCase(ArmJson.subscriptionOf(v.id))) {
        out.add(vaultJson(v));
      }
    }
    return out;
  }

  synchronized HttpResponse getVault(String id) {
    Vault v = vaults.get(id.toLowerCase(Locale.ROOT));
    return v == null
        ? notFound("Microsoft.KeyVault/vaults", id)
        : HttpResponse.json(200, vaultJson(v));
  }

  /**
   * {@code PUT .../vaults/{v}/accessPolicies/{add|remove|replace}}: add merges the permissions into
   * the object's entry, remove takes them out (an entry left with none goes), replace sets them.
   * Removing what is not there, or adding what is, answers 200 and changes nothing.
   */
  synchronized HttpResponse updateAccessPolicy(String vaultId, String operation, JsonNode body) {
    Vault v = vaults.get(vaultId.toLowerCase(Locale.ROOT));
    if (v == null) {
      return notFound("Microsoft.KeyVault/vaults", vaultId);
    }
    if (!List.of("add", "remove", "replace").contains(operation)) {
      return ArmJson.error(400, "BadRequest", "operationKind must be add, remove or replace");
    }
    JsonNode entries = body.path("properties").path("accessPolicies");
    if (!entries.isArray() || entries.isEmpty()) {
      return ArmJson.error(400, "BadRequest", "properties.accessPolicies is required");
    }
    for (JsonNode e : entries) {
      String oid = e.path("objectId").asText().toLowerCase(Locale.ROOT);
      Map<String, TreeSet<String>> entry = v.policies.get(oid);
      if (operation.equals("remove")) {
        if (entry == null) {
          continue;
        }
        for (String kind : PERMISSION_KINDS) {
          e.path("permissions")
              .path(kind)
              .forEach(x -> entry.get(kind).remove(x.asText().toLowerCase(Locale.ROOT)));
        }
        if (entry.values().stream().allMatch(TreeSet::isEmpty)) {
          v.policies.remove(oid);
        }
      } else {
        Map<String, TreeSet<String>> target =
            operation.equals("replace") || entry == null ? emptyPermissions() : entry;
        for (String kind : PERMISSION_KINDS) {
          e.path("permissions")
              .path(kind)
              .forEach(x -> target.get(kind).add(x.asText().toLowerCase(Locale.ROOT)));
        }
        v.policies.put(oid, target);
      }
    }
    return HttpResponse.json(
        200,
        obj(
            "id",
            v.id + "/accessPolicies/" + operation,
            "type",
            "Microsoft.KeyVault/vaults/accessPolicies",
            "properties",
            obj("accessPolicies", entries)));
  }

  synchronized HttpResponse listSecrets(String vaultId) {
    Vault v = vaults.get(vaultId.toLowerCase(Locale.ROOT));
    if (v == null) {
      return notFound("Microsoft.KeyVault/vaults", vaultId);
    }
    List<Object> out = new ArrayList<>();
    v.secretVersions.forEach((name, versions) -> out.add(secretJson(v, name, versions)));
    return ArmJson.list(out);
  }

  /**
   * {@code PUT .../vaults/{v}/secrets/{s}}: a new version with the value sent (kept, never shown).
   */
  synchronized HttpResponse putSecret(String vaultId, String name, JsonNode body) {
    Vault v = vaults.get(vaultId.toLowerCase(Locale.ROOT));
    if (v == null) {
      return notFound("Microsoft.KeyVault/vaults", vaultId);
    }
    if (!body.path("properties").hasNonNull("value")) {
      return ArmJson.error(400, "BadRequest", "properties.value is required");
    }
    List<String> versions = v.secretVersions.computeIfAbsent(name, n -> new ArrayList<>());
    versions.add(token(16));
    return HttpResponse.json(200, secretJson(v, name, versions));
  }

  private Map<String, Object> secretJson(Vault v, String name, List<String> versions) {
    String uri = "https://" + ArmJson.name(v.id) + ".vault.azure.net/secrets/" + name;
    return obj(
        "id",
        v.id + "/secrets/" + name,
        "name",
        name,
        "type",
        "Microsoft.KeyVault/vaults/secrets",
        "properties",
        obj(
            "secretUri",
            uri,
            "secretUriWithVersion",
            uri + "/" + versions.get(versions.size() - 1),
            "attributes",
            obj("enabled", true)));
  }

  private Map<String, Object> vaultJson(Vault v) {
    List<Object> policies = new ArrayList<>();
    v.policies.forEach(
        (oid, perms) -> {
          Map<String, Object> p = new LinkedHashMap<>();
          perms.forEach(
              (kind, set) -> {
                if (!set.isEmpty()) {
                  p.put(kind, List.copyOf(set));
                }
              });
          policies.add(obj("tenantId", tenantId, "objectId", oid, "permissions", p));
        });
    return obj(
        "id",
        v.id,
        "name",
        ArmJson.name(v.id),
        "type",
        "Microsoft.KeyVault/vaults",
        "location",
        "westeurope",
        "properties",
        obj(
            "tenantId",
            tenantId,
            "sku",
            obj("family", "A", "name", "standard"),
            "enableRbacAuthorization",
            v.rbac,
            "accessPolicies",
            v.rbac ? List.of() : policies,
            "vaultUri",
            "https://" + ArmJson.name(v.id) + ".vault.azure.net/"));
  }

  @SuppressWarnings(
      "NonApiType") // the policies map holds sorted sets: permissions are answered in a stable
  // order
  private static Map<String, TreeSet<String>> emptyPermissions() {

    Map<String, TreeSet<String>> m = new LinkedHashMap<>();
    PERMISSION_KINDS.forEach(k -> m.put(k, new TreeSet<>()));
    return m;
  }

  // ---- storage and Service Bus keys -----------------------------------------------------------

  synchronized HttpResponse storageKeys(String accountId, String regenerate) {
    Map<String, String> k = keys.get(accountId.toLowerCase(Locale.ROOT));
    if (k == null || !accountId.toLowerCase(Locale.ROOT).contains("/microsoft.storage/")) {
      return notFound("Microsoft.Storage/storageAccounts", accountId);
    }
    if (regenerate != null) {
      if (!k.containsKey(regenerate)) {
        return ArmJson.error(
            400, "InvalidValuesForRequestParameters", "keyName must be key1 or key2");
      }
      k.put(regenerate, token(32));
      keyCreated.put(
          accountId.toLowerCase(Locale.ROOT) + "#" + regenerate, Instant.now().toString());
      regenerated.merge(
          keyIds.get(accountId.toLowerCase(Locale.ROOT)) + "#" + regenerate, 1, Integer::sum);
    }
    List<Object> out = new ArrayList<>();
    k.forEach(
        (name, value) ->
            out.add(
                obj(
                    "keyName",
                    name,
                    "value",
                    value,
                    "permissions",
                    "FULL",
                    "creationTime",
                    created(accountId, name))));
    return HttpResponse.json(200, obj("keys", out));
  }

  /** {@code GET} a storage account: its {@code keyCreationTime} tells when each key was made. */
  synchronized HttpResponse getStorageAccount(String accountId) {
    if (!keys.containsKey(accountId.toLowerCase(Locale.ROOT))) {
      return notFound("Microsoft.Storage/storageAccounts", accountId);
    }
    return HttpResponse.json(
        200,
        obj(
            "id",
            keyIds.get(accountId.toLowerCase(Locale.ROOT)),
            "name",
            ArmJson.name(accountId),
            "type",
            "Microsoft.Storage/storageAccounts",
            "kind",
            "StorageV2",
            "location",
            "westeurope",
            "properties",
            obj(
                "keyCreationTime",
                obj("key1", created(accountId, "key1"), "key2", created(accountId, "key2")),
                "allowSharedKeyAccess",
                true)));
  }

  private String created(String id, String key) {
    return keyCreated.getOrDefault(id.toLowerCase(Locale.ROOT) + "#" + key, "2025-02-01T08:00:00Z");
  }

  synchronized HttpResponse serviceBusKeys(String ruleId, String regenerate) {
    Map<String, String> k = keys.get(ruleId.toLowerCase(Locale.ROOT));
    if (k == null || !ruleId.toLowerCase(Locale.ROOT).contains("/microsoft.servicebus/")) {
      return notFound("Microsoft.ServiceBus/namespaces/authorizationRules", ruleId);
    }
    if (regenerate != null) {
      if (!k.containsKey(regenerate)) {
        return ArmJson.error(400, "BadRequest", "keyType must be PrimaryKey or SecondaryKey");
      }
      k.put(regenerate, token(32));
      regenerated.merge(
          keyIds.get(ruleId.toLowerCase(Locale.ROOT)) + "#" + regenerate, 1, Integer::sum);
    }
    String ns = ruleId.split("/")[8];
    String rule = ArmJson.name(ruleId);
    return HttpResponse.json(
        200,
        obj(
            "keyName",
            rule,
            "primaryKey",
            k.get("PrimaryKey"),
            "secondaryKey",
            k.get("SecondaryKey"),
            "primaryConnectionString",
            "Endpoint=sb://"
                + ns
                + ".servicebus.windows.net/;SharedAccessKeyName="
                + rule
                + ";SharedAccessKey="
                + k.get("PrimaryKey"),
            "secondaryConnectionString",
            "Endpoint=sb://"
                + ns
                + ".servicebus.windows.net/;SharedAccessKeyName="
                + rule
                + ";SharedAccessKey="
                + k.get("SecondaryKey")));
  }

  synchronized HttpResponse getServiceBusRule(String ruleId) {
    if (!keys.containsKey(ruleId.toLowerCase(Locale.ROOT))) {
      return notFound("Microsoft.ServiceBus/namespaces/authorizationRules", ruleId);
    }
    return HttpResponse.json(
        200,
        obj(
            "id",
            keyIds.get(ruleId.toLowerCase(Locale.ROOT)),
            "name",
            ArmJson.name(ruleId),
            "type",
            "Microsoft.ServiceBus/namespaces/authorizationRules",
            "properties",
            obj("rights", List.of("Send", "Listen"))));
  }

  // ---- API Management -------------------------------------------------------------------------

  synchronized HttpResponse apimUsers(String serviceId, String filter) {
    Map<String, Map<String, String>> users = apimUsers.get(serviceId.toLowerCase(Locale.ROOT));
    if (users == null) {
      return notFound("Microsoft.ApiManagement/service", serviceId);
    }
    String email = null;
    if (filter != null) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("email eq '([^']*)'").matcher(filter);
      if (!m.find()) {
        return ArmJson.error(
            400, "ValidationError", "Invalid filter clause specified: '" + filter + "'.");
      }
      email = m.group(1);
    }
    List<Object> out = new ArrayList<>();
    for (var e : users.entrySet()) {
      if (email == null || email.equalsIgnoreCase(e.getValue().get("email"))) {
        out.add(userJson(serviceId, e.getKey(), e.getValue()));
      }
    }
    return HttpResponse.json(200, obj("value", out, "count", out.size()));
  }

  synchronized HttpResponse apimUser(String serviceId, String name) {
    Map<String, String> u =
        apimUsers.getOrDefault(serviceId.toLowerCase(Locale.ROOT), Map.of()).get(name);
    if (u == null) {
      return ArmJson.error(404, "ResourceNotFound", "User not found.");
    }
    return HttpResponse.json(200, userJson(serviceId, name, u)).withHeader("ETag", etag(u));
  }

  /**
   * {@code PATCH .../users/{u}} with {@code If-Match}; only {@code properties.state} is applied.
   */
  synchronized HttpResponse patchApimUser(
      String serviceId, String name, String ifMatch, JsonNode body) {
    Map<String, String> u =
        apimUsers.getOrDefault(serviceId.toLowerCase(Locale.ROOT), Map.of()).get(name);
    if (u == null) {
      return ArmJson.error(404, "ResourceNotFound", "User not found.");
    }
    if (ifMatch == null) {
      return ArmJson.error(400, "ValidationError", "If-Match header is required.");
    }
    if (!ifMatch.equals("*") && !ifMatch.equals(etag(u))) {
      return ArmJson.error(412, "PreconditionFailed", "The entity has been modified.");
    }
    String state = body.path("properties").path("state").asText(null);
    if (state != null) {
      if (!List.of("active", "blocked").contains(state)) {
        return ArmJson.error(
            400, "ValidationError", "state must be active or blocked in the sandbox");
      }
      u.put("state", state);
    }
    return HttpResponse.json(200, userJson(serviceId, name, u)).withHeader("ETag", etag(u));
  }

  synchronized HttpResponse apimUserSubscriptions(String serviceId, String user) {
    Map<String, Map<String, String>> subs =
        apimSubscriptions.get(serviceId.toLowerCase(Locale.ROOT));
    if (subs == null) {
      return notFound("Microsoft.ApiManagement/service", serviceId);
    }
    List<Object> out = new ArrayList<>();
    subs.forEach(
        (sid, s) -> {
          if (s.get("owner").equals(user)) {
            out.add(
                obj(
                    "id",
                    apimIds.get(serviceId.toLowerCase(Locale.ROOT)) + "/subscriptions/" + sid,
                    "name",
                    sid,
                    "type",
                    "Microsoft.ApiManagement/service/subscriptions",
                    "properties",
                    obj(
                        "ownerId",
                        apimIds.get(serviceId.toLowerCase(Locale.ROOT)) + "/users/" + user,
                        "scope",
                        "/apis",
                        "displayName",
                        s.get("displayName"),
                        "state",
                        s.get("state"))));
          }
        });
    return HttpResponse.json(200, obj("value", out, "count", out.size()));
  }

  /** {@code POST .../subscriptions/{sid}/regeneratePrimaryKey|regenerateSecondaryKey} → 204. */
  synchronized HttpResponse regenerateApimKey(String serviceId, String sid, String which) {
    Map<String, String> s =
        apimSubscriptions.getOrDefault(serviceId.toLowerCase(Locale.ROOT), Map.of()).get(sid);
    if (s == null) {
      return ArmJson.error(404, "ResourceNotFound", "Subscription not found.");
    }
    String key = which.equals("regeneratePrimaryKey") ? "primaryKey" : "secondaryKey";
    s.put(key, token(16));
    regenerated.merge(
        apimIds.get(serviceId.toLowerCase(Locale.ROOT)) + "/subscriptions/" + sid + "#" + key,
        1,
        Integer::sum);
    return HttpResponse.empty(204);
  }

  private Map<String, Object> userJson(String serviceId, String name, Map<String, String> u) {
    return obj(
        "id",
        apimIds.get(serviceId.toLowerCase(Locale.ROOT)) + "/users/" + name,
        "name",
        name,
        "type",
        "Microsoft.ApiManagement/service/users",
        "properties",
        obj(
            "firstName",
            u.get("firstName"),
            "lastName",
            u.get("lastName"),
            "email",
            u.get("email"),
            "state",
            u.get("state"),
            "registrationDate",
            "2025-01-15T09:00:00Z"));
  }

  private static String etag(Map<String, String> u) {
    return "\"" + Integer.toHexString(u.hashCode()) + "\"";
  }

  // ---- inventory ------------------------------------------------------------------------------

  /** Every resource id the tenant has, for Resource Graph. */
  synchronized List<String> allResources() {
    List<String> out = new ArrayList<>();
    vaults.values().forEach(v -> out.add(v.id));
    keyIds
        .values()
        .forEach(
            id ->
                out.add(
                    id.contains("/authorizationRules/")
                        ? id.substring(0, id.indexOf("/authorizationRules/"))
                        : id));
    out.addAll(apimIds.values());
    out.addAll(otherResources);
    return out;
  }

  // ---- what tests read back -------------------------------------------------------------------

  synchronized Map<String, Map<String, List<String>>> accessPolicies(String vaultId) {
    Vault v = vaults.get(vaultId.toLowerCase(Locale.ROOT));
    Map<String, Map<String, List<String>>> out = new TreeMap<>();
    v.policies.forEach(
        (oid, perms) -> {
          Map<String, List<String>> p = new TreeMap<>();
          perms.forEach(
              (k, set) -> {
                if (!set.isEmpty()) {
                  p.put(k, List.copyOf(set));
                }
              });
          out.put(oid, p);
        });
    return out;
  }

  synchronized int secretVersions(String vaultId, String secret) {
    return vaults
        .get(vaultId.toLowerCase(Locale.ROOT))
        .secretVersions
        .getOrDefault(secret, List.of())
        .size();
  }

  synchronized Map<String, Integer> regenerated() {
    return Map.copyOf(regenerated);
  }

  synchronized String apimUserState(String serviceId, String user) {
    return apimUsers.get(serviceId.toLowerCase(Locale.ROOT)).get(user).get("state");
  }

  private static HttpResponse notFound(String type, String id) {
    return ArmJson.error(
        404,
        "ResourceNotFound",
        "The Resource '" + type + "/" + ArmJson.name(id) + "' was not found.");
  }

  private static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
