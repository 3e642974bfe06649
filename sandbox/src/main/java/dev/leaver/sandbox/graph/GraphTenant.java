package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The emulated directory's state. Guarded by the emulator's lock. */
final class GraphTenant {
  final Map<String, User> users = new LinkedHashMap<>();

  /** Deleted users, restorable (in Graph for 30 days; here until the sandbox stops). */
  final Map<String, User> deleted = new LinkedHashMap<>();

  final Map<String, Group> groups = new LinkedHashMap<>();
  final Map<String, Drive> drivesByUser = new LinkedHashMap<>();

  /** The tenant's subscribed SKUs: skuId → skuPartNumber, e.g. ENTERPRISEPACK. */
  final Map<String, String> skus = new LinkedHashMap<>();

  final int pageSize;
  int nextPermission = 1;

  static final class User {
    String id;
    String upn;
    String displayName;
    String employeeId;
    boolean accountEnabled = true;
    boolean onPremisesSyncEnabled;
    Instant signInSessionsValidFrom;

    /** Revoked through this sandbox at least once (for the request log's "changed"). */
    boolean sessionsRevokedHere;

    /** {@code employeeLeaveDateTime} as Graph returns it (ISO instant, UTC), or null. */
    String employeeLeaveDateTime;

    /** Directly assigned SKU → disabled plans. */
    final Map<String, List<String>> directLicenses = new LinkedHashMap<>();

    /** False for a user without an Exchange Online mailbox: mail routes answer 404. */
    boolean hasMailbox = true;

    /** The mailbox's {@code automaticRepliesSetting}, as Graph shows it. */
    ObjectNode automaticReplies = Mail.defaultAutomaticReplies();

    /** Messages this user sent, kept in their Sent Items. */
    final List<Mail.Sent> sentItems = new ArrayList<>();
  }

  static final class Group {
    String id;
    String displayName;
    List<String> groupTypes = List.of();
    boolean mailEnabled;
    boolean securityEnabled = true;
    boolean onPremisesSyncEnabled;
    String membershipRule;
    final Set<String> members = new LinkedHashSet<>();
    List<String> licenses = List.of();

    boolean dynamic() {
      return groupTypes.contains("DynamicMembership");
    }
  }

  static final class Drive {
    String id;
    String rootId;
    final List<Permission> permissions = new ArrayList<>();
  }

  record Permission(String id, List<String> roles, String email) {}

  GraphTenant(JsonNode seed) {
    pageSize = seed.path("pageSize").asInt(100);
    for (JsonNode sku : seed.path("skus")) {
      skus.put(sku.path("skuId").asText(), sku.path("skuPartNumber").asText());
    }
    for (JsonNode u : seed.path("users")) {
      User user = new User();
      user.id = u.path("id").asText();
      user.upn = u.path("userPrincipalName").asText();
      user.displayName = u.path("displayName").asText(user.upn);
      user.employeeId = u.path("employeeId").asText(null);
      user.accountEnabled = u.path("accountEnabled").asBoolean(true);
      user.onPremisesSyncEnabled = u.path("onPremisesSyncEnabled").asBoolean(false);
      user.signInSessionsValidFrom =
          Instant.parse(u.path("signInSessionsValidFromDateTime").asText("2026-01-05T09:00:00Z"));
      user.employeeLeaveDateTime =
          u.hasNonNull("employeeLeaveDateTime")
              ? Instant.parse(u.get("employeeLeaveDateTime").asText()).toString()
              : null;
      for (JsonNode l : u.path("licenses")) {
        List<String> disabled = new ArrayList<>();
        l.path("disabledPlans").forEach(p -> disabled.add(p.asText()));
        user.directLicenses.put(l.path("skuId").asText(), disabled);
      }
      user.hasMailbox = u.path("mailbox").asBoolean(true);
      if (u.path("automaticRepliesSetting").isObject()) {
        user.automaticReplies.setAll((ObjectNode) u.get("automaticRepliesSetting").deepCopy());
      }
      users.put(user.id, user);
      if (u.hasNonNull("driveId")) {
        Drive d = new Drive();
        d.id = u.path("driveId").asText();
        d.rootId = d.id + "-root";
        drivesByUser.put(user.id, d);
      }
    }
    for (JsonNode g : seed.path("groups")) {
      Group group = new Group();
      group.id = g.path("id").asText();
      group.displayName = g.path("displayName").asText();
      group.groupTypes = strings(g.path("groupTypes"));
      group.mailEnabled = g.path("mailEnabled").asBoolean(false);
      group.securityEnabled = g.path("securityEnabled").asBoolean(true);
      group.onPremisesSyncEnabled = g.path("onPremisesSyncEnabled").asBoolean(false);
      group.membershipRule = g.path("membershipRule").asText(null);
      group.licenses = strings(g.path("licenses"));
      group.members.addAll(strings(g.path("members")));
      groups.put(group.id, group);
    }
  }

  User user(String idOrUpn) {
    User u = users.get(idOrUpn);
    if (u != null) {
      return u;
    }
    return users.values().stream()
        .filter(x -> x.upn.equalsIgnoreCase(idOrUpn))
        .findFirst()
        .orElse(null);
  }

  List<Group> groupsOf(String userId) {
    return groups.values().stream().filter(g -> g.members.contains(userId)).toList();
  }

  /** SKU → the group it is inherited from, for every group licence the user gets. */
  Map<String, String> inheritedLicenses(String userId) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Group g : groupsOf(userId)) {
      g.licenses.forEach(sku -> out.putIfAbsent(sku, g.id));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }
}
