package dev.leaver.activities.azure;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Blocks the leaver's user in each API Management service listed as reachable ({@code PATCH
 * .../service/{s}/users/{u}} with {@code If-Match: *} and {@code {"properties":{"state":
 * "blocked"}}}): a blocked user can no longer sign in to the developer portal and their
 * subscriptions' keys stop working. APIM users are found by e-mail (the leaver's UPN). The undo
 * sets {@code active} again for each user this step blocked.
 */
final class BlockApimUser implements TargetAction {
  static final String PERMISSION = "Microsoft.ApiManagement/service/users/write";
  static final ActionSpec SPEC =
      ActionSpec.of(
          "BlockApimUser",
          Stage.KILL_SWITCH,
          true,
          PERMISSION,
          "Blocks the leaver's API Management user in each listed APIM service");
  static final String API = "2022-08-01";
  static final String KEYS = "users";
  static final String STATE = "state.";

  private final Arm arm;
  private final AzureConfig config;

  BlockApimUser(Arm arm, AzureConfig config) {
    this.arm = arm;
    this.config = config;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** {@code users}: {@code service/user}; {@code state.<service/user>}: active, blocked .... */
  @Override
  public Map<String, String> snapshot(Target t) {
    Map<String, String> states = users(t);
    Map<String, String> out = new TreeMap<>();
    out.put(KEYS, Items.join(states.keySet()));
    states.forEach((u, s) -> out.put(STATE + u, s));
    return out;
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    List<String> active = active(before);
    if (active.isEmpty()) {
      return new Decision.NoOp(
          Items.of(before.get(KEYS)).isEmpty()
              ? "the leaver has no user in the listed API Management services"
              : "the leaver's API Management users are already blocked");
    }
    return new Decision.Write("block API Management user(s) " + String.join(", ", active));
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    for (String user : active(before)) {
      if (progress.isDone(user)) {
        continue;
      }
      progress.writing(user);
      setState(user, "blocked");
      progress.done(user);
    }
    return Change.of(snapshot(t), true);
  }

  /** Re-activates the users this step blocked that are still blocked. */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    List<String> blocked = Progress.itemsOf(receipt.after());
    if (blocked == null) {
      blocked = active(receipt.before());
    }
    Map<String, String> now = users(t);
    for (String user : blocked) {
      if (progress.isDone(user)
          || !"blocked".equals(now.get(user))
          || !"active".equals(receipt.before().get(STATE + user))) {
        continue;
      }
      progress.writing(user);
      setState(user, "active");
      progress.done(user);
    }
    return snapshot(t);
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    Map<String, String> now = users(t);
    List<String> open = new ArrayList<>();
    now.forEach(
        (u, s) -> {
          if (!"blocked".equals(s)) {
            open.add(u + " (" + s + ")");
          }
        });
    return open.isEmpty()
        ? Check.removed("the leaver's API Management users are blocked")
        : Check.stillGranted("not blocked: " + String.join(", ", open));
  }

  private void setState(String user, String state) {
    String service = service(user.substring(0, user.indexOf('/')));
    String name = user.substring(user.indexOf('/') + 1);
    com.fasterxml.jackson.databind.node.ObjectNode body = Jsons.object();
    body.putObject("properties").put("state", state);
    arm.send(
        HttpMethod.PATCH,
        service + "/users/" + name,
        API,
        null,
        body,
        Map.of("If-Match", "*"),
        PERMISSION,
        200,
        204);
  }

  /** The leaver's users ({@code service/user}) in the listed services, with their state. */
  private Map<String, String> users(Target t) {
    Map<String, String> out = new TreeMap<>();
    String filter = "email eq '" + t.leaver().upn().replace("'", "''") + "'";
    for (String service : config.rotate("Microsoft.ApiManagement/service")) {
      for (JsonNode u :
          arm.list(
              service + "/users",
              API,
              "$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"),
              "Microsoft.ApiManagement/service/users/read")) {
        out.put(
            last(service) + "/" + u.path("name").asText(),
            u.path("properties").path("state").asText());
      }
    }
    return out;
  }

  private String service(String name) {
    return config.rotate("Microsoft.ApiManagement/service").stream()
        .filter(id -> last(id).equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> active(Map<String, String> before) {
    List<String> out = new ArrayList<>();
    for (String u : Items.of(before.get(KEYS))) {
      if ("active".equals(before.get(STATE + u))) {
        out.add(u);
      }
    }
    return out;
  }

  static String last(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }
}
