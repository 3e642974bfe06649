package dev.leaver.starter.hris.hibob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.hris.HiBobEmulator;
import dev.leaver.starter.hris.EmployeeRecord;
import dev.leaver.starter.hris.HrisUnavailable;
import java.net.http.HttpClient;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HiBobClient} against the sandbox's HiBob emulator. */
class HiBobClientTest {
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final String ADA = "3332883884017713001";
  private static final String ALAN = "3332883884017713002";

  private Sandbox sandbox;
  private HiBobClient client;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    client = client("sandbox-hibob-service-token");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private HiBobClient client(String token) {
    return new HiBobClient(
        sandbox.baseUrl() + "/hibob",
        "SERVICE-LEAVER",
        token,
        LONDON,
        Map.of("New York", ZoneId.of("America/New_York")),
        HttpClient.newHttpClient());
  }

  @Test
  void aTerminatedEmployeeIsReadWithTheirDateAndTheirManagersEmail() throws Exception {
    EmployeeRecord alan = client.employee(ALAN);
    assertThat(alan.terminated()).isTrue();
    assertThat(alan.terminationDate()).isEqualTo(LocalDate.parse("2025-06-30"));
    assertThat(alan.workEmail()).isEqualTo("alan.turing@contoso.example");
    assertThat(alan.managerEmail()).isEqualTo("grace.hopper@contoso.example");
    assertThat(alan.timeZone()).isEqualTo("Europe/London");
  }

  @Test
  void anEmployeeWithATerminationAheadIsEmployedWithTheDate() throws Exception {
    LocalDate ahead = LocalDate.now(LONDON).plusDays(9);
    sandbox.emulator(HiBobEmulator.class).terminate(ADA, ahead);
    EmployeeRecord ada = client.employee(ADA);
    assertThat(ada.terminated()).isFalse();
    assertThat(ada.terminationDate()).isEqualTo(ahead);
  }

  @Test
  void anUnknownEmployeeIsNullAndAMalformedIdIsNeverSent() throws Exception {
    assertThat(client.employee("3332883884017719999")).isNull();
    assertThat(client.employee("../people")).isNull();
  }

  @Test
  void aRefusedServiceUserIsUnavailableWithoutTheToken() {
    assertThatThrownBy(() -> client("wrong-token").employee(ADA))
        .isInstanceOf(HrisUnavailable.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageNotContaining("wrong-token");
  }
}
