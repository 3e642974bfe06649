package dev.leaver.sandbox.hris;

import static dev.leaver.sandbox.hris.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HiBob emulator's people search over plain HTTP, seeded from the demo tenant. */
class HiBobEmulatorTest {
  private static final String ADA = "3332883884017713001";
  private static final String ALAN = "3332883884017713002";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestHttp.MovableClock clock =
      new TestHttp.MovableClock(Instant.parse("2026-01-15T12:00:00Z"));
  private SandboxServer server;
  private HiBobEmulator bob;

  @BeforeEach
  void start() throws Exception {
    bob = new HiBobEmulator(Sandbox.readTenant(Sandbox.DEMO_TENANT).path("hibob"), clock);
    server = new SandboxServer(0).mount(bob).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> search(String auth, String body) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/hibob/v1/people/search"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String byId(String id, boolean showInactive) {
    return "{\"fields\":[\"/root/id\",\"/root/email\",\"/work/manager\","
        + "\"/internal/lifecycleStatus\",\"/internal/terminationDate\"],"
        + "\"filters\":[{\"fieldPath\":\"/root/id\",\"operator\":\"equals\",\"values\":[\""
        + id
        + "\"]}],\"showInactive\":"
        + showInactive
        + "}";
  }

  private static final String SERVICE_USER =
      TestHttp.basic("SERVICE-LEAVER", "sandbox-hibob-service-token");

  @Test
  void searchAnswersTheFieldsAskedForNestedByPath() throws Exception {
    HttpResponse<String> r = search(SERVICE_USER, byId(ADA, true));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode ada = json(r).path("employees").get(0);
    assertThat(ada.path("id").asText()).isEqualTo(ADA);
    assertThat(ada.path("email").asText()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(ada.path("work").path("manager").asText()).isEqualTo("3332883884017713042");
    assertThat(ada.path("internal").path("lifecycleStatus").asText()).isEqualTo("employed");
    assertThat(ada.path("internal").path("terminationDate").isNull()).isTrue();
    assertThat(ada.has("displayName")).as("not asked for").isFalse();
  }

  @Test
  void terminatedEmployeesAreLeftOutUnlessShowInactive() throws Exception {
    assertThat(json(search(SERVICE_USER, byId(ALAN, false))).path("employees")).isEmpty();
    JsonNode alan = json(search(SERVICE_USER, byId(ALAN, true))).path("employees").get(0);
    assertThat(alan.path("internal").path("lifecycleStatus").asText()).isEqualTo("terminated");
    assertThat(alan.path("internal").path("terminationDate").asText()).isEqualTo("2025-06-30");
  }

  @Test
  void aTerminationScheduledAheadStaysEmployedUntilTheDayAfterTheLastDay() throws Exception {
    bob.terminate(ADA, LocalDate.parse("2026-01-20"));
    JsonNode ada = json(search(SERVICE_USER, byId(ADA, true))).path("employees").get(0);
    assertThat(ada.path("internal").path("lifecycleStatus").asText()).isEqualTo("employed");
    assertThat(ada.path("internal").path("terminationDate").asText()).isEqualTo("2026-01-20");

    clock.advance(java.time.Duration.ofDays(6)); // 2026-01-21
    ada = json(search(SERVICE_USER, byId(ADA, true))).path("employees").get(0);
    assertThat(ada.path("internal").path("lifecycleStatus").asText()).isEqualTo("terminated");

    bob.rehire(ADA);
    ada = json(search(SERVICE_USER, byId(ADA, true))).path("employees").get(0);
    assertThat(ada.path("internal").path("lifecycleStatus").asText()).isEqualTo("employed");
  }

  @Test
  void aWrongOrMissingServiceUserIs401() throws Exception {
    assertThat(search(null, byId(ADA, true)).statusCode()).isEqualTo(401);
    assertThat(search(TestHttp.basic("SERVICE-LEAVER", "wrong"), byId(ADA, true)).statusCode())
        .isEqualTo(401);
  }
}
