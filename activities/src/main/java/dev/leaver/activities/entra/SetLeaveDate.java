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
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records when the leaver left: {@code PATCH /users/{id} {"employeeLeaveDateTime": <effectiveAt>}},
 * the run's effective time to the second, which Entra's lifecycle workflows and access reviews
 * read. The undo puts back the earlier value (none → {@code null}) while Leaver's is still there; a
 * later edit by someone else stands.
 *
 * <p>Graph lets an app read this property with User-LifeCycleInfo.Read.All and write it with
 * User-LifeCycleInfo.ReadWrite.All (plus User.Read.All); no broader permission stands in for them.
 */
final class SetLeaveDate implements TargetAction {
  static final ActionSpec SPEC =
      ActionSpec.of(
          "SetLeaveDate",
          Stage.CLEANUP,
          true,
          "User-LifeCycleInfo.ReadWrite.All",
          "record the leave date (employeeLeaveDateTime) that lifecycle workflows and reviews read");
  private static final String KEY = "employeeLeaveDateTime";
  private final GraphServiceClient graph;

  SetLeaveDate(GraphServiceClient graph) {
    this.graph = graph;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** {@code employeeLeaveDateTime}: an ISO instant, or empty when none is set. */
  @Override
  public Map<String, String> snapshot(Target t) {
    return Map.of(KEY, current(t));
  }

  @Override
  public Decision decide(Target t, Map<String, String> before) {
    String wanted = wanted(t);
    if (wanted == null) {
      return new Decision.CannotHere(
          "no effective date to record",
          List.of(
              "the run has no effective date (facts.effectiveAt): employeeLeaveDateTime not set"));
    }
    String was = before.getOrDefault(KEY, "");
    if (wanted.equals(was)) {
      return new Decision.NoOp("employeeLeaveDateTime is already " + wanted);
    }
    return new Decision.Write(
        "set employeeLeaveDateTime " + (was.isEmpty() ? "(not set)" : was) + " → " + wanted);
  }

  /** Writes the date unless an earlier attempt of this step already did. */
  @Override
  public Change apply(
      Target t, Map<String, String> before, Decision.Write write, Progress progress) {
    String wanted = wanted(t);
    if (wanted.equals(current(t))) {
      return new Change(
          Map.of(KEY, wanted),
          true,
          null,
          List.of(),
          List.of("set by an earlier attempt of this step whose answer was lost"));
    }
    progress.beat();
    return new Change(
        Map.of(KEY, wanted), true, patch(t.accountId(), wanted), List.of(), List.of());
  }

  /** Puts back the earlier value while Leaver's is still there; someone's later edit stands. */
  @Override
  public Map<String, String> undo(Target t, Receipt receipt, Progress progress) {
    String was = receipt.before().getOrDefault(KEY, "");
    String ours = receipt.after().containsKey(KEY) ? receipt.after().get(KEY) : wanted(t);
    String now = current(t);
    if (!now.equals(was) && now.equals(ours)) {
      progress.beat();
      patch(t.accountId(), was);
      return Map.of(KEY, was);
    }
    return Map.of(KEY, now);
  }

  @Override
  public Check verify(Target t, Receipt receipt) {
    String wanted = receipt.after().containsKey(KEY) ? receipt.after().get(KEY) : wanted(t);
    String now = current(t);
    return now.equals(wanted)
        ? Check.removed("employeeLeaveDateTime is " + now)
        : Check.stillGranted(
            "employeeLeaveDateTime is " + (now.isEmpty() ? "not set" : now) + ", not " + wanted);
  }

  /** The run's effective time to the second, as Graph stores it; null when the run has none. */
  private static String wanted(Target t) {
    String at = t.facts().get("effectiveAt");
    try {
      return at == null ? null : Instant.parse(at).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private String current(Target t) {
    User u =
        GraphErrors.call(
            SPEC.permission(),
            () ->
                graph
                    .users()
                    .byUserId(t.accountId())
                    .get(rc -> rc.queryParameters.select = new String[] {"id", KEY}));
    OffsetDateTime at = u.getEmployeeLeaveDateTime();
    return at == null ? "" : at.toInstant().toString();
  }

  /** PATCHes the date ({@code ""} → JSON null) and returns Graph's request-id. */
  private String patch(String userId, String value) {
    User patch = new User();
    if (value.isEmpty()) {
      // The SDK leaves null properties out of the body; an explicit null goes as additional data.
      Map<String, Object> explicitNull = new HashMap<>();
      explicitNull.put(KEY, null);
      patch.setAdditionalData(explicitNull);
    } else {
      patch.setEmployeeLeaveDateTime(
          OffsetDateTime.ofInstant(Instant.parse(value), ZoneOffset.UTC));
    }
    RequestId requestId = new RequestId();
    GraphErrors.run(
        SPEC.permission(),
        () -> graph.users().byUserId(userId).patch(patch, rc -> requestId.addTo(rc.options)));
    return requestId.value();
  }
}
