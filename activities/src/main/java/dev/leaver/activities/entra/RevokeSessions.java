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

/**
 * Invalidates refresh tokens and session cookies: {@code POST /users/{id}/revokeSignInSessions}.
 * Irreversible; access tokens already issued stay valid until they expire (about an hour).
 */
final class RevokeSessions implements TargetAction {
  private static final String KEY = "signInSessionsValidFromDateTime";
  private final GraphServiceClient graph;

  RevokeSessions(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override public String name() { return "RevokeSessions"; }
  @Override public Stage stage() { return Stage.KILL_SWITCH; }
  @Override public boolean reversible() { return false; }
  @Override public String description() { return "revoke refresh tokens and sign-in sessions"; }

  @Override
  public Map<String, String> snapshot(Target t) {
    User u = GraphErrors.call("User.Read.All", () -> graph.users().byUserId(t.accountId())
        .get(rc -> rc.queryParameters.select = new String[] {"id", KEY}));
    return Map.of(KEY, String.valueOf(u.getSignInSessionsValidFromDateTime()));
  }

  @Override
  public Change apply(Target t, Map<String, String> before) {
    GraphErrors.run("User.RevokeSessions.All",
        () -> graph.users().byUserId(t.accountId()).revokeSignInSessions().post());
    return new Change(snapshot(t), true, null, List.of(),
        List.of("access tokens already issued stay valid until they expire (about 1 hour)"));
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    String now = snapshot(t).get(KEY);
    String before = receipt.before().get(KEY);
    boolean moved = "null".equals(before) || before == null
        ? !"null".equals(now)
        : java.time.OffsetDateTime.parse(now).isAfter(java.time.OffsetDateTime.parse(before));
    return moved ? Check.removed("sessions valid only from " + now)
        : Check.stillGranted("sessions still valid from " + now);
  }

  @Override
  public Preview preview(Target t, Map<String, String> before) {
    return new Preview(true, "revoke all sign-in sessions (irreversible)");
  }
}
