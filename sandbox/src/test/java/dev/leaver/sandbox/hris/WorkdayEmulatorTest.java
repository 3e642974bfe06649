package dev.leaver.sandbox.hris;

import static dev.leaver.sandbox.hris.TestHttp.basic;
import static dev.leaver.sandbox.hris.TestHttp.get;
import static dev.leaver.sandbox.hris.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

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

/** The Workday RaaS emulator over plain HTTP, seeded from the demo tenant. */
class WorkdayEmulatorTest {
  private static final String AUTH = basic("ISU_Leaver", "sandbox-workday-password");

  private final TestHttp.MovableClock clock =
      new TestHttp.MovableClock(Instant.parse("2026-01-15T12:00:00Z"));
  private SandboxServer server;
  private WorkdayEmulator workday;
  private String report;

  @BeforeEach
  void start() throws Exception {
    workday = new WorkdayEmulator(Sandbox.readTenant(Sandbox.DEMO_TENANT).path("workday"), clock);
    server = new SandboxServer(0).mount(workday).start();
    report =
        server.baseUrl()
            + "/workday/ccx/service/customreport2/contoso/ISU_Leaver/Leaver_Terminations";
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode entries(String updatedFrom) throws Exception {
    HttpResponse<String> r =
        get(report + "?format=json&Updated_From=" + updatedFrom, "Authorization", AUTH);
    assertThat(r.statusCode()).isEqualTo(200);
    return json(r).path("Report_Entry");
  }

  @Test
  void reportListsTerminatedWorkersAsStringsWithEmptyValuesLeftOut() throws Exception {
    JsonNode rows = entries("2025-01-01T00:00:00Z");
    assertThat(rows).hasSize(1);
    JsonNode alan = rows.get(0);
    assertThat(alan.path("Employee_ID").asText()).isEqualTo("E1002");
    assertThat(alan.path("Termination_Date").asText()).isEqualTo("2025-06-30");
    assertThat(alan.path("Involuntary").asText()).isEqualTo("1");
    assertThat(alan.path("Termination_Rescinded").asText()).isEqualTo("0");
    assertThat(alan.path("Time_Zone").asText()).isEqualTo("Europe/London");
    assertThat(alan.path("Last_Updated").asText()).isEqualTo("2025-06-20T15:00:00.000+01:00");
    assertThat(alan.has("Rehire_Date")).isFalse();
  }

  @Test
  void updatedFromLeavesOutRowsChangedEarlier() throws Exception {
    assertThat(entries("2025-06-20T14:00:00Z")).hasSize(1); // inclusive
    assertThat(entries("2025-06-20T14:00:01Z")).isEmpty();
  }

  @Test
  void terminateStampsLastUpdatedWithTheClockInTheWorkersOffset() throws Exception {
    workday.terminate("E1003", LocalDate.parse("2026-01-30"), false);
    JsonNode rows = entries("2026-01-01T00:00:00Z");
    assertThat(rows).hasSize(1);
    JsonNode k = rows.get(0);
    assertThat(k.path("Employee_ID").asText()).isEqualTo("E1003");
    assertThat(k.path("Last_Updated").asText()).isEqualTo("2026-01-15T07:00:00.000-05:00");
    assertThat(k.path("Primary_Termination_Reason").asText()).contains("Voluntary");
    assertThat(k.path("Involuntary").asText()).isEqualTo("0");
  }

  @Test
  void rescindAndRehireKeepTheRowAndMarkIt() throws Exception {
    workday.terminate("E1001", LocalDate.parse("2026-01-30"), true);
    clock.advance(Duration.ofMinutes(5));
    workday.rescind("E1001");
    JsonNode ada = entries("2026-01-15T12:01:00Z").get(0);
    assertThat(ada.path("Termination_Rescinded").asText()).isEqualTo("1");
    assertThat(ada.path("Termination_Date").asText()).isEqualTo("2026-01-30");

    workday.rehire("E1002", LocalDate.parse("2026-02-02"));
    assertThat(workday.worker("E1002").rehireDate()).isEqualTo(LocalDate.parse("2026-02-02"));
    assertThat(entries("2026-01-15T12:01:00Z")).hasSize(2);
  }

  @Test
  void wrongOrMissingCredentialsAre401() throws Exception {
    String url = report + "?format=json";
    assertThat(get(url).statusCode()).isEqualTo(401);
    assertThat(get(url, "Authorization", basic("ISU_Leaver", "wrong")).statusCode()).isEqualTo(401);
  }

  @Test
  void unknownReportIs404AndOtherFormatsOrBadPromptsAre400() throws Exception {
    String other =
        server.baseUrl()
            + "/workday/ccx/service/customreport2/contoso/ISU_Leaver/Other_Report?format=json";
    assertThat(get(other, "Authorization", AUTH).statusCode()).isEqualTo(404);
    assertThat(get(report + "?format=csv", "Authorization", AUTH).statusCode()).isEqualTo(400);
    assertThat(
            get(report + "?format=json&Updated_From=yesterday", "Authorization", AUTH).statusCode())
        .isEqualTo(400);
  }
}
