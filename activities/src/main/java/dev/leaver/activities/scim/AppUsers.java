package dev.leaver.activities.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The before-image both actions share: the leaver's user in each of their apps, keyed by app. */
final class AppUsers {
  /** Attributes never kept in a before-image (RFC 7643 marks password write-only anyway). */
  private static final List<String> SECRET = List.of("password");

  private AppUsers() {}

  /**
   * Reads the leaver's user in each app: {@code <app>.id}, {@code .userName}, {@code .active}, and
   * with {@code fullResource} the whole resource minus secrets under {@code .resource}; {@code
   * .missing} when the user is gone, {@code .ambiguous} when two users matched.
   */
  static Map<String, String> snapshot(
      List<ScimClient> apps, Accounts accounts, boolean fullResource) {
    Map<String, String> before = new LinkedHashMap<>();
    for (ScimClient c : apps) {
      String app = c.app();
      List<String> candidates = accounts.ambiguous(app);
      if (!candidates.isEmpty()) {
        before.put(app + ".ambiguous", String.join(",", candidates));
        continue;
      }
      String id = accounts.id(app);
      if (id == null) {
        continue;
      }
      before.put(app + ".id", id);
      Optional<ScimClient.User> user = c.user(id);
      if (user.isEmpty()) {
        before.put(app + ".missing", "Users/" + id + " answered 404");
        continue;
      }
      before.put(app + ".userName", user.get().userName());
      before.put(app + ".active", Boolean.toString(user.get().active()));
      if (fullResource) {
        before.put(app + ".resource", withoutSecrets(user.get().resource()));
      }
    }
    return before;
  }

  /** The apps, in config order, whose {@code <app>.<key>} in the before-image is {@code value}. */
  static List<String> appsWhere(
      List<ScimClient> apps, Map<String, String> before, String key, String value) {
    List<String> out = new ArrayList<>();
    for (ScimClient c : apps) {
      if (value.equals(before.get(c.app() + "." + key))) {
        out.add(c.app());
      }
    }
    return out;
  }

  /** The apps this step cannot touch because two users matched: what an operator must decide. */
  static List<String> ambiguous(List<ScimClient> apps, Map<String, String> before) {
    List<String> out = new ArrayList<>();
    for (ScimClient c : apps) {
      String ids = before.get(c.app() + ".ambiguous");
      if (ids != null) {
        out.add(
            c.app()
                + ": more than one SCIM user matches the leaver ("
                + ids
                + "); none was touched, an operator decides which is theirs");
      }
    }
    return out;
  }

  /** ", already inactive in x; gone from y" for the plan of a step with nothing to write. */
  static String already(List<ScimClient> apps, Map<String, String> before) {
    List<String> inactive = appsWhere(apps, before, "active", "false");
    List<String> gone = new ArrayList<>();
    for (ScimClient c : apps) {
      if (before.containsKey(c.app() + ".missing")) {
        gone.add(c.app());
      }
    }
    return (inactive.isEmpty() ? "" : "; already inactive in " + String.join(", ", inactive))
        + (gone.isEmpty() ? "" : "; already gone from " + String.join(", ", gone));
  }

  static ScimClient client(List<ScimClient> apps, String app) {
    return apps.stream()
        .filter(c -> c.app().equals(app))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no SCIM app " + app));
  }

  private static String withoutSecrets(JsonNode resource) {
    ObjectNode copy = resource.deepCopy();
    SECRET.forEach(copy::remove);
    return copy.toString();
  }
}
