package dev.leaver.sandbox.graph;

import java.util.Map;

/**
 * The application permission each emulated write needs, as Graph documents it, so that a test can
 * take one away and see the 403 Graph would give.
 */
final class Permissions {
  static final String FILES = "Files.ReadWrite.All";

  private static final Map<String, String> FOR_ROUTE =
      Map.of(
          "PATCH users/{}", "User.EnableDisableAccount.All",
          "POST users/{}/revokeSignInSessions", "User.RevokeSessions.All",
          "POST users/{}/assignLicense", "LicenseAssignment.ReadWrite.All",
          "DELETE groups/{}/members/{}/$ref", "GroupMember.ReadWrite.All",
          "POST groups/{}/members/$ref", "GroupMember.ReadWrite.All",
          "PATCH users/{}/mailboxSettings", "MailboxSettings.ReadWrite",
          "POST users/{}/sendMail", "Mail.Send",
          "DELETE users/{}", DeletedItems.PERMISSION);

  /** The reads the emulator also guards: mail is not readable with User.Read.All. */
  private static final Map<String, String> READS =
      Map.of(
          "GET users/{}/mailboxSettings", "MailboxSettings.Read",
          "GET users/{}/mailFolders/{}/messages", "Mail.ReadBasic.All");

  private Permissions() {}

  /**
   * The permission a {@code PATCH /users/{id}} needs depends on what it changes: the leave date
   * needs User-LifeCycleInfo.ReadWrite.All (Graph accepts no broader permission for it), anything
   * else here the account's enabled state.
   */
  static String forUserPatch(com.fasterxml.jackson.databind.JsonNode body) {
    return body.has("employeeLeaveDateTime") && !body.has("accountEnabled")
        ? "User-LifeCycleInfo.ReadWrite.All"
        : "User.EnableDisableAccount.All";
  }

  /**
   * The permission a request needs to write, or null for reads. OneDrive writes come in several
   * path forms ({@code /drives/{d}/items/{i}/invite}, {@code /users/{u}/drive/root/invite}), so any
   * drive write needs Files.ReadWrite.All.
   */
  /** The permission a guarded read needs, or null for reads any Leaver app may make. */
  static String forRead(String route) {
    return READS.get(route);
  }

  static String forWrite(String method, String route, boolean drivePath) {
    if (method.equals("GET")) {
      return null;
    }
    return drivePath ? FILES : FOR_ROUTE.get(route);
  }
}
