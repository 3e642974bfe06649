package dev.leaver.sandbox.hris;

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

/** The Gusto emulator over plain HTTP, seeded from the demo tenant. */
class GustoEmulatorTest {
  private static final String TOKEN = "Bearer sandbox-gusto-access-token";
  private static final String ADA = "9f1c3a52-7e4b-4d2a-8c61-00000000e101";
  private static final String GRACE = "9f1c3a52-7e4b-4d2a-8c61-00000000e042";
  private static final String ALAN = "9f1c3a52-7e4b-4d2a-8c61-00000000e102";

  private final TestHttp.MovableClock clock =
      new TestHttp.MovableClock(Instant.parse("2026-01-15T12:00:00Z"));
  private SandboxServer server;
  private GustoEmulator gusto;
  private String employees;

  @BeforeEach
  void start() throws Exception {
    gusto = new GustoEmulator(Sandbox.readTenant(Sandbox.DEMO_TENANT).path("gusto"), clock);
    server = new SandboxServer(0).mount(gusto).start();
    employees = server.baseUrl() + "/gusto/v1/employees/";
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> call(String path) throws Exception {
    return get(employees + path, "Authorization", TOKEN, "X-Gusto-API-Version", "2025-06-15");
  }

  @Test
  void getEmployeeAnswersTheDocumentedEmployeeObject() throws Exception {
    HttpResponse<String> r = call(ADA);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode ada = json(r);
    assertThat(ada.path("uuid").asText()).isEqualTo(ADA);
    assertThat(ada.path("work_email").asText()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(ada.path("email").asText()).isEqualTo("ada@home.example");
    assertThat(ada.path("manager_uuid").asText()).isEqualTo(GRACE);
    assertThat(ada.path("terminated").asBoolean()).isFalse();
    assertThat(ada.path("terminations").isArray()).isTrue();
    assertThat(ada.path("version").asText()).hasSize(32);
  }

  @Test
  void seededLeaverIsTerminatedWithAnActiveTermination() throws Exception {
    JsonNode alan = json(call(ALAN));
    assertThat(alan.path("terminated").asBoolean()).isTrue();
    JsonNode t = alan.path("terminations").get(0);
    assertThat(t.path("employee_uuid").asText()).isEqualTo(ALAN);
    assertThat(t.path("effective_date").asText()).isEqualTo("2025-06-30");
    assertThat(t.path("active").asBoolean()).isTrue();
    assertThat(t.path("cancelable").asBoolean()).isFalse();
    assertThat(t.path("run_termination_payroll").asBoolean()).isTrue();
    assertThat(json(call(ALAN + "/terminations"))).hasSize(1);
  }

  @Test
  void missingOrWrongTokenIs401WithAnErrorsList() throws Exception {
    HttpResponse<String> none = get(employees + ADA);
    HttpResponse<String> wrong = get(employees + ADA, "Authorization", "Bearer nope");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(json(wrong).path("errors").get(0).has("category")).isTrue();
  }

  @Test
  void unknownEmployeeIs404WithTheNotFoundErrorObject() throws Exception {
    HttpResponse<String> r = call("00000000-0000-4000-8000-000000000000");
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode error = json(r).path("errors").get(0);
    assertThat(error.path("category").asText()).isEqualTo("not_found");
    assertThat(error.has("error_key")).isTrue();
  }

  @Test
  void anApiVersionTheSandboxDoesNotKnowIs400AndNoHeaderIsAccepted() throws Exception {
    HttpResponse<String> old =
        get(employees + ADA, "Authorization", TOKEN, "X-Gusto-API-Version", "2019-01-01");
    assertThat(old.statusCode()).isEqualTo(400);
    assertThat(get(employees + ADA, "Authorization", TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void futureTerminationIsCancelableAndNotYetActiveUntilItsDate() throws Exception {
    gusto.terminate(ADA, LocalDate.parse("2026-01-31"));
    JsonNode before = json(call(ADA));
    assertThat(before.path("terminated").asBoolean()).isFalse();
    JsonNode t = before.path("terminations").get(0);
    assertThat(t.path("active").asBoolean()).isFalse();
    assertThat(t.path("cancelable").asBoolean()).isTrue();

    clock.advance(Duration.ofDays(16));
    JsonNode after = json(call(ADA));
    assertThat(after.path("terminated").asBoolean()).isTrue();
    assertThat(after.path("terminations").get(0).path("active").asBoolean()).isTrue();
  }

  @Test
  void terminatingAgainBeforeTheDateChangesTheDateOfTheSameTermination() throws Exception {
    gusto.terminate(ADA, LocalDate.parse("2026-01-31"));
    String uuid = json(call(ADA)).path("terminations").get(0).path("uuid").asText();
    gusto.terminate(ADA, LocalDate.parse("2026-02-27"));
    JsonNode ts = json(call(ADA)).path("terminations");
    assertThat(ts).hasSize(1);
    assertThat(ts.get(0).path("uuid").asText()).isEqualTo(uuid);
    assertThat(ts.get(0).path("effective_date").asText()).isEqualTo("2026-02-27");
  }

  @Test
  void cancelRemovesThePendingTerminationAndRehireClearsTerminated() throws Exception {
    gusto.terminate(ADA, LocalDate.parse("2026-01-31"));
    gusto.cancelTermination(ADA);
    assertThat(json(call(ADA)).path("terminations")).isEmpty();

    gusto.rehire(ALAN);
    JsonNode alan = json(call(ALAN));
    assertThat(alan.path("terminated").asBoolean()).isFalse();
    assertThat(alan.path("terminations")).hasSize(1);
  }
}
