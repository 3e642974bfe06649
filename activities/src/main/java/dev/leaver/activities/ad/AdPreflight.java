package dev.leaver.activities.ad;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * AD's preflight, read-only: binds, searches the base DN, and asks AD which attributes the service
 * account may write ({@code allowedAttributesEffective}) on a user and a group under the base DN,
 * and which objects it may create in the Disabled OU ({@code allowedChildClassesEffective}, the
 * "create" half of a move). A password reset is a control access right that LDAP does not list.
 */
final class AdPreflight {
  private final Directory directory;
  private final List<TargetAction> actions;

  AdPreflight(Directory directory, List<TargetAction> actions) {
    this.directory = directory;
    this.actions = actions;
  }

  List<PermissionCheck> check() {
    List<String> needed = new ArrayList<>();
    needed.add(AdTarget.READ);
    actions.forEach(a -> needed.add(a.spec().permission()));
    if (!directory.configured()) {
      return needed.stream()
          .map(
              p ->
                  PermissionCheck.blocked(
                      p,
                      "no AD url configured",
                      "set systems.ad.url to ldaps://<domain controller>:636"))
          .toList();
    }
    Optional<SearchResultEntry> user;
    Optional<SearchResultEntry> group;
    try {
      user = sample("user");
      group = sample("group");
    } catch (TargetException e) {
      String how =
          e instanceof TargetException.PermissionDenied
              ? "check systems.ad.bindDn and its password"
              : "check systems.ad.url and that the DC answers LDAPS";
      return needed.stream().map(p -> PermissionCheck.blocked(p, e.getMessage(), how)).toList();
    }
    Optional<SearchResultEntry> ou =
        Optional.ofNullable(directory.config().disabledOu())
            .filter(s -> !s.isBlank())
            .flatMap(dn -> directory.read(dn, "objectClass", "allowedChildClassesEffective"));
    return needed.stream().map(p -> row(p, user, group, ou)).toList();
  }

  private PermissionCheck row(
      String permission,
      Optional<SearchResultEntry> user,
      Optional<SearchResultEntry> group,
      Optional<SearchResultEntry> ou) {
    String how =
        "delegate it to "
            + directory.config().bindDn()
            + " on the OUs that hold people and groups"
            + " (docs/connectors.md, Active Directory)";
    return switch (permission) {
      case AdTarget.READ ->
          PermissionCheck.granted(permission, "searched " + directory.config().baseDn());
      case "write member of groups" -> writable(permission, group, "member", "a group", how);
      case "move users to the Disabled OU" ->
          ou.map(
                  e ->
                      has(e, "allowedChildClassesEffective", "user")
                          ? PermissionCheck.granted(permission, "may create users in " + e.getDN())
                          : PermissionCheck.missing(
                              permission,
                              "may not create users in " + e.getDN(),
                              "delegate 'Create User objects' on the Disabled OU and 'Delete User objects' where people are"))
              .orElse(
                  PermissionCheck.unknown(permission, "the Disabled OU could not be read", how));
      case "reset password" ->
          PermissionCheck.unknown(
              permission,
              "a control access right; LDAP does not list it",
              "delegate 'Reset password' on user objects");
      default ->
          permission.startsWith("write ")
              ? writable(permission, user, permission.substring("write ".length()), "a user", how)
              : PermissionCheck.unknown(permission, "not checked", how);
    };
  }

  private static PermissionCheck writable(
      String permission,
      Optional<SearchResultEntry> sample,
      String attribute,
      String what,
      String how) {
    if (sample.isEmpty()) {
      return PermissionCheck.unknown(
          permission, "no " + what.substring(2) + " under the base DN to ask about", how);
    }
    SearchResultEntry e = sample.get();
    if (!e.hasAttribute("allowedAttributesEffective")) {
      return PermissionCheck.unknown(
          permission, "the server does not say which attributes may be written", how);
    }
    return has(e, "allowedAttributesEffective", attribute)
        ? PermissionCheck.granted(permission, attribute + " writable on " + what)
        : PermissionCheck.missing(permission, attribute + " not writable on " + what, how);
  }

  private static boolean has(SearchResultEntry e, String attribute, String value) {
    String[] values = e.getAttributeValues(attribute);
    return values != null && Arrays.stream(values).anyMatch(v -> v.equalsIgnoreCase(value));
  }

  private Optional<SearchResultEntry> sample(String objectClass) {
    return directory
        .find(
            Filter.createEqualityFilter("objectClass", objectClass),
            "objectClass",
            "allowedAttributesEffective")
        .stream()
        .findFirst();
  }
}
