package dev.leaver.sandbox.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.exchange.ExchangeTenant.Ace;
import dev.leaver.sandbox.exchange.ExchangeTenant.Mailbox;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cmdlets the emulator runs, each on the organisation's state with the parameters as JSON: the
 * answers, warnings and errors Exchange Online gives for them (see {@link ExoJson} for what is
 * confirmed of the wire shapes).
 */
final class Cmdlets {
  /** The cmdlets that change something, lower case. */
  static final Set<String> WRITES =
      Set.of("add-mailboxpermission", "remove-mailboxpermission", "set-mailbox");

  private static final Map<String, Set<String>> PARAMETERS =
      Map.of(
          "get-mailbox",
          Set.of("Identity", "Filter", "ResultSize"),
          "get-mailboxpermission",
          Set.of("Identity", "User", "ResultSize"),
          "add-mailboxpermission",
          Set.of("Identity", "User", "AccessRights", "AutoMapping", "InheritanceType", "Confirm"),
          "remove-mailboxpermission",
          Set.of("Identity", "User", "AccessRights", "InheritanceType", "Deny", "Confirm"),
          "set-mailbox",
          Set.of(
              "Identity",
              "Type",
              "ForwardingSmtpAddress",
              "ForwardingAddress",
              "DeliverToMailboxAndForward",
              "Confirm"));

  private static final Set<String> MAILBOX_RIGHTS =
      Set.of(
          "FullAccess",
          "ReadPermission",
          "ChangeOwner",
          "ChangePermission",
          "DeleteItem",
          "ExternalAccount");

  /** The OPATH filters the emulator understands; EXO understands many more. */
  private static final Pattern FILTER =
      Pattern.compile(
          "^\\s*(UserPrincipalName|PrimarySmtpAddress)\\s+-eq\\s+'((?:[^']|'')*)'\\s*$",
          Pattern.CASE_INSENSITIVE);

  private final ExchangeTenant tenant;

  Cmdlets(ExchangeTenant tenant) {
    this.tenant = tenant;
  }

  static boolean known(String cmdlet) {
    return PARAMETERS.containsKey(cmdlet);
  }

  /** Runs {@code cmdlet} (lower case, known) with {@code p}; the caller holds the lock. */
  HttpResponse run(String cmdlet, JsonNode p) {
    for (Iterator<String> names = p.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (PARAMETERS.get(cmdlet).stream().noneMatch(name::equalsIgnoreCase)) {
        return ExoJson.badParameter(cmdlet, name);
      }
    }
    return switch (cmdlet) {
      case "get-mailbox" -> getMailbox(p);
      case "get-mailboxpermission" -> withMailbox(p, m -> getPermission(m, p));
      case "add-mailboxpermission" -> withMailbox(p, m -> addPermission(m, p));
      case "remove-mailboxpermission" -> withMailbox(p, m -> removePermission(m, p));
      case "set-mailbox" -> withMailbox(p, m -> setMailbox(m, p));
      default -> throw new IllegalStateException("not a known cmdlet: " + cmdlet);
    };
  }

  private HttpResponse getMailbox(JsonNode p) {
    List<Mailbox> found;
    if (has(p, "Identity")) {
      found = tenant.named(text(p, "Identity"));
      if (found.isEmpty()) {
        return ExoJson.notFound(text(p, "Identity"));
      }
      if (found.size() > 1) {
        return ExoJson.ambiguous(text(p, "Identity"));
      }
    } else if (has(p, "Filter")) {
      Matcher f = FILTER.matcher(text(p, "Filter"));
      if (!f.matches()) {
        return ExoJson.badValue(
            "Filter",
            "The filter is not one the Leaver sandbox emulates: "
                + "UserPrincipalName -eq '...' or PrimarySmtpAddress -eq '...'.");
      }
      boolean byUpn = f.group(1).equalsIgnoreCase("UserPrincipalName");
      String value = f.group(2).replace("''", "'");
      found =
          tenant.mailboxes.stream()
              .filter(
                  m -> value.equalsIgnoreCase(byUpn ? m.userPrincipalName : m.primarySmtpAddress))
              .toList();
    } else {
      found = tenant.mailboxes;
    }
    Integer limit = resultSize(p);
    if (limit == null) {
      return ExoJson.badValue("ResultSize", "Valid values: a number or Unlimited.");
    }
    return ExoJson.output(
        tenant.tenantId, found.stream().limit(limit).map(ExoJson::mailbox).toList(), List.of());
  }

  private HttpResponse getPermission(Mailbox m, JsonNode p) {
    String user = has(p, "User") ? trustee(text(p, "User")) : null;
    if (has(p, "User") && user == null) {
      return unknownTrustee(text(p, "User"));
    }
    List<Object> rows = new ArrayList<>();
    for (Ace a : m.permissions) {
      if (user == null || a.user().equalsIgnoreCase(user)) {
        rows.add(ExoJson.ace(m, a));
      }
    }
    return ExoJson.output(tenant.tenantId, rows, List.of());
  }

  private HttpResponse addPermission(Mailbox m, JsonNode p) {
    List<String> rights = rights(p);
    if (rights == null) {
      return ExoJson.badValue("AccessRights", "Valid values: " + MAILBOX_RIGHTS + ".");
    }
    String user = trustee(text(p, "User"));
    if (user == null) {
      return unknownTrustee(text(p, "User"));
    }
    boolean present =
        m.permissions.stream()
            .anyMatch(
                a ->
                    !a.inherited()
                        && !a.deny()
                        && a.user().equalsIgnoreCase(user)
                        && a.accessRights().containsAll(rights));
    if (present) {
      // UNCONFIRMED: the warning's wording, and that it arrives in @adminapi.warnings.
      return ExoJson.output(
          tenant.tenantId,
          List.of(),
          List.of(
              "The appropriate access control entry is "
                  + "already present on the object \""
                  + m.alias
                  + "\" for account \""
                  + user
                  + "\"."));
    }
    Ace added = new Ace(user, rights, false, false);
    m.permissions.add(added);
    return ExoJson.output(tenant.tenantId, List.of(ExoJson.ace(m, added)), List.of());
  }

  private HttpResponse removePermission(Mailbox m, JsonNode p) {
    List<String> rights = rights(p);
    if (rights == null) {
      return ExoJson.badValue("AccessRights", "Valid values: " + MAILBOX_RIGHTS + ".");
    }
    String user = trustee(text(p, "User"));
    boolean deny = has(p, "Deny") && field(p, "Deny").asBoolean();
    for (int i = 0; i < m.permissions.size(); i++) {
      Ace a = m.permissions.get(i);
      if (!a.inherited()
          && a.deny() == deny
          && a.user().equalsIgnoreCase(user == null ? text(p, "User") : user)
          && a.accessRights().stream().anyMatch(rights::contains)) {
        List<String> left = new ArrayList<>(a.accessRights());
        left.removeAll(rights);
        if (left.isEmpty()) {
          m.permissions.remove(i);
        } else {
          m.permissions.set(i, new Ace(a.user(), left, false, a.deny()));
        }
        return ExoJson.output(tenant.tenantId, List.of(), List.of());
      }
    }
    // Confirmed wording (a warning, not an error); UNCONFIRMED that it arrives in
    // @adminapi.warnings.
    return ExoJson.output(
        tenant.tenantId,
        List.of(),
        List.of(
            "Can't remove the access control entry on the "
                + "object \""
                + m.alias
                + "\" for account \""
                + text(p, "User")
                + "\" because the ACE doesn't exist "
                + "on the object."));
  }

  private HttpResponse setMailbox(Mailbox m, JsonNode p) {
    String type = m.recipientTypeDetails;
    if (has(p, "Type")) {
      type =
          switch (text(p, "Type").toLowerCase(Locale.ROOT)) {
            case "regular" -> "UserMailbox";
            case "shared" -> "SharedMailbox";
            case "room" -> "RoomMailbox";
            case "equipment" -> "EquipmentMailbox";
            default -> null;
          };
      if (type == null) {
        return ExoJson.badValue("Type", "Valid values: Regular, Room, Equipment, Shared.");
      }
    }
    String forwarding = m.forwardingSmtpAddress;
    if (field(p, "ForwardingSmtpAddress") != null) {
      String v = has(p, "ForwardingSmtpAddress") ? text(p, "ForwardingSmtpAddress") : "";
      forwarding =
          v.isBlank()
              ? null
              : "smtp:" + (v.regionMatches(true, 0, "smtp:", 0, 5) ? v.substring(5) : v);
    }
    String forwardingAddress = m.forwardingAddress;
    if (field(p, "ForwardingAddress") != null) {
      forwardingAddress =
          !has(p, "ForwardingAddress") || text(p, "ForwardingAddress").isBlank()
              ? null
              : text(p, "ForwardingAddress");
    }
    boolean deliver =
        has(p, "DeliverToMailboxAndForward")
            ? field(p, "DeliverToMailboxAndForward").asBoolean()
            : m.deliverToMailboxAndForward;
    boolean changed =
        !type.equals(m.recipientTypeDetails)
            || !Objects.equals(forwarding, m.forwardingSmtpAddress)
            || !Objects.equals(forwardingAddress, m.forwardingAddress)
            || deliver != m.deliverToMailboxAndForward;
    m.recipientTypeDetails = type;
    m.forwardingSmtpAddress = forwarding;
    m.forwardingAddress = forwardingAddress;
    m.deliverToMailboxAndForward = deliver;
    List<String> warnings =
        changed
            ? List.of()
            : List.of(
                "The command completed successfully but no "
                    + "settings of '"
                    + m.alias
                    + "' have been modified.");
    return ExoJson.output(tenant.tenantId, List.of(), warnings);
  }

  /** UNCONFIRMED: EXO's exact id and status for a trustee it cannot find. */
  private static HttpResponse unknownTrustee(String user) {
    return ExoJson.error(
        404,
        "",
        "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
        "User or group \"" + user + "\" wasn't found. Please make sure you've typed it correctly.");
  }

  private HttpResponse withMailbox(JsonNode p, Function<Mailbox, HttpResponse> f) {
    if (!has(p, "Identity")) {
      return ExoJson.badValue(
          "Identity", "The Identity parameter is required by the Leaver sandbox.");
    }
    List<Mailbox> found = tenant.named(text(p, "Identity"));
    if (found.isEmpty()) {
      return ExoJson.notFound(text(p, "Identity"));
    }
    return found.size() > 1 ? ExoJson.ambiguous(text(p, "Identity")) : f.apply(found.get(0));
  }

  /**
   * The trustee's UPN as permissions list it, or null when no mailbox in the tenant is named so.
   */
  private String trustee(String user) {
    if (user == null) {
      return null;
    }
    if (user.equalsIgnoreCase(ExchangeTenant.SELF)) {
      return ExchangeTenant.SELF;
    }
    List<Mailbox> found = tenant.named(user);
    return found.size() == 1 ? found.get(0).userPrincipalName : null;
  }

  /** AccessRights as a string or an array; null when a value is not a mailbox right. */
  private static List<String> rights(JsonNode p) {
    JsonNode n = field(p, "AccessRights");
    List<String> out = new ArrayList<>();
    if (n == null) {
      return null;
    }
    if (n.isArray()) {
      n.forEach(v -> out.add(v.asText()));
    } else {
      for (String v : n.asText().split(",")) {
        out.add(v.trim());
      }
    }
    return !out.isEmpty() && MAILBOX_RIGHTS.containsAll(out) ? out : null;
  }

  /** The cmdlet's ResultSize (default 1000, as EXO's); null for a value that is not one. */
  private static Integer resultSize(JsonNode p) {
    String v = has(p, "ResultSize") ? text(p, "ResultSize") : "1000";
    if (v.equalsIgnoreCase("Unlimited")) {
      return Integer.MAX_VALUE;
    }
    return v.matches("[0-9]{1,9}") ? Integer.valueOf(v) : null;
  }

  private static boolean has(JsonNode p, String name) {
    JsonNode n = field(p, name);
    return n != null && !n.isNull();
  }

  private static String text(JsonNode p, String name) {
    JsonNode n = field(p, name);
    return n == null || n.isNull() ? null : n.asText();
  }

  /** PowerShell parameter names are case-insensitive. */
  private static JsonNode field(JsonNode p, String name) {
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
