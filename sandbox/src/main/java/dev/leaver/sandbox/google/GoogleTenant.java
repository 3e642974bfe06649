package dev.leaver.sandbox.google;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulated Google Workspace customer: service accounts with their domain-wide delegation, users
 * with their OAuth tokens, app passwords, backup codes and Drive files, groups with their members'
 * roles, and Data Transfer applications and transfers. Seeded from the tenant file's {@code
 * google:} section. Every method is synchronized on the tenant: the sandbox serves on several
 * threads and tests read while the connector writes.
 */
final class GoogleTenant {

  /** A service account and the scopes the admin console delegated to its client id. */
  record ServiceAccount(String clientEmail, String clientId, Set<String> delegatedScopes) {}

  /** A third-party app's OAuth grant. */
  record OAuthToken(String clientId, String displayText, List<String> scopes, boolean nativeApp) {}

  /** An app-specific password. */
  record Asp(int codeId, String name, long creationTime, long lastTimeUsed) {}

  /** A group and its members: user id → role (OWNER, MANAGER, MEMBER), in insertion order. */
  static final class Group {
    final String id;
    final String email;
    final String name;
    final Map<String, String> members = new LinkedHashMap<>();

    Group(String id, String email, String name) {
      this.id = id;
      this.email = email;
      this.name = name;
    }
  }

  /** A user and what the connector changes on it. */
  static final class User {
    final String id;
    final String primaryEmail;
    final String fullName;
    final boolean admin;
    final List<Map<String, String>> externalIds = new ArrayList<>();
    boolean suspended;
    String suspensionReason;
    int activeSessions;
    Instant signedOutAt;
    final Map<String, OAuthToken> tokens = new LinkedHashMap<>();
    final Map<Integer, Asp> asps = new LinkedHashMap<>();
    final List<String> backupCodes = new ArrayList<>();
    int driveFiles;
    int calendarEvents;

    User(String id, String primaryEmail, String fullName, boolean admin) {
      this.id = id;
      this.primaryEmail = primaryEmail;
      this.fullName = fullName;
      this.admin = admin;
    }
  }

  /** A Data Transfer application (Drive, Calendar) and its parameters. */
  record Application(String id, String name, Map<String, List<String>> transferParams) {}

  /** A data transfer; {@code status} is {@code inProgress} until it completes. */
  static final class Transfer {
    final String id;
    final String oldOwnerUserId;
    final String newOwnerUserId;
    final List<Map<String, Object>> applicationDataTransfers;
    final Instant requestTime;
    String status = "inProgress";

    Transfer(
        String id,
        String oldOwnerUserId,
        String newOwnerUserId,
        List<Map<String, Object>> applicationDataTransfers,
        Instant requestTime) {
      this.id = id;
      this.oldOwnerUserId = oldOwnerUserId;
      this.newOwnerUserId = newOwnerUserId;
      this.applicationDataTransfers = applicationDataTransfers;
      this.requestTime = requestTime;
    }
  }

  static final String DRIVE_APP = "55656082996";
  static final String CALENDAR_APP = "435070579839";

  final String customerId;
  final Map<String, ServiceAccount> serviceAccounts = new LinkedHashMap<>();
  final Map<String, User> users = new LinkedHashMap<>();
  final Map<String, Group> groups = new LinkedHashMap<>();
  final Map<String, Application> applications = new LinkedHashMap<>();
  final Map<String, Transfer> transfers = new LinkedHashMap<>();

  /** While true, transfers stay in progress (a large Drive takes hours at Google). */
  volatile boolean holdTransfers;

  private final AtomicLong transferIds = new AtomicLong(1000);
  private final Clock clock;

  GoogleTenant(JsonNode section, Clock clock) {
    this.clock = clock;
    customerId = section.path("customerId").asText("C0contoso");
    for (JsonNode n : section.path("serviceAccounts")) {
      Set<String> scopes = new LinkedHashSet<>();
      n.path("delegatedScopes").forEach(s -> scopes.add(s.asText()));
      ServiceAccount sa =
          new ServiceAccount(n.path("clientEmail").asText(), n.path("clientId").asText(), scopes);
      serviceAccounts.put(sa.clientEmail(), sa);
    }
    for (JsonNode n : section.path("users")) {
      User u =
          new User(
              n.path("id").asText(),
              n.path("primaryEmail").asText(),
              n.path("name").asText(),
              n.path("isAdmin").asBoolean(false));
      u.suspended = n.path("suspended").asBoolean(false);
      u.activeSessions = n.path("activeSessions").asInt(0);
      for (JsonNode e : n.path("externalIds")) {
        u.externalIds.add(
            Map.of(
                "value", e.path("value").asText(), "type", e.path("type").asText("organization")));
      }
      for (JsonNode t : n.path("tokens")) {
        List<String> scopes = new ArrayList<>();
        t.path("scopes").forEach(s -> scopes.add(s.asText()));
        OAuthToken token =
            new OAuthToken(
                t.path("clientId").asText(),
                t.path("displayText").asText(),
                List.copyOf(scopes),
                t.path("nativeApp").asBoolean(false));
        u.tokens.put(token.clientId(), token);
      }
      for (JsonNode a : n.path("asps")) {
        Asp asp =
            new Asp(
                a.path("codeId").asInt(),
                a.path("name").asText(),
                a.path("creationTime").asLong(0),
                a.path("lastTimeUsed").asLong(0));
        u.asps.put(asp.codeId(), asp);
      }
      for (int i = 0; i < n.path("backupCodes").asInt(0); i++) {
        u.backupCodes.add(String.format(Locale.ROOT, "%08d", 10_000_000 + i * 7_919));
      }
      u.driveFiles = n.path("driveFiles").asInt(0);
      u.calendarEvents = n.path("calendarEvents").asInt(0);
      users.put(u.id, u);
    }
    for (JsonNode n : section.path("groups")) {
      Group g = new Group(n.path("id").asText(), n.path("email").asText(), n.path("name").asText());
      for (JsonNode m : n.path("members")) {
        user(m.path("email").asText())
            .ifPresent(u -> g.members.put(u.id, m.path("role").asText("MEMBER")));
      }
      groups.put(g.id, g);
    }
    for (JsonNode n : section.path("applications")) {
      Map<String, List<String>> params = new LinkedHashMap<>();
      for (JsonNode p : n.path("transferParams")) {
        List<String> values = new ArrayList<>();
        p.path("value").forEach(v -> values.add(v.asText()));
        params.put(p.path("key").asText(), List.copyOf(values));
      }
      Application app = new Application(n.path("id").asText(), n.path("name").asText(), params);
      applications.put(app.id(), app);
    }
  }

  /** A user by id, primary e-mail (case-insensitive). */
  synchronized Optional<User> user(String key) {
    if (key == null) {
      return Optional.empty();
    }
    User byId = users.get(key);
    if (byId != null) {
      return Optional.of(byId);
    }
    return users.values().stream().filter(u -> u.primaryEmail.equalsIgnoreCase(key)).findFirst();
  }

  /** A group by id or e-mail. */
  synchronized Optional<Group> group(String key) {
    Group byId = groups.get(key);
    if (byId != null) {
      return Optional.of(byId);
    }
    return groups.values().stream().filter(g -> g.email.equalsIgnoreCase(key)).findFirst();
  }

  synchronized Transfer newTransfer(
      String oldOwner, String newOwner, List<Map<String, Object>> apps) {
    String id = "AKrEtIa" + transferIds.incrementAndGet();
    Transfer t = new Transfer(id, oldOwner, newOwner, apps, clock.instant());
    transfers.put(id, t);
    return t;
  }

  /** Completes a transfer in progress: Drive files (and Calendar events) move to the new owner. */
  synchronized void complete(Transfer t) {
    if (!"inProgress".equals(t.status) || holdTransfers) {
      return;
    }
    User from = users.get(t.oldOwnerUserId);
    User to = users.get(t.newOwnerUserId);
    for (Map<String, Object> app : t.applicationDataTransfers) {
      String appId = String.valueOf(app.get("applicationId"));
      if (DRIVE_APP.equals(appId)) {
        to.driveFiles += from.driveFiles;
        from.driveFiles = 0;
      } else if (CALENDAR_APP.equals(appId)) {
        to.calendarEvents += from.calendarEvents;
        from.calendarEvents = 0;
      }
      app.put("applicationTransferStatus", "completed");
    }
    t.status = "completed";
  }

  Instant now() {
    return clock.instant();
  }
}
