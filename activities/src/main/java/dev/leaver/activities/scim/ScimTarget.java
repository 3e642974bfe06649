package dev.leaver.activities.scim;

import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetSystem;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any number of SCIM 2.0 apps (RFC 7644) as one system, {@code scim}. Each app chooses how the
 * leaver is deprovisioned there: {@code patch-inactive} apps are the items of {@code
 * DeactivateUsers}, {@code delete} apps the items of {@code DeleteUsers}, both at the kill switch;
 * at clean-up, {@code RemoveGroupMemberships} takes the (deactivated) user out of its groups in the
 * {@code patch-inactive} apps, each app's group an item. One step per mode, not per app: the SPI's
 * action names are fixed per system and the policy names them, so per-app steps would make the
 * policy file follow the app list; each app is instead an item with its own progress, before-image
 * keys ({@code <app>.…}) and evidence notes.
 *
 * <p>Resolution finds the leaver in every app (by {@code userName eq <upn>} and/or {@code
 * externalId eq <employeeId>}, in the app's order) and joins the results into one account id (see
 * {@link Accounts}).
 */
public final class ScimTarget implements TargetSystem {
  public static final String ID = "scim";

  private final ScimConfig config;
  private final List<ScimClient> clients = new ArrayList<>();
  private final List<TargetAction> actions;
  private final HttpClient http = ScimClient.httpClient();

  public ScimTarget(ScimConfig config) {
    this(config, System.getenv());
  }

  ScimTarget(ScimConfig config, Map<String, String> env) {
    this.config = config;
    for (ScimConfig.App app : config.apps()) {
      RequestBudget budget =
          app.requestsPerMinute() == null
              ? RequestBudget.none(app.name())
              : new RequestBudget(app.name(), app.requestsPerMinute(), System::nanoTime);
      clients.add(new ScimClient(app, app.token(env), http, budget));
    }
    List<TargetAction> list = new ArrayList<>();
    List<ScimClient> patch = ofMode(false);
    List<ScimClient> delete = ofMode(true);
    if (!patch.isEmpty()) {
      list.add(new DeactivateUsers(patch));
    }
    if (!delete.isEmpty()) {
      list.add(new DeleteUsers(delete));
    }
    if (!patch.isEmpty()) {
      list.add(new RemoveGroupMemberships(patch));
    }
    actions = List.copyOf(list);
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * Looks the leaver up in every app, trying the app's {@code matchOn} keys in order; the first key
   * with a match decides for that app. Found when at least one app has exactly one user; an app
   * where a key matched several users is carried as ambiguous (its steps park for an operator and
   * touch neither); ambiguous when no app has exactly one.
   */
  @Override
  public Resolution resolve(Leaver leaver) {
    Map<String, List<String>> found = new LinkedHashMap<>();
    List<String> matchedOn = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (ScimClient c : clients) {
      ScimConfig.App app = config.app(c.app());
      boolean hit = false;
      for (String key : app.matchOn()) {
        String value = key.equals(ScimConfig.App.USER_NAME) ? leaver.upn() : leaver.employeeId();
        List<String> ids = c.find(key, value);
        if (!ids.isEmpty()) {
          found.put(c.app(), ids);
          matchedOn.add(
              c.app() + " " + key + (ids.size() > 1 ? " (" + ids.size() + " users)" : ""));
          hit = true;
          break;
        }
      }
      if (!hit) {
        missing.add(c.app());
      }
    }
    String tried =
        config.apps().stream()
            .map(a -> a.name() + " " + String.join(", then ", a.matchOn()))
            .collect(java.util.stream.Collectors.joining("; "));
    if (found.isEmpty()) {
      return Resolution.notFound(
          ID,
          tried,
          "no user with the leaver's userName or externalId in " + String.join(", ", missing));
    }
    Accounts accounts = new Accounts(found);
    String on = String.join("; ", matchedOn);
    String none = missing.isEmpty() ? "" : "; no account in " + String.join(", ", missing);
    boolean anyUnique = found.keySet().stream().anyMatch(a -> accounts.id(a) != null);
    if (!anyUnique) {
      List<String> candidates = new ArrayList<>();
      found.forEach((app, ids) -> ids.forEach(id -> candidates.add(app + "=" + id)));
      return Resolution.ambiguous(
          ID,
          on,
          candidates,
          "more than one SCIM user matches the leaver in "
              + String.join(", ", found.keySet())
              + none);
    }
    List<String> ambiguous = found.keySet().stream().filter(a -> accounts.id(a) == null).toList();
    return Resolution.found(
        ID,
        accounts.format(),
        on,
        "matched in "
            + found.keySet().stream().filter(a -> accounts.id(a) != null).toList()
            + (ambiguous.isEmpty() ? "" : "; ambiguous (steps park) in " + ambiguous)
            + none);
  }

  @Override
  public List<TargetAction> actions() {
    return actions;
  }

  /** A read-only {@code GET /Users?count=1} per app, rows per permission the actions name. */
  @Override
  public List<PermissionCheck> check() {
    return new ScimPreflight(clients, config).check();
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads end with the last
    // reference.
  }

  private List<ScimClient> ofMode(boolean delete) {
    return clients.stream().filter(c -> config.app(c.app()).deletes() == delete).toList();
  }
}
