package dev.leaver.sandbox.hris;

import static dev.leaver.sandbox.hris.TestHttp.basic;
import static dev.leaver.sandbox.hris.TestHttp.get;
import static dev.leaver.sandbox.hris.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The BambooHR emulator over plain HTTP, seeded from the demo tenant. */
class BambooHrEmulatorTest {
  private static final String KEY = "sandbox-bamboohr-api-key";
  private static final String JSON = "application/json";

  private final TestHttp.MovableClock clock =
      new TestHttp.MovableClock(Instant.parse("2026-01-15T12:00:00Z"));
  private SandboxServer server;
  private BambooHrEmulator bamboo;
  private String api;

  @BeforeEach
  void start() throws Exception {
    bamboo = new BambooHrEmulator(Sandbox.readTenant(Sandbox.DEMO_TENANT).path("bamboohr"), clock);
    server = new SandboxServer(0).mount(bamboo).start();
    api = server.baseUrl() + "/bamboohr/api/gateway.php/contoso/v1/employees/";
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> call(String path) throws Exception {
    return get(api + path, "Authorization", basic(KEY, "x"), "Accept", JSON);
  }

  @Test
  void getEmployeeAnswersTheIdAndOnlyTheRequestedKnownFields() throws Exception {
    HttpResponse<String> r = call("1001?fields=workEmail,supervisorEmail,status,location,shoeSize");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode ada = json(r);
    assertThat(ada.path("id").asText()).isEqualTo("1001");
    assertThat(ada.path("workEmail").asText()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(ada.path("supervisorEmail").asText()).isEqualTo("grace.hopper@contoso.example");
    assertThat(ada.path("status").asText()).isEqualTo("Active");
    assertThat(ada.path("location").asText()).isEqualTo("London");
    assertThat(ada.has("shoeSize")).isFalse();
    assertThat(ada.has("firstName")).isFalse();
  }

  @Test
  void withoutFieldsTheAnswerHasFirstAndLastName() throws Exception {
    JsonNode ada = json(call("1001"));
    assertThat(ada.path("firstName").asText()).isEqualTo("Ada");
    assertThat(ada.has("workEmail")).isFalse();
  }

  @Test
  void missingKeyWrongKeyAndWrongDomainAre401WithTheErrorHeader() throws Exception {
    HttpResponse<String> none = get(api + "1001", "Accept", JSON);
    HttpResponse<String> wrong =
        get(api + "1001", "Authorization", basic("nope", "x"), "Accept", JSON);
    HttpResponse<String> domain =
        get(
            server.baseUrl() + "/bamboohr/api/gateway.php/fabrikam/v1/employees/1001",
            "Authorization",
            basic(KEY, "x"),
            "Accept",
            JSON);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(domain.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("X-BambooHR-Error-Message")).isPresent();
  }

  @Test
  void anyPasswordIsAcceptedWithTheKeyAsUserName() throws Exception {
    HttpResponse<String> r =
        get(api + "1001", "Authorization", basic(KEY, "anything"), "Accept", JSON);
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownEmployeeAndUnknownTableAre404() throws Exception {
    assertThat(call("9999").statusCode()).isEqualTo(404);
    assertThat(call("9999/tables/employmentStatus").statusCode()).isEqualTo(404);
    assertThat(call("1001/tables/compensation").statusCode()).isEqualTo(404);
  }

  @Test
  void withoutAcceptJsonTheSandboxAnswers406() throws Exception {
    assertThat(get(api + "1001", "Authorization", basic(KEY, "x")).statusCode()).isEqualTo(406);
  }

  @Test
  void seededLeaverIsInactiveWithTerminationDateAndAnInvoluntaryTerminatedRow() throws Exception {
    JsonNode alan = json(call("1002?fields=status,terminationDate"));
    assertThat(alan.path("status").asText()).isEqualTo("Inactive");
    assertThat(alan.path("terminationDate").asText()).isEqualTo("2025-06-30");
    JsonNode rows = json(call("1002/tables/employmentStatus"));
    assertThat(rows).hasSize(2);
    JsonNode last = rows.get(1);
    assertThat(last.path("employeeId").asText()).isEqualTo("1002");
    assertThat(last.path("date").asText()).isEqualTo("2025-06-30");
    assertThat(last.path("employmentStatus").asText()).isEqualTo("Terminated");
    assertThat(last.path("terminationTypeId").asText()).isEqualTo("Involuntary");
  }

  @Test
  void futureTerminationKeepsTheEmployeeActiveUntilItsDate() throws Exception {
    bamboo.terminate("1001", LocalDate.parse("2026-01-31"), false);
    JsonNode before = json(call("1001?fields=status,terminationDate"));
    assertThat(before.path("status").asText()).isEqualTo("Active");
    assertThat(before.path("terminationDate").asText()).isEqualTo("2026-01-31");
    clock.advance(Duration.ofDays(16));
    assertThat(json(call("1001?fields=status")).path("status").asText()).isEqualTo("Inactive");
  }

  @Test
  void cancelDeletesTheTerminatedRowAndRehireAddsAnActiveOne() throws Exception {
    bamboo.terminate("1001", LocalDate.parse("2026-01-31"), true);
    assertThat(json(call("1001/tables/employmentStatus"))).hasSize(2);
    bamboo.cancelTermination("1001");
    assertThat(json(call("1001/tables/employmentStatus"))).hasSize(1);
    assertThatThrownBy(() -> bamboo.cancelTermination("1001"))
        .isInstanceOf(IllegalStateException.class);

    bamboo.rehire("1002", LocalDate.parse("2026-01-10"));
    JsonNode alan = json(call("1002?fields=status,terminationDate"));
    assertThat(alan.path("status").asText()).isEqualTo("Active");
    assertThat(alan.path("terminationDate").isNull()).isTrue();
  }

  @Test
  void restrictedFieldIsLeftOutAndRestrictedTableIs403() throws Exception {
    bamboo.restrict("supervisorEmail");
    bamboo.restrict("employmentStatus");
    assertThat(json(call("1001?fields=supervisorEmail,supervisorEId")).has("supervisorEmail"))
        .isFalse();
    assertThat(call("1001/tables/employmentStatus").statusCode()).isEqualTo(403);
    bamboo.clearRestrictions();
    assertThat(call("1001/tables/employmentStatus").statusCode()).isEqualTo(200);
  }
}
