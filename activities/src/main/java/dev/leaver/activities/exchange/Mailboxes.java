package dev.leaver.activities.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.target.TargetException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The mailbox cmdlets the actions run, typed: Get-Mailbox, Get-MailboxPermission,
 * Add-/Remove-MailboxPermission and Set-Mailbox. Every method is one cmdlet; none retries.
 */
final class Mailboxes {
  /** The Exchange permission every cmdlet needs: an app role of Office 365 Exchange Online. */
  static final String PERMISSION = "Exchange.ManageAsApp";

  private static final String SELF = "NT AUTHORITY\\SELF";

  private final AdminApi api;

  Mailboxes(AdminApi api) {
    this.api = api;
  }

  /**
   * A mailbox as Get-Mailbox shows it.
   *
   * @param id the Entra object id (ExternalDirectoryObjectId), the connector's account id
   * @param type RecipientTypeDetails: UserMailbox, SharedMailbox, RoomMailbox ...
   * @param forwardingSmtpAddress e.g. {@code smtp:someone@example.com}; empty when none
   * @param forwardingAddress a recipient that overrides the SMTP forwarding; empty when none
   */
  record Mailbox(
      String id,
      String type,
      String forwardingSmtpAddress,
      String forwardingAddress,
      boolean deliverToMailboxAndForward) {}

  /** Whether someone holds FullAccess on a mailbox, and how. */
  enum FullAccess {
    NONE,
    EXPLICIT,
    INHERITED;

    String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Get-Mailbox with an OPATH {@code -Filter "<property> -eq '<value>'"}. */
  List<Mailbox> find(String property, String value) {
    String filter = property + " -eq '" + value.replace("'", "''") + "'";
    return api.run("Get-Mailbox", Map.of("Filter", filter), PERMISSION).value().stream()
        .map(Mailboxes::mailbox)
        .toList();
  }

  /** Get-Mailbox {@code -Identity}. UNCONFIRMED that EXO takes the Entra object id there. */
  Mailbox get(String identity) {
    return api.runUnlessNotFound("Get-Mailbox", Map.of("Identity", identity), PERMISSION)
        .flatMap(o -> o.value().stream().findFirst())
        .map(Mailboxes::mailbox)
        .orElseThrow(
            () ->
                new TargetException.Rejected(
                    "the leaver's Exchange mailbox " + identity + " no longer exists", null));
  }

  /**
   * What FullAccess {@code trustee} holds on the mailbox; a deny entry cancels an allow. The rows
   * are the ones {@code -User} selects; as a guard, the owner's own {@code NT AUTHORITY\SELF} row
   * and rows naming another address are skipped (a trustee shown by name is taken as selected).
   */
  FullAccess fullAccess(String identity, String trustee) {
    List<JsonNode> rows =
        api.run("Get-MailboxPermission", Map.of("Identity", identity, "User", trustee), PERMISSION)
            .value();
    FullAccess found = FullAccess.NONE;
    for (JsonNode row : rows) {
      String user = row.path("User").asText("");
      boolean someoneElse =
          user.equalsIgnoreCase(SELF) || (user.contains("@") && !user.equalsIgnoreCase(trustee));
      if (someoneElse || !rights(row).contains("FullAccess")) {
        continue;
      }
      if (row.path("Deny").asBoolean(false)) {
        return FullAccess.NONE;
      }
      if (!row.path("IsInherited").asBoolean(false)) {
        found = FullAccess.EXPLICIT;
      } else if (found == FullAccess.NONE) {
        found = FullAccess.INHERITED;
      }
    }
    return found;
  }

  /** Add-MailboxPermission FullAccess, not mapped into the trustee's Outlook. */
  String addFullAccess(String identity, String trustee) {
    return api.run(
            "Add-MailboxPermission",
            Map.of(
                "Identity",
                identity,
                "User",
                trustee,
                "AccessRights",
                "FullAccess",
                "AutoMapping",
                false),
            PERMISSION)
        .requestId();
  }

  /** Remove-MailboxPermission FullAccess; an entry already gone is a warning, not an error. */
  void removeFullAccess(String identity, String trustee) {
    api.run(
        "Remove-MailboxPermission",
        Map.of(
            "Identity",
            identity,
            "User",
            trustee,
            "AccessRights",
            "FullAccess",
            "InheritanceType",
            "All",
            "Confirm",
            false),
        PERMISSION);
  }

  /** Set-Mailbox with these parameters (besides {@code -Identity}); returns the request id. */
  String set(String identity, Map<String, Object> parameters) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("Identity", identity);
    p.putAll(parameters);
    return api.run("Set-Mailbox", p, PERMISSION).requestId();
  }

  private static Mailbox mailbox(JsonNode m) {
    String id = m.path("ExternalDirectoryObjectId").asText("");
    return new Mailbox(
        id.isEmpty() ? m.path("Guid").asText() : id,
        m.path("RecipientTypeDetails").asText(""),
        text(m, "ForwardingSmtpAddress"),
        text(m, "ForwardingAddress"),
        m.path("DeliverToMailboxAndForward").asBoolean(false));
  }

  /**
   * AccessRights as an array of names, or one comma-separated string. UNCONFIRMED which EXO sends.
   */
  private static List<String> rights(JsonNode row) {
    JsonNode r = row.path("AccessRights");
    if (r.isArray()) {
      return StreamSupport.stream(r.spliterator(), false)
          .flatMap(v -> Arrays.stream(v.asText().split(",")))
          .map(String::trim)
          .toList();
    }
    return Arrays.stream(r.asText("").split(",")).map(String::trim).toList();
  }

  private static String text(JsonNode m, String field) {
    JsonNode n = m.path(field);
    return n.isNull() || n.isMissingNode() ? "" : n.asText();
  }
}
