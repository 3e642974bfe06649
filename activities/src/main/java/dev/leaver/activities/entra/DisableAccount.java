package dev.leaver.activities.entra;

import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.leaver.activities.graph.GraphErrors;
import dev.leaver.activities.graph.RequestId;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.List;
import java.util.Map;

/**
 * Turns sign-in off: {@code PATCH /users/{id} {"accountEnabled": false}}. An account synced from
 * on-prem AD is changed there, so this step waits for {@code ad.DisableAccount} when the plan has
 * it and then records "disabled in AD at …" (nothing to write here: Entra Connect carries the
 * disable up at its next sync, and a write here would be refused and overwritten). Without a
 * finished AD disable it parks for an operator.
 */
final class DisableAccount implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
              "DisableAccount",
              Stage.KILL_SWITCH,
              true,
              "User.EnableDisableAccount.All",
              "turn sign-in off (accountEnabled=false)")
          .after("ad.DisableAccount");
  private final GraphServiceClient graph;

  DisableAccount(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target t) {
    User u =
        GraphErrors.call(
            "User.Read.All",
            () ->
                graph
                    .users()
                    .byUserId(t.accountId())
                    .get(
                        rc ->
                            rc.queryParameters.select =
                                new String[] {"id", "accountEnabled", "onPremisesSyncEnabled"}));
    return Map.of(
        "accountEnabled",
        String.valueOf(Boolean.TRUE.equals(u.getAccountEnabled())),
        "onPremisesSyncEnabled",
        String.valueOf(Boolean.TRUE.equals(u.getOnPremisesSyncEnabled())));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    if ("true".equals(before.get("onPremisesSyncEnabled"))) {
      // Graph refuses to change a synced account, and a change would be overwritten by the sync.
      String inAd = disabledInAd(t);
      if (inAd != null) {
        return new Decision.NoOp(
            "synced from on-prem AD: disabled in AD at "
                + inAd
                + " (ad.DisableAccount); Entra shows it after the next directory sync");
      }
      return new Decision.CannotHere(
          "synced from on-prem AD: to be disabled in AD",
          List.of(
              "account is synced from on-prem Active Directory and no AD disable has finished in"
                  + " this run: disable it in AD (or configure systems.ad)"));
    }
    if ("false".equals(before.get("accountEnabled"))) {
      return new Decision.NoOp("already disabled before this offboarding");
    }
    return new Decision.Write("set accountEnabled=false");
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    // A repeat of a PATCH that already landed answers 204 again: nothing to check first.
    String requestId = patch(t.accountId(), false);
    return new Change(Map.of("accountEnabled", "false"), true, requestId, List.of(), List.of());
  }

  /** Restores the before-image: re-enables only an account that was enabled before the step. */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    String was = receipt.before().getOrDefault("accountEnabled", "true");
    // A synced account was never patched here (and Graph would refuse with 400): nothing to
    // restore.
    boolean synced = "true".equals(receipt.before().get("onPremisesSyncEnabled"));
    if ("true".equals(was) && !synced && "false".equals(snapshot(t).get("accountEnabled"))) {
      progress.beat();
      patch(t.accountId(), true);
    }
    return Map.of("accountEnabled", was);
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    Map<String, String> now = snapshot(t);
    if ("false".equals(now.get("accountEnabled"))) {
      return Check.removed("accountEnabled=false");
    }
    return "true".equals(now.get("onPremisesSyncEnabled")) && disabledInAd(t) != null
        ? Check.stillGranted(
            "disabled in AD at "
                + disabledInAd(t)
                + " but Entra still shows"
                + " accountEnabled=true: the directory sync has not run yet (every 30 min); retry after it")
        : Check.stillGranted("accountEnabled=" + now.get("accountEnabled"));
  }

  /** When the AD disable this step waits for finished with the account disabled, or null. */
  private static String disabledInAd(Target t) {
    String ad = t.facts().get("ad.DisableAccount");
    if (ad == null || !(ad.startsWith("DONE at ") || ad.startsWith("NO_CHANGE at "))) {
      return null;
    }
    return ad.substring(ad.indexOf(" at ") + 4);
  }

  /** PATCHes accountEnabled and returns Graph's request-id. */
  private String patch(String id, boolean enabled) {
    User patch = new User();
    patch.setAccountEnabled(enabled);
    RequestId requestId = new RequestId();
    GraphErrors.run(
        SPEC.permission(),
        () -> graph.users().byUserId(id).patch(patch, rc -> requestId.addTo(rc.options)));
    return requestId.value();
  }
}
