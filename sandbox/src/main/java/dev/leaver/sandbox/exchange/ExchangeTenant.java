package dev.leaver.sandbox.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The emulated Exchange organisation's mailboxes. Guarded by the emulator's lock. */
final class ExchangeTenant {
  /** The trustee every mailbox lists for its owner, as {@code Get-MailboxPermission} shows it. */
  static final String SELF = "NT AUTHORITY\\SELF";

  final String tenantId;
  final String domain;
  final List<Mailbox> mailboxes = new ArrayList<>();

  static final class Mailbox {
    String externalDirectoryObjectId;
    String exchangeObjectId;
    String guid;
    String exchangeGuid;
    String alias;
    String displayName;
    String userPrincipalName;
    String primarySmtpAddress;

    /**
     * {@code UserMailbox}, {@code SharedMailbox}, {@code RoomMailbox}, {@code EquipmentMailbox}.
     */
    String recipientTypeDetails = "UserMailbox";

    /** A recipient's name, or null: when set it overrides {@link #forwardingSmtpAddress}. */
    String forwardingAddress;

    /** {@code smtp:someone@example.com}, or null. */
    String forwardingSmtpAddress;

    boolean deliverToMailboxAndForward;
    final List<Ace> permissions = new ArrayList<>();

    /** Whether {@code value} names this mailbox as {@code -Identity} accepts it. */
    boolean isNamedBy(String value) {
      return value != null
          && List.of(
                  externalDirectoryObjectId,
                  exchangeObjectId,
                  guid,
                  exchangeGuid,
                  alias,
                  userPrincipalName,
                  primarySmtpAddress)
              .stream()
              .anyMatch(value::equalsIgnoreCase);
    }
  }

  /**
   * One entry of a mailbox's permissions.
   *
   * @param user the trustee as EXO shows it: a user's UPN, or {@code NT AUTHORITY\SELF}
   * @param accessRights e.g. {@code FullAccess}, {@code ReadPermission}
   * @param inherited true for an entry inherited from the organisation (not removable here)
   * @param deny a deny entry
   */
  record Ace(String user, List<String> accessRights, boolean inherited, boolean deny) {
    Ace {
      accessRights = List.copyOf(accessRights);
    }

    boolean grantsFullAccessTo(String trustee) {
      return !deny && user.equalsIgnoreCase(trustee) && accessRights.contains("FullAccess");
    }
  }

  ExchangeTenant(JsonNode seed) {
    tenantId = seed.path("tenantId").asText("sandbox");
    domain = seed.path("domain").asText("");
    for (JsonNode m : seed.path("mailboxes")) {
      Mailbox box = new Mailbox();
      box.userPrincipalName = m.path("userPrincipalName").asText();
      box.primarySmtpAddress = m.path("primarySmtpAddress").asText(box.userPrincipalName);
      box.alias = m.path("alias").asText(box.userPrincipalName.split("@")[0]);
      box.displayName = m.path("displayName").asText(box.alias);
      box.externalDirectoryObjectId =
          m.path("externalDirectoryObjectId").asText(UUID.randomUUID().toString());
      box.exchangeObjectId = m.path("exchangeObjectId").asText(derived(box, "exo"));
      box.guid = m.path("guid").asText(derived(box, "guid"));
      box.exchangeGuid = m.path("exchangeGuid").asText(derived(box, "exchange"));
      box.recipientTypeDetails = m.path("recipientTypeDetails").asText("UserMailbox");
      box.forwardingSmtpAddress = m.path("forwardingSmtpAddress").asText(null);
      box.forwardingAddress = m.path("forwardingAddress").asText(null);
      box.deliverToMailboxAndForward = m.path("deliverToMailboxAndForward").asBoolean(false);
      box.permissions.add(new Ace(SELF, List.of("FullAccess", "ReadPermission"), false, false));
      for (JsonNode p : m.path("fullAccess")) {
        box.permissions.add(new Ace(p.asText(), List.of("FullAccess"), false, false));
      }
      mailboxes.add(box);
    }
  }

  /** A stable GUID per mailbox and purpose, so a seeded tenant reads the same every time. */
  private static String derived(Mailbox box, String purpose) {
    return UUID.nameUUIDFromBytes(
            (purpose + ":" + box.externalDirectoryObjectId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  /** The mailboxes {@code -Identity} names; more than one is EXO's "matches multiple entries". */
  List<Mailbox> named(String identity) {
    return mailboxes.stream().filter(m -> m.isNamedBy(identity)).toList();
  }

  /** Whether the path's tenant segment is this organisation: its id or its domain. */
  boolean isTenant(String segment) {
    return segment.equalsIgnoreCase(tenantId)
        || (!domain.isEmpty() && segment.equalsIgnoreCase(domain));
  }
}
