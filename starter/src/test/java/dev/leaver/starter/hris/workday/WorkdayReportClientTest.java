package dev.leaver.starter.hris.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.hris.WorkdayEmulator;
import dev.leaver.starter.hris.HrisUnavailable;
import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationEvent.Kind;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WorkdayReportClient} against the Workday RaaS emulator, over real HTTP. */
class WorkdayReportClientTest {
  private static final LocalDate ADA_LAST_DAY = LocalDate.parse("2026-11-30");

  private final HttpClient http = HttpClient.newHttpClient();
  private Sandbox sandbox;
  private WorkdayEmulator workday;
  private WorkdayReportClient client;
  private Instant since;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    workday = sandbox.workday();
    client = client(workday.password());
    // The report stamps milliseconds; the cursor is taken a little before the changes.
    since = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private WorkdayReportClient client(String password) {
    return new WorkdayReportClient(
        sandbox.baseUrl() + "/workday",
        workday.tenant(),
        workday.reportOwner(),
        workday.reportName(),
        workday.user(),
        password,
        http);
  }

  @Test
  void twoTerminationsSinceTheCursorAreTwoEventsWithTheirDetails() throws Exception {
    workday.terminate("E1001", ADA_LAST_DAY, false);
    workday.terminate("E1003", LocalDate.parse("2026-12-15"), true);

    List<TerminationEvent> events = client.terminationsSince(since);

    assertThat(events)
        .extracting(TerminationEvent::employeeId)
        .containsExactlyInAnyOrder("E1001", "E1003");
    TerminationEvent ada =
        events.stream().filter(e -> e.employeeId().equals("E1001")).findFirst().orElseThrow();
    assertThat(ada.kind()).isEqualTo(Kind.TERMINATION);
    assertThat(ada.source()).isEqualTo("workday");
    assertThat(ada.eventId()).isEqualTo("E1001:2026-11-30");
    assertThat(ada.upn()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(ada.managerUpn()).isEqualTo("grace.hopper@contoso.example");
    assertThat(ada.effectiveDate()).isEqualTo(ADA_LAST_DAY);
    assertThat(ada.effectiveAt()).isNull();
    assertThat(ada.timeZone()).isEqualTo("Europe/London");
    assertThat(ada.involuntary()).isFalse();
    assertThat(ada.eventAt())
        .isEqualTo(workday.worker("E1001").lastUpdated().truncatedTo(ChronoUnit.MILLIS));
    TerminationEvent katherine =
        events.stream().filter(e -> e.employeeId().equals("E1003")).findFirst().orElseThrow();
    assertThat(katherine.involuntary()).isTrue();
    assertThat(katherine.timeZone()).isEqualTo("America/New_York");
  }

  @Test
  void eventsComeOldestFirst() throws Exception {
    workday.terminate("E1003", LocalDate.parse("2026-12-15"), true);
    Thread.sleep(5);
    workday.terminate("E1001", ADA_LAST_DAY, false);
    assertThat(client.terminationsSince(since))
        .extracting(TerminationEvent::employeeId)
        .containsExactly("E1003", "E1001");
  }

  @Test
  void changedTerminationDateIsANewEventId() throws Exception {
    workday.terminate("E1001", ADA_LAST_DAY, false);
    String first = client.terminationsSince(since).get(0).eventId();
    workday.terminate("E1001", ADA_LAST_DAY.plusDays(14), false);
    TerminationEvent changed = client.terminationsSince(since).get(0);
    assertThat(changed.kind()).isEqualTo(Kind.TERMINATION);
    assertThat(changed.eventId()).isEqualTo("E1001:2026-12-14").isNotEqualTo(first);
    assertThat(changed.effectiveDate()).isEqualTo(LocalDate.parse("2026-12-14"));
  }

  @Test
  void samePollTwiceGivesTheSameEventIdsSoRedeliveriesCanBeDropped() throws Exception {
    workday.terminate("E1001", ADA_LAST_DAY, false);
    assertThat(client.terminationsSince(since)).isEqualTo(client.terminationsSince(since));
  }

  @Test
  void rescindedTerminationIsACancellation() throws Exception {
    workday.terminate("E1001", ADA_LAST_DAY, false);
    workday.rescind("E1001");
    TerminationEvent e = client.terminationsSince(since).get(0);
    assertThat(e.kind()).isEqualTo(Kind.CANCELLATION);
    assertThat(e.eventId()).isEqualTo("E1001:2026-11-30:rescinded");
    assertThat(e.effectiveDate()).isEqualTo(ADA_LAST_DAY);
  }

  @Test
  void rehireAfterATerminationIsARehire() throws Exception {
    workday.rehire("E1002", LocalDate.parse("2026-03-02"));
    TerminationEvent e = client.terminationsSince(since).get(0);
    assertThat(e.kind()).isEqualTo(Kind.REHIRE);
    assertThat(e.employeeId()).isEqualTo("E1002");
    assertThat(e.eventId()).isEqualTo("E1002:2025-06-30:rehired:2026-03-02");
  }

  @Test
  void rowsChangedBeforeTheCursorAreLeftOut() throws Exception {
    assertThat(client.terminationsSince(since)).isEmpty();
    List<TerminationEvent> all = client.terminationsSince(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(all)
        .singleElement()
        .satisfies(
            alan -> {
              assertThat(alan.employeeId()).isEqualTo("E1002");
              assertThat(alan.involuntary()).isTrue();
              assertThat(alan.eventAt()).isEqualTo(Instant.parse("2025-06-20T14:00:00Z"));
            });
  }

  @Test
  void wrongPasswordIsUnavailableAndSaysItIsAConfigurationError() {
    assertThatThrownBy(() -> client("wrong-password").terminationsSince(since))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("configuration error")
        .hasMessageNotContaining("wrong-password");
  }

  @Test
  void unknownReportIsUnavailableAndSaysItIsAConfigurationError() {
    WorkdayReportClient other =
        new WorkdayReportClient(
            sandbox.baseUrl() + "/workday",
            workday.tenant(),
            workday.reportOwner(),
            "Other_Report",
            workday.user(),
            workday.password(),
            http);
    assertThatThrownBy(() -> other.terminationsSince(since))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 404");
  }

  @Test
  void serviceUnavailableAndThrottlingAreHrisUnavailable() {
    sandbox.server().faults().inject("GET", "/workday", 1, HttpResponse.text(503, "down"));
    assertThatThrownBy(() -> client.terminationsSince(since))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 503");
    sandbox.server().faults().throttle("GET", "/workday", 1, 120);
    assertThatThrownBy(() -> client.terminationsSince(since))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("Retry-After 120");
  }

  @Test
  void pathSegmentsThatAreNotWorkdayNamesAreRefused() {
    assertThatThrownBy(
            () ->
                new WorkdayReportClient("http://x", "contoso", "owner", "../admin", "u", "p", http))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reportName");
  }
}
