package dev.leaver.sandbox.graph;

import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Leaver app's application permissions as the tenant holds them, and the read-only routes that
 * show them: {@code GET /servicePrincipals?$filter=appId eq '...'} (the app's service principal,
 * and Microsoft Graph's own with the {@code appRoles} that name each permission id) and {@code GET
 * /servicePrincipals/{id}/appRoleAssignments}. The same grants decide whether a write answers 403,
 * so what a preflight reads always matches what the writes do.
 */
final class AppGrants {
  /** The sandbox app's client id: the one {@code EntraConfig.sandbox} uses. */
  static final String APP_ID = "sandbox";

  static final String APP_SP_ID = "5a1db0c5-0000-4000-8000-00000000a001";
  static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
  static final String GRAPH_SP_ID = "5a1db0c5-0000-4000-8000-00000000c001";

  /** Microsoft Graph application permissions by name, with Graph's published app role ids. */
  private static final Map<String, String> ROLE_IDS = new LinkedHashMap<>();

  static {
    ROLE_IDS.put("User.Read.All", "df021288-bdef-4463-88db-98f22de89214");
    ROLE_IDS.put("User.ReadWrite.All", "741f803b-c850-494e-b5df-cde7c675a1ca");
    ROLE_IDS.put("User.EnableDisableAccount.All", "3011c876-62b7-4ada-afa2-506cbbecc68c");
    ROLE_IDS.put("User.RevokeSessions.All", "77f3a031-c388-4f99-b373-dc68676a979e");
    ROLE_IDS.put("GroupMember.ReadWrite.All", "dbaae8cf-10b5-4b86-a4a1-f871c94c6695");
    ROLE_IDS.put("Group.ReadWrite.All", "62a82d76-70ea-41e2-9197-370581804d09");
    ROLE_IDS.put("LicenseAssignment.ReadWrite.All", "5facf0c1-8979-4e95-abcf-ff3d079771c0");
    ROLE_IDS.put("Files.ReadWrite.All", "75359482-378d-4052-8f01-80520e7db3cd");
    ROLE_IDS.put("Sites.ReadWrite.All", "9492366f-7969-46a4-8d15-ed1a20078fff");
    ROLE_IDS.put("Directory.Read.All", "7ab1d382-f21e-4acd-a863-ba3e13f7da61");
    ROLE_IDS.put("Directory.ReadWrite.All", "19dbc75e-c2e2-444c-a770-ec69d8559fc7");
    ROLE_IDS.put("Application.Read.All", "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30");
    ROLE_IDS.put("MailboxSettings.Read", "40f97065-369a-49f4-947c-6a255697ae91");
    ROLE_IDS.put("MailboxSettings.ReadWrite", "6931bccd-447a-43d1-b442-00a195474933");
    ROLE_IDS.put("Mail.Send", "b633e1c5-b582-4048-a93e-9f11b44c7e96");
    ROLE_IDS.put("Mail.ReadBasic.All", "693c5e45-0940-467d-9b8a-1022fb9d42ef");
    ROLE_IDS.put("Mail.Read", "810c84a8-4a9e-49e6-bf7d-12d183f40d01");
    ROLE_IDS.put(
        "User.DeleteRestore.All", "eccc023d-eccf-4e7b-9683-8813ab36cecc"); // UNCONFIRMED id
    ROLE_IDS.put("Application.ReadWrite.All", "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9");
    ROLE_IDS.put("AppRoleAssignment.ReadWrite.All", "06b708a9-e830-4db3-a914-8e69da51d44f");
    ROLE_IDS.put("DelegatedPermissionGrant.ReadWrite.All", "8e8e4742-1d95-4f68-9d56-6ee75648c72a");
    ROLE_IDS.put("UserAuthenticationMethod.ReadWrite.All", "50483e42-d915-4231-9639-7fdb7fd190e5");
    ROLE_IDS.put("User-LifeCycleInfo.ReadWrite.All", "925f1248-0f97-47b9-8ec8-538c54e01325");
  }

  /**
   * The broader permissions Graph accepts in place of each narrow one a write needs (the "higher
   * privileged" column of each API's page; none for app role assignments, authentication methods
   * and the leave date).
   */
  private static final Map<String, List<String>> COVERED_BY =
      Map.ofEntries(
          Map.entry(
              "User.EnableDisableAccount.All",
              List.of("User.ReadWrite.All", "Directory.ReadWrite.All")),
          Map.entry(
              "User.RevokeSessions.All", List.of("User.ReadWrite.All", "Directory.ReadWrite.All")),
          Map.entry(
              "LicenseAssignment.ReadWrite.All",
              List.of("User.ReadWrite.All", "Directory.ReadWrite.All")),
          Map.entry(
              "GroupMember.ReadWrite.All",
              List.of("Group.ReadWrite.All", "Directory.ReadWrite.All")),
          Map.entry("Files.ReadWrite.All", List.of("Sites.ReadWrite.All")),
          Map.entry("MailboxSettings.Read", List.of("MailboxSettings.ReadWrite")),
          Map.entry("Mail.ReadBasic.All", List.of("Mail.Read")),
          Map.entry("Group.ReadWrite.All", List.of("Directory.ReadWrite.All")),
          Map.entry("Application.ReadWrite.All", List.of("Directory.ReadWrite.All")),
          Map.entry("DelegatedPermissionGrant.ReadWrite.All", List.of("Directory.ReadWrite.All")),
          Map.entry(
              "User.DeleteRestore.All", List.of("User.ReadWrite.All", "Directory.ReadWrite.All")));

  /**
   * Granted at the start: what the connectors on Graph need (Entra ID; Exchange's mailbox settings
   * and mail), and Application.Read.All for their preflight.
   */
  private static final List<String> INITIAL =
      List.of(
          "User.Read.All",
          "User.EnableDisableAccount.All",
          "User.RevokeSessions.All",
          "GroupMember.ReadWrite.All",
          "LicenseAssignment.ReadWrite.All",
          "Files.ReadWrite.All",
          "MailboxSettings.ReadWrite",
          "Mail.Send",
          "Mail.ReadBasic.All",
          "Application.Read.All",
          "User-LifeCycleInfo.ReadWrite.All",
          "AppRoleAssignment.ReadWrite.All",
          "DelegatedPermissionGrant.ReadWrite.All",
          "UserAuthenticationMethod.ReadWrite.All",
          "Group.ReadWrite.All",
          "Application.ReadWrite.All",
          "User.DeleteRestore.All");

  private static final Pattern APP_ID_FILTER =
      Pattern.compile("^\\s*appId\\s+eq\\s+'([^']*)'\\s*$", Pattern.CASE_INSENSITIVE);

  private final Set<String> granted = new LinkedHashSet<>(INITIAL);
  private boolean denyWrites;

  synchronized boolean allowsWrite(String permission) {
    return !denyWrites && allows(permission);
  }

  /** Granted, directly or through a broader permission. */
  synchronized boolean allows(String permission) {
    return granted.contains(permission)
        || COVERED_BY.getOrDefault(permission, List.of()).stream().anyMatch(granted::contains);
  }

  synchronized void grant(String permission) {
    known(permission);
    granted.add(permission);
  }

  synchronized void revoke(String permission) {
    known(permission);
    granted.remove(permission);
  }

  synchronized void denyWrites(boolean deny) {
    denyWrites = deny;
  }

  synchronized void restore() {
    granted.clear();
    granted.addAll(INITIAL);
    denyWrites = false;
  }

  /** Reading service principals and their grants needs Application.Read.All or a broader grant. */
  private synchronized boolean mayReadApps() {
    return granted.contains("Application.Read.All")
        || granted.contains("Application.ReadWrite.All")
        || granted.contains("Directory.Read.All")
        || granted.contains("Directory.ReadWrite.All");
  }

  private static HttpResponse denied() {
    return GraphJson.error(
        403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  }

  /** {@code GET servicePrincipals}: only the {@code appId eq '...'} filter is emulated. */
  HttpResponse servicePrincipals(HttpRequest r) {
    if (!mayReadApps()) {
      return denied();
    }
    String filter = r.query().get("$filter");
    Matcher m = filter == null ? null : APP_ID_FILTER.matcher(filter);
    if (m == null || !m.matches()) {
      return GraphJson.error(
          400,
          "Request_UnsupportedQuery",
          "Only $filter=appId eq '...' is emulated on servicePrincipals.");
    }
    String appId = m.group(1).replace("''", "'");
    String select = r.query().get("$select");
    List<Object> value = new ArrayList<>();
    if (appId.equals(APP_ID)) {
      value.add(
          GraphJson.select(
              servicePrincipal(APP_SP_ID, APP_ID, "Leaver (sandbox)", List.of()), select, null));
    } else if (appId.equals(GRAPH_APP_ID)) {
      List<Object> roles = new ArrayList<>();
      ROLE_IDS.forEach(
          (name, id) ->
              roles.add(
                  Map.of(
                      "id",
                      id,
                      "value",
                      name,
                      "isEnabled",
                      true,
                      "allowedMemberTypes",
                      List.of("Application"),
                      "origin",
                      "Application")));
      value.add(
          GraphJson.select(
              servicePrincipal(GRAPH_SP_ID, GRAPH_APP_ID, "Microsoft Graph", roles), select, null));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals");
    body.put("value", value);
    return HttpResponse.json(200, body);
  }

  /** {@code GET servicePrincipals/{id}/appRoleAssignments}: the app's grants on Microsoft Graph. */
  synchronized HttpResponse appRoleAssignments(String servicePrincipalId) {
    if (!mayReadApps()) {
      return denied();
    }
    if (servicePrincipalId.equals(GRAPH_SP_ID)) {
      return HttpResponse.json(200, Map.of("value", List.of()));
    }
    if (!servicePrincipalId.equals(APP_SP_ID)) {
      return GraphJson.notFound(servicePrincipalId);
    }
    List<Object> value = new ArrayList<>();
    for (String permission : granted) {
      if (denyWrites && !permission.endsWith(".Read.All")) {
        continue; // while writes are denied, the grants read back as the read-only ones
      }
      String id = ROLE_IDS.get(permission);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("id", "asg-" + id.substring(0, 8));
      a.put("appRoleId", id);
      a.put("principalId", APP_SP_ID);
      a.put("principalType", "ServicePrincipal");
      a.put("principalDisplayName", "Leaver (sandbox)");
      a.put("resourceId", GRAPH_SP_ID);
      a.put("resourceDisplayName", "Microsoft Graph");
      value.add(a);
    }
    return HttpResponse.json(
        200,
        Map.of(
            "@odata.context",
            "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('"
                + APP_SP_ID
                + "')/appRoleAssignments",
            "value",
            value));
  }

  private static Map<String, Object> servicePrincipal(
      String id, String appId, String name, List<Object> roles) {
    Map<String, Object> sp = new LinkedHashMap<>();
    sp.put("id", id);
    sp.put("appId", appId);
    sp.put("displayName", name);
    sp.put("servicePrincipalType", "Application");
    sp.put("appRoles", roles);
    return sp;
  }

  private static void known(String permission) {
    if (!ROLE_IDS.containsKey(permission)) {
      throw new IllegalArgumentException(
          "the sandbox does not emulate the Graph permission "
              + permission
              + "; known: "
              + ROLE_IDS.keySet());
    }
  }
}
