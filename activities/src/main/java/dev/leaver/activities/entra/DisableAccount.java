package dev.leaver.activities.entra;

import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Preview;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.List;
import java.util.Map;

/** Turns sign-in off: {@code PATCH /users/{id} {"accountEnabled": false}}. */
final class DisableAccount implements TargetAction {
  private static final String PERMISSION = "User.EnableDisableAccount.All";
  private final GraphServiceClient graph;

  DisableAccount(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override public String name() { return "DisableAccount"; }
  @Override public Stage stage() { return Stage.KILL_SWITCH; }
  @Override public boolean reversible() { return true; }
  @Override public String description() { return "turn sign-in off (accountEnabled=false)"; }

  @Override
  public Map<String, String> snapshot(Target t) {
    User u = GraphErrors.call("User.Read.All", () -> graph.users().byUserId(t.accountId())
        .get(rc -> rc.queryParameters.select = new String[] {"id", "accountEnabled", "onPremisesSyncEnabled"}));
    return Map.of("accountEnabled", String.valueOf(Boolean.TRUE.equals(u.getAccountEnabled())),
        "onPremisesSyncEnabled", String.valueOf(Boolean.TRUE.equals(u.getOnPremisesSyncEnabled())));
  }

  @Override
  public Change apply(Target t, Map<String, String> before) {
    if ("true".equals(before.get("onPremisesSyncEnabled"))) {
      // Graph refuses to change a synced account, and a change would be overwritten by the sync.
      return new Change(Map.of("accountEnabled", before.get("accountEnabled")), false, null,
          List.of("account is synced from on-prem Active Directory: disable it there"), List.of());
    }
    if ("false".equals(before.get("accountEnabled"))) {
      return Change.of(Map.of("accountEnabled", "false"), false);
    }
    String requestId = patch(t.accountId(), false);
    return new Change(Map.of("accountEnabled", "false"), true, requestId, List.of(), List.of());
  }

  @Override
  public Map<String, String> undo(Target t, Receipt receipt) {
    String was = receipt.before().getOrDefault("accountEnabled", "true");
    // A synced account was never patched here (and Graph would refuse with 400): nothing to restore.
    boolean synced = "true".equals(receipt.before().get("onPremisesSyncEnabled"));
    if ("true".equals(was) && !synced) {
      patch(t.accountId(), true);
    }
    return Map.of("accountEnabled", was);
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    String enabled = snapshot(t).get("accountEnabled");
    return "false".equals(enabled) ? Check.removed("accountEnabled=false")
        : Check.stillGranted("accountEnabled=" + enabled);
  }

  @Override
  public Preview preview(Target t, Map<String, String> before) {
    if ("true".equals(before.get("onPremisesSyncEnabled"))) {
      return new Preview(false, "synced from on-prem AD: would be reported for disabling in AD");
    }
    boolean enabled = "true".equals(before.get("accountEnabled"));
    return new Preview(enabled, enabled ? "set accountEnabled=false" : "already disabled");
  }

  /** PATCHes accountEnabled and returns Graph's request-id. */
  private String patch(String id, boolean enabled) {
    User patch = new User();
    patch.setAccountEnabled(enabled);
    RequestId requestId = new RequestId();
    GraphErrors.run(PERMISSION, () -> graph.users().byUserId(id).patch(patch, rc -> requestId.addTo(rc.options)));
    return requestId.value();
  }
}
