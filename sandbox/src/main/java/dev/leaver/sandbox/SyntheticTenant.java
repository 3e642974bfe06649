package dev.leaver.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tenant built in code with many synthetic people, for load tests and benchmarks: {@code
 * Sandbox.start(0, SyntheticTenant.of("B1", 200).json())}.
 *
 * <p>Every leaver has, in Graph, a directly assigned ENTERPRISEPACK licence, an EMS licence
 * inherited from a licensing group, membership of four groups (all staff, their team, their team's
 * Microsoft 365 group, the licensing group) and a OneDrive; in Slack, a member with two signed-in
 * sessions. Every group is one Graph can change, so no run needs an operator. One manager per
 * {@link #TEAM_SIZE} leavers, present in Graph and Slack and not leaving. Names and addresses are
 * synthetic ({@code @bench.example}).
 */
public final class SyntheticTenant {
  /** Leavers per team and per manager. */
  public static final int TEAM_SIZE = 10;

  static final String ENTERPRISEPACK = "6fd2c87f-b296-42f0-b197-1e91e994b900";
  static final String EMS = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
  static final String SLACK_ADMIN_TOKEN = "xoxp-sandbox-admin";

  /**
   * One synthetic leaver.
   *
   * @param employeeId the HR id, e.g. {@code B1-0001}
   * @param email the work address, also the Entra UPN and the Slack e-mail
   * @param managerEmail the manager's work address
   * @param slackUserId the Slack member id
   */
  public record Person(String employeeId, String email, String managerEmail, String slackUserId) {}

  /**
   * The target systems whose sections this tenant seeds (Graph and Slack); a run against it plans
   * only these, since the other emulators have no tenant to answer from.
   */
  public static final List<String> SYSTEMS = List.of("entra", "slack");

  private final List<Person> leavers;
  private final JsonNode json;

  private SyntheticTenant(List<Person> leavers, JsonNode json) {
    this.leavers = List.copyOf(leavers);
    this.json = json;
  }

  /**
   * @param prefix distinguishes the employee ids of one tenant from another's (letters, digits,
   *     dashes), e.g. a benchmark run's tag
   * @param count how many leavers
   */
  public static SyntheticTenant of(String prefix, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    if (!prefix.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("prefix must be letters, digits and dashes: " + prefix);
    }
    String p = prefix.toLowerCase(Locale.ROOT);
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("tenantId", "00000000-0000-4000-8000-0000000be7c4");

    ObjectNode graph = root.putObject("graph");
    ArrayNode skus = graph.putArray("skus");
    skus.addObject().put("skuId", ENTERPRISEPACK).put("skuPartNumber", "ENTERPRISEPACK");
    skus.addObject().put("skuId", EMS).put("skuPartNumber", "EMS");
    ArrayNode users = graph.putArray("users");
    ArrayNode groups = graph.putArray("groups");

    ObjectNode slack = root.putObject("slack");
    slack
        .putObject("team")
        .put("id", "T0BENCH")
        .put("name", "Bench")
        .put("domain", "bench")
        .put("enterpriseId", "E0BENCH");
    ObjectNode token =
        slack
            .putArray("tokens")
            .addObject()
            .put("value", SLACK_ADMIN_TOKEN)
            .put("userId", "U0BOT")
            .put("userName", "leaver-bot");
    ArrayNode scopes = token.putArray("scopes");
    List.of("admin", "admin.users:read", "admin.users:write", "users:read", "users:read.email")
        .forEach(scopes::add);
    ArrayNode slackUsers = slack.putArray("users");

    int teams = (count + TEAM_SIZE - 1) / TEAM_SIZE;
    ArrayNode allStaff = group(groups, "g-" + p + "-staff", "Bench Staff", false);
    ObjectNode licensing = groups.addObject();
    licensing
        .put("id", "g-" + p + "-lic-ems")
        .put("displayName", "Licensing - EMS")
        .put("securityEnabled", true);
    licensing.putArray("licenses").add(EMS);
    ArrayNode licensed = licensing.putArray("members");

    List<Person> leavers = new ArrayList<>();
    for (int t = 1; t <= teams; t++) {
      String team = String.format("%03d", t);
      String managerId = "u-" + p + "-m" + team;
      String managerEmail = "manager-" + p + "-" + team + "@bench.example";
      ObjectNode m = users.addObject();
      m.put("id", managerId)
          .put("userPrincipalName", managerEmail)
          .put("displayName", "Manager " + team)
          .put("employeeId", prefix + "-M" + team)
          .put("driveId", "b!" + managerId);
      slackUsers
          .addObject()
          .put("id", "U0" + p.toUpperCase(Locale.ROOT).replace("-", "") + "M" + team)
          .put("name", "manager-" + team)
          .put("realName", "Manager " + team)
          .put("email", managerEmail)
          .put("activeSessions", 1);
      allStaff.add(managerId);
      ArrayNode teamGroup = group(groups, "g-" + p + "-team-" + team, "Bench Team " + team, false);
      ArrayNode project = group(groups, "g-" + p + "-m365-" + team, "Bench Project " + team, true);
      teamGroup.add(managerId);
      for (int i = (t - 1) * TEAM_SIZE + 1; i <= Math.min(count, t * TEAM_SIZE); i++) {
        String n = String.format("%04d", i);
        String employeeId = prefix + "-" + n;
        String id = "u-" + p + "-" + n;
        String email = "leaver-" + p + "-" + n + "@bench.example";
        String slackId = "U0" + p.toUpperCase(Locale.ROOT).replace("-", "") + n;
        ObjectNode u = users.addObject();
        u.put("id", id)
            .put("userPrincipalName", email)
            .put("displayName", "Leaver " + n)
            .put("employeeId", employeeId)
            .put("driveId", "b!" + id);
        u.putArray("licenses").addObject().put("skuId", ENTERPRISEPACK).putArray("disabledPlans");
        allStaff.add(id);
        teamGroup.add(id);
        project.add(id);
        licensed.add(id);
        slackUsers
            .addObject()
            .put("id", slackId)
            .put("name", "leaver-" + n)
            .put("realName", "Leaver " + n)
            .put("email", email)
            .put("activeSessions", 2);
        leavers.add(new Person(employeeId, email, managerEmail, slackId));
      }
    }
    return new SyntheticTenant(leavers, root);
  }

  /** A group's member array; a Microsoft 365 group when {@code unified}, else a security group. */
  private static ArrayNode group(ArrayNode groups, String id, String name, boolean unified) {
    ObjectNode g = groups.addObject();
    g.put("id", id).put("displayName", name);
    if (unified) {
      g.putArray("groupTypes").add("Unified");
      g.put("mailEnabled", true).put("securityEnabled", false);
    } else {
      g.put("securityEnabled", true);
    }
    return g.putArray("members");
  }

  /** The leavers, in employee-id order. */
  public List<Person> leavers() {
    return leavers;
  }

  /** The tenant, as {@link Sandbox#start(int, JsonNode)} takes it. */
  public JsonNode json() {
    return json;
  }
}
