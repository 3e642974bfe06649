package dev.leaver.starter.hris.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.hris.WorkdayEmulator;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationSink;
import dev.leaver.workflows.poll.HrisPollActivities;
import dev.leaver.workflows.poll.PollCounts;
import dev.leaver.workflows.poll.PollResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WorkdayPoll} as an activity, against the Workday RaaS emulator over real HTTP. */
class WorkdayPollTest {
  private static final Instant POLL_TIME = Instant.parse("2026-11-29T12:00:00Z");

  private final HttpClient http = HttpClient.newHttpClient();
  private final Sink sink = new Sink();
  private Sandbox sandbox;
  private WorkdayEmulator workday;
  private TestActivityEnvironment env;
  private Instant since;

  /**
   * Answers Started for a new termination, Rescinded for a cancellation, Duplicate when re-seen.
   */
  static final class Sink implements TerminationSink {
    final List<TerminationEvent> accepted = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    final Set<String> unusable = new HashSet<>();
    int unavailableFor;

    @Override
    public synchronized Outcome accept(TerminationEvent event) throws Unavailable {
      if (unavailableFor > 0) {
        unavailableFor--;
        throw new Unavailable("temporal is down (test)", null);
      }
      if (unusable.contains(event.employeeId())) {
        throw new IllegalArgumentException("a termination needs a work e-mail");
      }
      accepted.add(event);
      String workflowId = "offboarding-" + event.employeeId();
      if (!seen.add(event.eventId())) {
        return new Outcome.Duplicate(workflowId);
      }
      return event.kind() == TerminationEvent.Kind.TERMINATION
          ? new Outcome.Started(workflowId)
          : new Outcome.Rescinded(workflowId);
    }
  }

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    workday = sandbox.workday();
    since = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    env.close();
    sandbox.close();
  }

  private HrisPollActivities activity(String password) {
    WorkdayReportClient client =
        new WorkdayReportClient(
            sandbox.baseUrl() + "/workday",
            workday.tenant(),
            workday.reportOwner(),
            workday.reportName(),
            workday.user(),
            password,
            http);
    env.registerActivitiesImplementations(
        new WorkdayPoll(
            client, sink, Clock.fixed(POLL_TIME, ZoneOffset.UTC), WorkdayPoll.DEFAULT_OVERLAP));
    return env.newActivityStub(
        HrisPollActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private HrisPollActivities activity() {
    return activity(workday.password());
  }

  @Test
  void eachEventGoesToTheSinkAndTheNextCursorIsThePollStartLessTheOverlap() {
    workday.terminate("E1001", LocalDate.parse("2026-12-31"), false);
    workday.terminate("E1003", LocalDate.parse("2027-01-15"), true);

    PollResult result = activity().poll("workday", since);

    assertThat(sink.accepted)
        .extracting(TerminationEvent::employeeId)
        .containsExactlyInAnyOrder("E1001", "E1003");
    assertThat(sink.accepted)
        .extracting(TerminationEvent::effectiveDate)
        .containsExactlyInAnyOrder(LocalDate.parse("2026-12-31"), LocalDate.parse("2027-01-15"));
    assertThat(result.counts()).isEqualTo(new PollCounts(2, 2, 0, 0, 0, 0, 0, 0));
    assertThat(result.nextSince()).isEqualTo(POLL_TIME.minus(Duration.ofMinutes(5)));
  }

  @Test
  void reSeenEventsCountAsDuplicatesAndARescissionAsRescinded() {
    workday.terminate("E1001", LocalDate.parse("2026-12-31"), false);
    workday.terminate("E1003", LocalDate.parse("2027-01-15"), false);
    HrisPollActivities poll = activity();
    poll.poll("workday", since);
    workday.rescind("E1003");

    PollResult again = poll.poll("workday", since);

    assertThat(again.counts()).isEqualTo(new PollCounts(2, 0, 0, 1, 0, 1, 0, 0));
  }

  @Test
  void workdayUnavailableIsARetryableFailure() {
    workday.terminate("E1001", LocalDate.parse("2026-12-31"), false);

    assertThatThrownBy(() -> activity("wrong-password").poll("workday", since))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(HrisPollActivities.UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("HTTP 401");
            });
    assertThat(sink.accepted).isEmpty();
  }

  @Test
  void temporalUnavailableInTheSinkIsARetryableFailureWithoutPii() {
    workday.terminate("E1001", LocalDate.parse("2026-12-31"), false);
    sink.unavailableFor = 1;

    assertThatThrownBy(() -> activity().poll("workday", since))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(HrisPollActivities.UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getOriginalMessage()).contains("E1001").doesNotContain("ada", "@");
            });
  }

  @Test
  void anUnusableEventIsCountedAsRejectedAndTheOthersGoOn() {
    workday.terminate("E1001", LocalDate.parse("2026-12-31"), false);
    workday.terminate("E1003", LocalDate.parse("2027-01-15"), false);
    sink.unusable.add("E1001");

    PollResult result = activity().poll("workday", since);

    assertThat(sink.accepted).extracting(TerminationEvent::employeeId).containsExactly("E1003");
    assertThat(result.counts()).isEqualTo(new PollCounts(2, 1, 0, 0, 0, 0, 0, 1));
  }

  @Test
  void anotherSourceIsANonRetryableMisconfiguration() {
    assertThatThrownBy(() -> activity().poll("bamboohr", since))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(HrisPollActivities.MISCONFIGURED);
              assertThat(f.isNonRetryable()).isTrue();
            });
  }
}
