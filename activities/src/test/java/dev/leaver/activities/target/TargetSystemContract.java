package dev.leaver.activities.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.PlannedChange;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Resolution;
import dev.leaver.workflows.contract.Stage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every connector passes, against its sandbox emulator through the vendor's SDK over
 * HTTP. A connector's test extends this with a few lines: how to build the system on a sandbox, who
 * the leaver is, and the method and path of each action's write.
 *
 * <p>Each test gets a fresh sandbox tenant. Writes are counted from the sandbox's request log, so
 * "writes nothing" means no write request reached the emulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TargetSystemContract {
  private static final Set<String> WRITES = Set.of("POST", "PATCH", "PUT", "DELETE");

  protected Sandbox sandbox;
  protected TargetSystem system;
  private Target target;

  /** The system under test, pointed at this sandbox. */
  protected abstract TargetSystem connect(Sandbox sandbox);

  /** A leaver who has access to everything each action removes, in the sandbox's demo tenant. */
  protected abstract Leaver leaver();

  /**
   * The action's write, for refusing it: an HTTP method and sandbox path prefix (e.g. {@code PATCH
   * /graph/v1.0/users/}), or for another protocol its operation and target as {@link #refuse}
   * understands them (e.g. {@code MODIFY} and an LDAP DN).
   */
  protected abstract Write write(String action);

  /**
   * What the run knows beyond the person, as the workflow hands it to each step ({@link
   * Target#facts}: {@code effectiveAt}, {@code hrEventId} ...); none by default.
   */
  protected Map<String, String> facts() {
    return Map.of();
  }

  /** How a server refuses a write in the contract's fault tests. */
  public enum Refusal {
    /** Too many requests: HTTP 429 with {@code Retry-After: 7}. */
    THROTTLED,
    /** The service is down for now: HTTP 503. */
    UNAVAILABLE,
    /** The credentials may not do this: HTTP 403. */
    FORBIDDEN
  }

  /**
   * Makes the next write matching {@code method} and {@code target} be refused without being
   * applied. HTTP connectors inherit this (the sandbox's fault injection, with {@link #errorBody});
   * a connector on another protocol overrides it along with {@link #writes()}.
   */
  protected void refuse(String method, String target, Refusal refusal) {
    HttpResponse answer =
        switch (refusal) {
          case THROTTLED -> HttpResponse.json(429, errorBody(429)).withHeader("Retry-After", "7");
          case UNAVAILABLE -> HttpResponse.json(503, errorBody(503));
          case FORBIDDEN -> HttpResponse.json(403, errorBody(403));
        };
    sandbox.server().faults().inject(method, target, 1, answer);
  }

  /** The delay a {@link Refusal#THROTTLED} answer asks for; empty when the protocol has none. */
  protected Optional<Duration> throttleDelay() {
    return Optional.of(Duration.ofSeconds(7));
  }

  /**
   * A multi-item action and the path prefix of the write for its third item, which the kit makes
   * fail with 403; empty when the connector has no multi-item action.
   */
  protected Optional<ThirdItem> multiItem(Map<String, String> before) {
    return Optional.empty();
  }

  /** The body of an injected error with this status, in the vendor's error shape. */
  protected Map<String, Object> errorBody(int status) {
    String code =
        status == 403
            ? "Authorization_RequestDenied"
            : status == 429 ? "TooManyRequests" : "serviceNotAvailable";
    return Map.of("error", Map.of("code", code, "message", "sandbox fault " + status));
  }

  /** A write: its HTTP method (or protocol operation) and its path prefix (or target). */
  public record Write(String method, String pathPrefix) {}

  /** The multi-item action and its third item's write, as {@link Write}. */
  public record ThirdItem(String action, String method, String pathPrefix) {}

  @BeforeEach
  void freshTenant() throws Exception {
    sandbox = Sandbox.startDemo(0);
    system = connect(sandbox);
    Resolution r = system.resolve(leaver());
    assertThat(r.found()).as("the contract's leaver resolves: " + r.detail()).isTrue();
    target = new Target(leaver(), r.accountId(), "contract-req", facts());
  }

  @AfterEach
  void closeTenant() throws Exception {
    system.close();
    sandbox.close();
  }

  protected Stream<String> actions() {
    return connectForListing().actions().stream().map(TargetAction::name);
  }

  protected Stream<String> reversibleActions() {
    return connectForListing().actions().stream()
        .filter(a -> a.spec().reversible())
        .map(TargetAction::name);
  }

  protected Stream<String> irreversibleActions() {
    return connectForListing().actions().stream()
        .filter(a -> !a.spec().reversible())
        .map(TargetAction::name);
  }

  private TargetSystem listing;

  /**
   * A system instance only to list actions for parameterised tests (before a sandbox exists); made
   * once per class, so listing never disturbs the tenant a test is working on.
   */
  private synchronized TargetSystem connectForListing() {
    if (listing == null) {
      listing = listActions();
    }
    return listing;
  }

  private TargetSystem listActions() {
    try (Sandbox s = Sandbox.startDemo(0)) {
      TargetSystem listing = connect(s);
      try {
        return new ListedActions(listing.actions());
      } finally {
        listing.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code leaver check} and the worker's start-up check must ask about every permission an action
   * names when it fails for lack of one; in the sandbox every one of them is granted.
   */
  @Test
  void thePermissionCheckCoversEveryPermissionTheActionsNameAndTheSandboxGrantsThem() {
    List<PermissionCheck> rows = system.check();

    assertThat(rows)
        .extracting(PermissionCheck::permission)
        .containsAll(system.actions().stream().map(a -> a.spec().permission()).toList());
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat(r.status())
                    .as(r.permission() + ": " + r.detail())
                    .isEqualTo(
                        uncheckable().contains(r.permission())
                            ? PermissionCheck.Status.UNKNOWN
                            : PermissionCheck.Status.GRANTED));
    assertThat(rows)
        .filteredOn(r -> r.status() == PermissionCheck.Status.UNKNOWN)
        .allSatisfy(
            r -> assertThat(r.howToGrant()).as("what to grant for " + r.permission()).isNotBlank());
  }

  /**
   * Permissions the system cannot be asked about (e.g. AD's control access rights): shown as
   * unknown.
   */
  protected Set<String> uncheckable() {
    return Set.of();
  }

  @ParameterizedTest
  @MethodSource("reversibleActions")
  void applyTwiceWritesOnceAndTheSecondSaysNoChange(String name) {
    Receipt first = attempt(name).apply(snapshot(name));
    assertThat(first.changed()).as(name + " changes the demo leaver").isTrue();
    int writes = writes();

    Receipt second = attempt(name).apply(snapshot(name));

    assertThat(second.changed()).as(name + " a second time").isFalse();
    assertThat(writes()).as("write requests after the second apply").isEqualTo(writes);
  }

  @ParameterizedTest
  @MethodSource("reversibleActions")
  void undoTwiceWritesOnceAndRestoresTheBeforeImage(String name) {
    Map<String, String> before = snapshot(name);
    Receipt applied = attempt(name).apply(before);
    attempt(name).undo(applied);
    int writes = writes();

    attempt(name).undo(applied);

    assertThat(writes()).as("write requests of the second undo").isEqualTo(writes);
    assertThat(snapshot(name)).as("state after undo").isEqualTo(before);
  }

  @ParameterizedTest
  @MethodSource("actions")
  void verifyAfterApplySaysTheAccessIsRemoved(String name) {
    assumeThat(action(name).spec().stage())
        .as("a handover grants access; it is verified after its revocation")
        .isNotEqualTo(Stage.HANDOVER);
    Receipt applied = attempt(name).apply(snapshot(name));

    assertThat(attempt(name).verify(applied).accessRemoved()).as(name + " verified").isTrue();
  }

  @ParameterizedTest
  @MethodSource("actions")
  void previewWritesNothingAndAgreesWithApply(String name) {
    int writes = writes();
    PlannedChange preview = attempt(name).preview(system.id() + "." + name);
    assertThat(writes()).as("write requests of a preview").isEqualTo(writes);

    Receipt applied = attempt(name).apply(snapshot(name));

    assertThat(preview.wouldChange()).as("preview of " + name).isEqualTo(applied.changed());
  }

  @ParameterizedTest
  @MethodSource("irreversibleActions")
  void undoOfAnIrreversibleActionIsRefused(String name) {
    Receipt applied = attempt(name).apply(snapshot(name));

    assertThatThrownBy(() -> attempt(name).undo(applied)).isInstanceOf(IrreversibleException.class);
  }

  @ParameterizedTest
  @MethodSource("actions")
  void throttledWriteIsRetryableAfterTheServersRetryAfter(String name) {
    Map<String, String> before = snapshot(name);
    refuseNextWrite(name, Refusal.THROTTLED);

    assertThatThrownBy(() -> attempt(name).apply(before))
        .isInstanceOfSatisfying(
            TargetException.Retryable.class,
            e -> assertThat(Optional.ofNullable(e.retryAfter())).isEqualTo(throttleDelay()));
    // The retry, once the server lets it through, completes the step.
    assertThat(attempt(name).apply(before).changed()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("actions")
  void serverErrorOnTheWriteIsRetryable(String name) {
    Map<String, String> before = snapshot(name);
    refuseNextWrite(name, Refusal.UNAVAILABLE);

    assertThatThrownBy(() -> attempt(name).apply(before))
        .isInstanceOf(TargetException.Retryable.class);
  }

  @ParameterizedTest
  @MethodSource("actions")
  void forbiddenWriteParksAsPermissionDenied(String name) {
    Map<String, String> before = snapshot(name);
    refuseNextWrite(name, Refusal.FORBIDDEN);

    assertThatThrownBy(() -> attempt(name).apply(before))
        .isInstanceOf(TargetException.PermissionDenied.class);
  }

  /**
   * Attempt 1's write lands and its answer is lost; attempt 2 decides from the same before-image,
   * says the step changed the system, and its undo restores the state from before the step. The
   * workflow's own receipt for an apply that never answered restores it too.
   */
  @ParameterizedTest
  @MethodSource("reversibleActions")
  void aWriteThatLandsInAFailedAttemptKeepsTheBeforeImageAndTheUndoRestoresIt(String name) {
    Map<String, String> before = snapshot(name);
    Progress progress = Progress.inMemory();
    attempt(name, progress).apply(before); // its answer is lost

    Receipt retried = attempt(name, progress).apply(before);

    assertThat(retried.changed()).as("the retry still says this step changed " + name).isTrue();
    assertThat(retried.before()).isEqualTo(before);
    attempt(name).undo(retried);
    assertThat(snapshot(name)).as("restored after the undo").isEqualTo(before);

    attempt(name).apply(before); // lands again, and this time nothing answers at all
    attempt(name).undo(attempt(name).unanswered(before, null));
    assertThat(snapshot(name)).as("restored from the before-image alone").isEqualTo(before);
  }

  /**
   * An irreversible action has no undo to restore with, but its lost answer must not turn into
   * "nothing to do": the retry, deciding from the same before-image, still records the step as
   * having changed the system, with the true before-image, and its undo is still refused.
   */
  @ParameterizedTest
  @MethodSource("irreversibleActions")
  void anIrreversibleWriteThatLandsInAFailedAttemptIsStillRecordedAsThisStepsChange(String name) {
    Map<String, String> before = snapshot(name);
    Progress progress = Progress.inMemory();
    attempt(name, progress).apply(before); // its answer is lost

    Receipt retried = attempt(name, progress).apply(before);

    assertThat(retried.changed()).as("the retry still says this step changed " + name).isTrue();
    assertThat(retried.before()).isEqualTo(before);
    assertThat(retried.reversible()).isFalse();
    assertThatThrownBy(() -> attempt(name).undo(retried)).isInstanceOf(IrreversibleException.class);
  }

  @Test
  void aMultiItemActionFailingHalfWayResumesAndItsUndoRestoresExactlyWhatItRemoved() {
    String name =
        actions().filter(n -> multiItem(snapshot(n)).isPresent()).findFirst().orElse(null);
    assumeThat(name).as("the connector has a multi-item action").isNotNull();
    Map<String, String> before = snapshot(name);
    ThirdItem third = multiItem(before).orElseThrow();
    refuse(third.method(), third.pathPrefix(), Refusal.FORBIDDEN);
    Progress progress = Progress.inMemory();

    assertThatThrownBy(() -> attempt(name, progress).apply(before))
        .isInstanceOf(TargetException.PermissionDenied.class);
    List<String> doneBeforeTheFailure = progress.items();
    assertThat(doneBeforeTheFailure).as("items changed before the third failed").hasSize(2);

    // Rescinded at this point: the undo puts back exactly the two, from the progress reported.
    attempt(name).undo(attempt(name).unanswered(before, doneBeforeTheFailure));
    assertThat(snapshot(name)).as("restored after a half-done apply").isEqualTo(before);

    // Retried instead: it resumes after the two and finishes.
    Progress resumed = Progress.inMemory();
    attempt(name, resumed).apply(before);
    assertThat(resumed.items()).containsAll(doneBeforeTheFailure).hasSizeGreaterThan(2);
  }

  /**
   * The worker dies right after the third item's write lands, before it can tell anyone (its answer
   * is lost for good: no attempt follows, the run is rescinded). The undo works from what the last
   * heartbeat said, and that said the third item's write had started: it is put back too.
   */
  @Test
  void aMultiItemStepThatDiesJustAfterAnItemsWriteLandedIsUndoneWithThatItem() {
    String name =
        actions().filter(n -> multiItem(snapshot(n)).isPresent()).findFirst().orElse(null);
    assumeThat(name).as("the connector has a multi-item action").isNotNull();
    assumeThat(action(name).spec().reversible()).as(name + " can be undone").isTrue();
    Map<String, String> before = snapshot(name);
    AtomicReference<List<String>> lastHeartbeat = new AtomicReference<>();
    Progress dying =
        new Progress(
            List.of(),
            items -> {
              if (items.stream().filter(i -> !i.startsWith(Progress.IN_FLIGHT)).count() >= 3) {
                throw new WorkerDied(); // the third write landed; nobody hears of it
              }
              lastHeartbeat.set(List.copyOf(items));
            });

    assertThatThrownBy(() -> attempt(name, dying).apply(before)).isInstanceOf(WorkerDied.class);
    attempt(name).undo(attempt(name).unanswered(before, lastHeartbeat.get()));

    assertThat(snapshot(name))
        .as("all three items restored, the unreported one too")
        .isEqualTo(before);
  }

  private static final class WorkerDied extends RuntimeException {}

  // ---- helpers -------------------------------------------------------------------------------

  protected TargetAction action(String name) {
    return system.actions().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }

  protected Map<String, String> snapshot(String name) {
    return action(name).snapshot(target);
  }

  protected Attempt attempt(String name) {
    return attempt(name, Progress.inMemory());
  }

  protected Attempt attempt(String name, Progress progress) {
    return new Attempt(system.id(), action(name), target, Clock.systemUTC(), 1, progress);
  }

  private void refuseNextWrite(String name, Refusal refusal) {
    Write w = write(name);
    refuse(w.method(), w.pathPrefix(), refusal);
  }

  /** Writes the server has served so far; HTTP ones from the sandbox's request log. */
  protected int writes() {
    return (int) sandbox.server().requests().stream().filter(this::isWrite).count();
  }

  /** Whether a request the sandbox served was a write; by HTTP method unless a connector says. */
  protected boolean isWrite(SandboxServer.Logged request) {
    return WRITES.contains(request.method());
  }

  /** A list of actions detached from any sandbox, for naming parameterised tests. */
  private record ListedActions(List<TargetAction> actions) implements TargetSystem {
    @Override
    public String id() {
      return "listing";
    }

    @Override
    public Resolution resolve(Leaver leaver) {
      throw new IllegalStateException("listing only");
    }
  }
}
