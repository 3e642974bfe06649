package dev.leaver.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API, driven as a test in another process drives it: over HTTP only. */
class SandboxAdminTest {
  private static final String ADA = "ada.lovelace@contoso.example";
  private static final String ADA_SLACK = "U0ADA1001";

  private final HttpClient http = HttpClient.newHttpClient();
  private Sandbox sandbox;
  private SandboxAdmin admin;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    admin = new SandboxAdmin(sandbox.baseUrl());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aFaultPostedAsJsonAppliesAndIsListedUntilCleared() throws Exception {
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/faults"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"path\":\"/graph\",\"kind\":\"ANSWER\",\"answer\":{\"status\":503},\"lastingMillis\":60000}"))
                .build(),
            BodyHandlers.ofString());

    assertThat(posted.statusCode()).isEqualTo(201);
    assertThat(graphGet().statusCode()).isEqualTo(503);
    assertThat(admin.faults())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(Fault.Kind.ANSWER);
              assertThat(f.answer().status()).isEqualTo(503);
              assertThat(f.lasting()).isEqualTo(Duration.ofMinutes(1));
            });
    admin.clearFaults();
    assertThat(graphGet().statusCode()).isEqualTo(200);
  }

  @Test
  void aBadFaultIsRefusedWith400() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/faults"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"path\":\"/graph\",\"kind\":\"ANSWER\"}"))
                .build(),
            BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("needs an answer");
    assertThat(admin.faults()).isEmpty();
  }

  @Test
  void aTestInAnotherProcessSeesThePatchLandWhileItsAnswerIsHeld() throws Exception {
    admin.add(Fault.delayAfter("PATCH", "/graph/v1.0/users/", Duration.ofSeconds(3)).times(1));

    CompletableFuture<HttpResponse<String>> answer =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/graph/v1.0/users/" + ADA))
                .header("Authorization", "Bearer sandbox")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"accountEnabled\":false}"))
                .build(),
            BodyHandlers.ofString());
    SandboxServer.Logged landed =
        admin.awaitRequest(Duration.ofSeconds(5), q -> q.method().equals("PATCH") && q.landed());

    assertThat(landed.path()).isEqualTo("/graph/v1.0/users/" + ADA);
    assertThat(landed.fault()).isEqualTo(Fault.Kind.DELAY_AFTER);
    assertThat(admin.graphUser(ADA))
        .get()
        .extracting(SandboxAdmin.GraphUser::accountEnabled)
        .isEqualTo(false);
    assertThat(answer).isNotDone();
    assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
  }

  @Test
  void theTenantsStateReadsBackAsTheInProcessReadersSeeIt() {
    SandboxAdmin.GraphUser ada = admin.graphUser(ADA).orElseThrow();

    assertThat(ada.upn()).isEqualTo(ADA);
    assertThat(ada.accountEnabled()).isEqualTo(sandbox.graph().user(ADA).accountEnabled());
    assertThat(ada.groups()).isEqualTo(sandbox.graph().groupNamesOf(ADA)).isNotEmpty();
    assertThat(ada.directLicenses()).isEqualTo(sandbox.graph().user(ADA).directLicenses());
    assertThat(ada.driveAccess()).isEqualTo(sandbox.graph().driveAccess(ADA));
    assertThat(ada.signInSessionsValidFrom())
        .isEqualTo(sandbox.graph().user(ADA).signInSessionsValidFrom());
    assertThat(admin.slackUser(ADA_SLACK)).get().isEqualTo(sandbox.slack().user(ADA_SLACK));
    assertThat(admin.slackUser(ADA_SLACK).orElseThrow().activeSessions()).isEqualTo(3);
    assertThat(admin.graphUser("nobody@contoso.example")).isEmpty();
    assertThat(admin.slackUser("U0NOBODY")).isEmpty();
  }

  @Test
  void permissionsAndScopesAreTakenAndGivenBackOverHttp() throws Exception {
    admin.revokeGraphPermission("User.EnableDisableAccount.All");
    assertThat(disableAda().statusCode()).isEqualTo(403);
    admin.restoreGraphPermissions();
    admin.denyGraphWrites(true);
    assertThat(disableAda().statusCode()).isEqualTo(403);
    assertThat(graphGet().statusCode()).as("reads still work").isEqualTo(200);
    admin.denyGraphWrites(false);
    assertThat(disableAda().statusCode()).isEqualTo(204);

    admin.revokeSlackScope("admin.users:write");
    assertThat(resetAdasSlackSessions().get("error").asText()).isEqualTo("missing_scope");
    admin.restoreSlackScopes();
    assertThat(resetAdasSlackSessions().get("ok").asBoolean()).isTrue();
  }

  @Test
  void theAdminApiIsNeitherFaultedNorLogged() throws Exception {
    admin.add(Fault.fail(null, "/", 503));

    assertThat(admin.isUp()).isTrue();
    assertThat(admin.faults()).hasSize(1);
    assertThat(graphGet().statusCode()).isEqualTo(503);
    assertThat(admin.requests())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.path()).startsWith("/graph");
              assertThat(q.applied()).isFalse();
              assertThat(q.fault()).isEqualTo(Fault.Kind.ANSWER);
            });
  }

  @Test
  void theRequestLogFiltersByMethodAndPathPrefix() throws Exception {
    graphGet();
    disableAda();

    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        sandbox.baseUrl()
                            + "/_sandbox/requests?method=PATCH&path=/graph/v1.0/users/"))
                .build(),
            BodyHandlers.ofString());
    JsonNode log = Json.MAPPER.readTree(r.body());

    assertThat(log).hasSize(1);
    assertThat(log.get(0).get("method").asText()).isEqualTo("PATCH");
    assertThat(log.get(0).get("applied").asBoolean()).isTrue();
    assertThat(log.get(0).get("status").asInt()).isEqualTo(204);
  }

  @Test
  void theRequestLogTellsAWriteThatChangedTheTenantFromARepeatThatFoundItAlreadySo()
      throws Exception {
    assertThat(disableAda().statusCode()).isEqualTo(204);
    assertThat(disableAda().statusCode()).as("Graph answers the repeat alike").isEqualTo(204);
    assertThat(resetAdasSlackSessions().get("ok").asBoolean()).isTrue();
    assertThat(resetAdasSlackSessions().get("ok").asBoolean()).isTrue();
    graphGet();

    List<SandboxServer.Logged> log = admin.requests();
    assertThat(log)
        .extracting(SandboxServer.Logged::method, SandboxServer.Logged::changed)
        .containsExactly(
            tuple("PATCH", true),
            tuple("PATCH", false), // disabled, then already disabled
            tuple("POST", true),
            tuple("POST", false), // signed out, then nobody signed in
            tuple("GET", false));
  }

  private HttpResponse<String> graphGet() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/graph/v1.0/users/" + ADA))
            .header("Authorization", "Bearer sandbox")
            .build(),
        BodyHandlers.ofString());
  }

  private JsonNode resetAdasSlackSessions() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(sandbox.baseUrl() + "/slack/api/admin.users.session.reset"))
                .header("Authorization", "Bearer " + sandbox.slack().adminToken())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user_id=" + ADA_SLACK))
                .build(),
            BodyHandlers.ofString());
    return Json.MAPPER.readTree(r.body());
  }

  private HttpResponse<String> disableAda() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/graph/v1.0/users/" + ADA))
            .header("Authorization", "Bearer sandbox")
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"accountEnabled\":false}"))
            .build(),
        BodyHandlers.ofString());
  }
}
