package dev.leaver.starter.hris.bamboohr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.hris.BambooHrEmulator;
import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.HrisUnavailable;
import java.net.http.HttpClient;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link BambooHrClient} against the BambooHR emulator, over real HTTP. */
class BambooHrClientTest {
  private static final ZoneId DEFAULT_ZONE = ZoneId.of("America/Chicago");
  private static final Map<String, ZoneId> LOCATIONS = Map.of("London", ZoneId.of("Europe/London"));

  private final HttpClient http = HttpClient.newHttpClient();
  private Sandbox sandbox;
  private BambooHrEmulator bamboo;
  private BambooHrClient client;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    bamboo = sandbox.bamboohr();
    client = client(bamboo.apiKey());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private BambooHrClient client(String apiKey) {
    return new BambooHrClient(
        sandbox.baseUrl() + "/bamboohr",
        bamboo.companyDomain(),
        apiKey,
        DEFAULT_ZONE,
        LOCATIONS,
        http);
  }

  @Test
  void terminatedEmployeeHasEmailManagerLastDayZoneAndInvoluntary() throws Exception {
    EmployeeRecord alan = client.employee("1002");
    assertThat(alan)
        .isEqualTo(
            new EmployeeRecord(
                "1002",
                "alan.turing@contoso.example",
                "grace.hopper@contoso.example",
                true,
                LocalDate.parse("2025-06-30"),
                "Europe/London",
                true));
  }

  @Test
  void activeEmployeeIsNotTerminated() throws Exception {
    EmployeeRecord ada = client.employee("1001");
    assertThat(ada.terminated()).isFalse();
    assertThat(ada.terminationDate()).isNull();
    assertThat(ada.workEmail()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(ada.managerEmail()).isEqualTo("grace.hopper@contoso.example");
  }

  @Test
  void futureDatedTerminationCountsAsTerminatedWithItsDateWhileBambooSaysActive() throws Exception {
    LocalDate lastDay = LocalDate.now(ZoneId.systemDefault()).plusDays(14);
    bamboo.terminate("1001", lastDay, false);
    EmployeeRecord ada = client.employee("1001");
    assertThat(ada.terminated()).isTrue();
    assertThat(ada.terminationDate()).isEqualTo(lastDay);
    assertThat(ada.involuntary()).isFalse();
  }

  @Test
  void changedTerminationDateIsTheNewDate() throws Exception {
    bamboo.terminate("1001", LocalDate.now(ZoneId.systemDefault()).plusDays(14), false);
    bamboo.terminate("1001", LocalDate.now(ZoneId.systemDefault()).plusDays(30), false);
    assertThat(client.employee("1001").terminationDate())
        .isEqualTo(LocalDate.now(ZoneId.systemDefault()).plusDays(30));
  }

  @Test
  void cancelledTerminationAndRehireAreNotTerminated() throws Exception {
    bamboo.terminate("1001", LocalDate.now(ZoneId.systemDefault()).plusDays(14), true);
    bamboo.cancelTermination("1001");
    assertThat(client.employee("1001").terminated()).isFalse();

    bamboo.rehire("1002", LocalDate.now(ZoneId.systemDefault()).minusDays(1));
    assertThat(client.employee("1002").terminated()).isFalse();
  }

  @Test
  void unknownNonNumericOrZeroEmployeeIsNull() throws Exception {
    assertThat(client.employee("9999")).isNull();
    assertThat(client.employee("../1001")).isNull();
    assertThat(client.employee("0")).isNull();
  }

  @Test
  void unmappedLocationGetsTheDefaultZone() throws Exception {
    BambooHrClient noMap =
        new BambooHrClient(
            sandbox.baseUrl() + "/bamboohr",
            bamboo.companyDomain(),
            bamboo.apiKey(),
            DEFAULT_ZONE,
            http);
    assertThat(noMap.employee("1001").timeZone()).isEqualTo("America/Chicago");
  }

  @Test
  void withoutSupervisorEmailTheManagerIsReadBySupervisorId() throws Exception {
    bamboo.restrict("supervisorEmail");
    assertThat(client.employee("1001").managerEmail()).isEqualTo("grace.hopper@contoso.example");
  }

  @Test
  void withoutAccessToTheTableStatusAndTerminationDateDecide() throws Exception {
    bamboo.restrict("employmentStatus");
    EmployeeRecord alan = client.employee("1002");
    assertThat(alan.terminated()).isTrue();
    assertThat(alan.terminationDate()).isEqualTo(LocalDate.parse("2025-06-30"));
    assertThat(client.employee("1001").terminated()).isFalse();
  }

  @Test
  void wrongApiKeyIsUnavailableAndSaysItIsAConfigurationError() {
    assertThatThrownBy(() -> client("wrong-key").employee("1001"))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("configuration error")
        .hasMessageNotContaining("wrong-key");
  }

  @Test
  void serviceUnavailableIsHrisUnavailable() {
    sandbox
        .server()
        .faults()
        .inject("GET", "/bamboohr", 1, HttpResponse.text(503, "Service Unavailable"));
    assertThatThrownBy(() -> client.employee("1001"))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 503");
  }

  @Test
  void throttlingIsHrisUnavailableWithRetryAfter() {
    sandbox.server().faults().throttle("GET", "/bamboohr", 1, 30);
    assertThatThrownBy(() -> client.employee("1002"))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 429")
        .hasMessageContaining("Retry-After 30");
  }

  @Test
  void throttledTableReadIsHrisUnavailableToo() {
    String table = "/bamboohr/api/gateway.php/contoso/v1/employees/1002/tables";
    sandbox.server().faults().throttle("GET", table, 1, 5);
    assertThatThrownBy(() -> client.employee("1002")).isInstanceOf(HrisUnavailable.class);
  }

  @Test
  void unreachableBambooIsHrisUnavailable() {
    BambooHrClient closed =
        new BambooHrClient("http://127.0.0.1:9", "contoso", "k", DEFAULT_ZONE, http);
    assertThatThrownBy(() -> closed.employee("1001"))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("could not be reached");
  }
}
