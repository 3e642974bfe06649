package dev.leaver.starter.hris.gusto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.hris.GustoEmulator;
import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.HrisUnavailable;
import java.net.http.HttpClient;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link GustoClient} against the Gusto emulator, over real HTTP. */
class GustoClientTest {
  private static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");
  private static final String ADA = "9f1c3a52-7e4b-4d2a-8c61-00000000e101";
  private static final String GRACE = "9f1c3a52-7e4b-4d2a-8c61-00000000e042";
  private static final String ALAN = "9f1c3a52-7e4b-4d2a-8c61-00000000e102";

  private final HttpClient http = HttpClient.newHttpClient();
  private Sandbox sandbox;
  private GustoEmulator gusto;
  private GustoClient client;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    gusto = sandbox.gusto();
    client = new GustoClient(sandbox.baseUrl() + "/gusto", gusto.accessToken(), ZONE, http);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void terminatedEmployeeHasWorkEmailManagerEmailLastDayAndTheDefaultZone() throws Exception {
    EmployeeRecord alan = client.employee(ALAN);
    // Gusto does not say whether a termination is involuntary, nor the employee's zone.
    assertThat(alan)
        .isEqualTo(
            new EmployeeRecord(
                ALAN,
                "alan.turing@contoso.example",
                "grace.hopper@contoso.example",
                true,
                LocalDate.parse("2025-06-30"),
                "America/Los_Angeles",
                false));
  }

  @Test
  void activeEmployeeIsNotTerminatedAndThePersonalEmailIsNeverTheLogin() throws Exception {
    EmployeeRecord ada = client.employee(ADA);
    assertThat(ada.terminated()).isFalse();
    assertThat(ada.terminationDate()).isNull();
    assertThat(ada.workEmail()).isEqualTo("ada.lovelace@contoso.example");
  }

  @Test
  void employeeWithoutManagerHasNoManagerEmail() throws Exception {
    assertThat(client.employee(GRACE).managerEmail()).isNull();
  }

  @Test
  void scheduledTerminationCountsAsTerminatedBeforeGustoSetsTerminated() throws Exception {
    LocalDate lastDay = LocalDate.now(ZoneId.systemDefault()).plusDays(14);
    gusto.terminate(ADA, lastDay);
    EmployeeRecord ada = client.employee(ADA);
    assertThat(ada.terminated()).isTrue();
    assertThat(ada.terminationDate()).isEqualTo(lastDay);
  }

  @Test
  void changedDateIsReadAndCancelledTerminationIsNotTerminated() throws Exception {
    gusto.terminate(ADA, LocalDate.now(ZoneId.systemDefault()).plusDays(14));
    gusto.terminate(ADA, LocalDate.now(ZoneId.systemDefault()).plusDays(21));
    assertThat(client.employee(ADA).terminationDate())
        .isEqualTo(LocalDate.now(ZoneId.systemDefault()).plusDays(21));
    gusto.cancelTermination(ADA);
    assertThat(client.employee(ADA).terminated()).isFalse();
  }

  @Test
  void rehiredEmployeeIsNotTerminated() throws Exception {
    gusto.rehire(ALAN);
    EmployeeRecord alan = client.employee(ALAN);
    assertThat(alan.terminated()).isFalse();
    assertThat(alan.terminationDate()).isNull();
  }

  @Test
  void unknownOrMalformedUuidIsNull() throws Exception {
    assertThat(client.employee("00000000-0000-4000-8000-000000000000")).isNull();
    assertThat(client.employee("E1001")).isNull();
  }

  @Test
  void wrongTokenIsUnavailableAndSaysItIsAConfigurationError() {
    GustoClient wrong = new GustoClient(sandbox.baseUrl() + "/gusto", "expired-token", ZONE, http);
    assertThatThrownBy(() -> wrong.employee(ADA))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("configuration error")
        .hasMessageNotContaining("expired-token");
  }

  @Test
  void tokenSupplierIsAskedOnEveryCall() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    GustoClient refreshing =
        new GustoClient(
            sandbox.baseUrl() + "/gusto",
            () -> {
              asked.incrementAndGet();
              return gusto.accessToken();
            },
            ZONE,
            http);
    refreshing.employee(ALAN); // the employee, then the manager
    assertThat(asked).hasValue(2);
  }

  @Test
  void rateLimitIsHrisUnavailableWithRetryAfter() {
    sandbox.server().faults().throttle("GET", "/gusto", 1, 60);
    assertThatThrownBy(() -> client.employee(ADA))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 429")
        .hasMessageContaining("Retry-After 60");
  }

  @Test
  void serverErrorOnTheManagerCallIsHrisUnavailable() {
    sandbox
        .server()
        .faults()
        .inject(
            "GET",
            "/gusto/v1/employees/" + GRACE,
            1,
            HttpResponse.text(503, "Service Unavailable"));
    assertThatThrownBy(() -> client.employee(ALAN))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 503");
  }
}
