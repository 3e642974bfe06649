package dev.leaver.sandbox.graph;

import java.util.Map;

/** The application permission each emulated write needs, as Graph documents it. */
final class Permissions {
  static final Map<String, String> FOR_ROUTE = Map.of(
      "PATCH users/{}", "User.EnableDisableAccount.All",
      "POST users/{}/revokeSignInSessions", "User.RevokeSessions.All",
      "POST users/{}/assignLicense", "LicenseAssignment.ReadWrite.All",
      "DELETE groups/{}/members/{}/$ref", "GroupMember.ReadWrite.All",
      "POST groups/{}/members/$ref", "GroupMember.ReadWrite.All",
      "POST drives/{}/items/{}/invite", "Files.ReadWrite.All",
      "DELETE drives/{}/items/{}/permissions/{}", "Files.ReadWrite.All");

  private Permissions() {}
}
