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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Invalidates refresh tokens and session cookies: {@code POST /users/{id}/revokeSignInSessions}.
 * Irreversible; access tokens already issued stay valid until they expire (about an hour).
 */
final class RevokeSessions implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "RevokeSessions",
          Stage.KILL_SWITCH,
          false,
          "User.RevokeSessions.All",
          "revoke refresh tokens and sign-in sessions");
  private static final String KEY = "signInSessionsValidFromDateTime";
  private final GraphServiceClient graph;

  RevokeSessions(GraphServiceClient graph) {
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
                    .get(rc -> rc.queryParameters.select = new String[] {"id", KEY}));
    return Map.of(KEY, String.valueOf(u.getSignInSessionsValidFromDateTime()));
  }

  /** Always revokes: a repeat is harmless and a session started since the last one is cut too. */
  @Override
  public Decision decide(Target t, Map<String, String> before) {
    return new Decision.Write("revoke all sign-in sessions (irreversible)");
  }

  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    RequestId requestId = new RequestId();
    GraphErrors.run(
        SPEC.permission(),
        () ->
            graph
                .users()
                .byUserId(t.accountId())
                .revokeSignInSessions()
                .post(rc -> requestId.addTo(rc.options)));
    return new Change(
        snapshot(t),
        true,
        requestId.value(),
        List.of(),
        List.of("access tokens already issued stay valid until they expire (about 1 hour)"));
  }

  /**
   * Sessions count as revoked when they are valid only from the step's start on. Graph keeps the
   * timestamp to the second, so the start is compared to the second too.
   */
  @Override
  public Check verify(Target t, Receipt receipt) {
    String now = snapshot(t).get(KEY);
    Instant validFrom = parse(now);
    Instant since =
        receipt.startedAt() != null
            ? receipt.startedAt().truncatedTo(ChronoUnit.SECONDS)
            : parse(receipt.before().get(KEY));
    boolean revoked = validFrom != null && (since == null || !validFrom.isBefore(since));
    return revoked
        ? Check.removed("sessions valid only from " + now)
        : Check.stillGranted(
            "sessions still valid from " + now + ", before the revocation at " + since);
  }

  private static Instant parse(String value) {
    return value == null || value.equals("null") ? null : OffsetDateTime.parse(value).toInstant();
  }
}
