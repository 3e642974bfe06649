package dev.leaver.sandbox.graph;

import dev.leaver.sandbox.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Graph's JSON shapes: users, groups, permissions and the error body. */
final class GraphJson {
  private static final Logger log = LoggerFactory.getLogger(GraphEmulator.class);

  /**
   * The user properties Graph returns without {@code $select}. Everything else (accountEnabled,
   * licences, signInSessionsValidFromDateTime ...) only comes when selected, so a connector that
   * forgets to select a property sees null here just as it would against the real service.
   */
  static final Set<String> USER_DEFAULTS =
      Set.of(
          "id",
          "businessPhones",
          "displayName",
          "givenName",
          "jobTitle",
          "mail",
          "mobilePhone",
          "officeLocation",
          "preferredLanguage",
          "surname",
          "userPrincipalName");

  private GraphJson() {}

  /**
   * Keeps the properties named in a {@code $select} (comma-separated), or {@code defaults} when
   * there is none. The id and the OData annotations are always kept.
   */
  static Map<String, Object> select(Map<String, Object> full, String select, Set<String> defaults) {
    Set<String> wanted =
        select == null || select.isBlank() ? defaults : Set.of(select.replace(" ", "").split(","));
    Map<String, Object> out = new LinkedHashMap<>();
    full.forEach(
        (k, v) -> {
          if (k.startsWith("@odata.") || k.equals("id") || wanted == null || wanted.contains(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  static Map<String, Object> user(GraphTenant t, GraphTenant.User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#users/$entity");
    m.put("id", u.id);
    m.put("userPrincipalName", u.upn);
    m.put("displayName", u.displayName);
    m.put("mail", u.upn);
    m.put("employeeId", u.employeeId);
    m.put("accountEnabled", u.accountEnabled);
    m.put("onPremisesSyncEnabled", u.onPremisesSyncEnabled ? Boolean.TRUE : null);
    m.put("signInSessionsValidFromDateTime", u.signInSessionsValidFrom.toString());
    m.put("employeeLeaveDateTime", u.employeeLeaveDateTime);
    List<Object> assigned = new ArrayList<>();
    List<Object> states = new ArrayList<>();
    u.directLicenses.forEach(
        (sku, disabled) -> {
          assigned.add(Map.of("skuId", sku, "disabledPlans", disabled));
          states.add(state(sku, null, disabled));
        });
    t.inheritedLicenses(u.id)
        .forEach(
            (sku, groupId) -> {
              if (!u.directLicenses.containsKey(sku)) {
                assigned.add(Map.of("skuId", sku, "disabledPlans", List.of()));
              }
              states.add(state(sku, groupId, List.of()));
            });
    m.put("assignedLicenses", assigned);
    m.put("licenseAssignmentStates", states);
    return m;
  }

  private static Map<String, Object> state(String sku, String group, List<String> disabled) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("skuId", sku);
    s.put("assignedByGroup", group);
    s.put("state", "Active");
    s.put("error", "None");
    s.put("disabledPlans", disabled);
    return s;
  }

  static Map<String, Object> group(GraphTenant.Group g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@odata.type", "#microsoft.graph.group");
    m.put("id", g.id);
    m.put("displayName", g.displayName);
    m.put("groupTypes", g.groupTypes);
    m.put("mailEnabled", g.mailEnabled);
    m.put("securityEnabled", g.securityEnabled);
    m.put("onPremisesSyncEnabled", g.onPremisesSyncEnabled ? Boolean.TRUE : null);
    m.put("membershipRule", g.membershipRule);
    return m;
  }

  static Map<String, Object> sku(String skuId, String partNumber) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", "00000000-0000-4000-8000-00000000c0de_" + skuId);
    m.put("skuId", skuId);
    m.put("skuPartNumber", partNumber);
    m.put("capabilityStatus", "Enabled");
    m.put("appliesTo", "User");
    return m;
  }

  static Map<String, Object> permission(GraphTenant.Permission p) {
    Map<String, Object> user = Map.of("email", p.email(), "displayName", p.email());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("roles", p.roles());
    m.put("grantedToV2", Map.of("user", user));
    m.put("grantedTo", Map.of("user", user));
    return m;
  }

  /** Graph's error body, with the request id inside as the real service sends it. */
  static HttpResponse error(int status, String code, String message) {
    String requestId = UUID.randomUUID().toString();
    return HttpResponse.json(
            status,
            Map.of(
                "error",
                Map.of(
                    "code",
                    code,
                    "message",
                    message,
                    "innerError",
                    Map.of("request-id", requestId, "date", Instant.now().toString()))))
        .withHeader("request-id", requestId);
  }

  static HttpResponse notFound(String id) {
    return error(
        404,
        "Request_ResourceNotFound",
        "Resource '"
            + id
            + "' does not exist or one of its queried reference-property objects are not present.");
  }

  /**
   * A request the emulator does not know: logged, so a connector change that needs more shows up.
   */
  static HttpResponse unsupported(String method, String[] p) {
    String path = String.join("/", p);
    log.warn("Graph emulator does not serve {} /v1.0/{}", method, path);
    return error(
        400,
        "BadRequest",
        "Resource not found for the segment '" + path + "' (not emulated by the Leaver sandbox).");
  }
}
