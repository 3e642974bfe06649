package dev.leaver.sandbox.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator over plain HTTP, seeded from the demo tenant: answer shapes and state. */
class SlackEmulatorTest {
  private static final String TOKEN = "xoxp-sandbox-admin";
  private static final String ADA = "U0ADA1001";

  private final HttpClient http = HttpClient.newHttpClient();
  private Sandbox sandbox;
  private SlackEmulator slack;

  @BeforeEach
  void start() throws IOException {
    sandbox = Sandbox.startDemo(0);
    slack = sandbox.slack();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void demoTenantSeedsAdaWithThreeSessionsAndTheAdminToken() {
    SlackUser ada = slack.user(ADA);
    assertThat(ada.email()).isEqualTo("ada.lovelace@contoso.example");
    assertThat(ada.active()).isTrue();
    assertThat(ada.activeSessions()).isEqualTo(3);
    assertThat(slack.adminToken()).isEqualTo(TOKEN);
    assertThat(slack.users())
        .extracting(SlackUser::bot, SlackUser::primaryOwner)
        .contains(tuple(true, false), tuple(false, true));
  }

  @Test
  void authTestAnswersTeamAndEnterpriseForTheAdminToken() throws Exception {
    JsonNode r = api("auth.test", "", TOKEN);
    assertThat(r.path("ok").asBoolean()).isTrue();
    assertThat(r.path("team_id").asText()).isEqualTo("T0CONTOSO");
    assertThat(r.path("enterprise_id").asText()).isEqualTo("E0CONTOSO");
    assertThat(r.path("user_id").asText()).isEqualTo("U0BOT");
  }

  @Test
  void missingTokenIsNotAuthedAndUnknownTokenIsInvalidAuth() throws Exception {
    assertThat(api("auth.test", "", null).path("error").asText()).isEqualTo("not_authed");
    assertThat(api("auth.test", "", "xoxp-nope").path("error").asText()).isEqualTo("invalid_auth");
    assertThat(api("auth.test", "token=" + TOKEN, null).path("ok").asBoolean()).isTrue();
  }

  @Test
  void lookupByEmailFindsActiveMembersAndAnswersUsersNotFoundForDeactivatedOnes() throws Exception {
    JsonNode found = api("users.lookupByEmail", "email=ada.lovelace%40contoso.example", TOKEN);
    assertThat(found.path("user").path("id").asText()).isEqualTo(ADA);
    assertThat(found.path("user").path("deleted").asBoolean()).isFalse();
    assertThat(found.path("user").path("profile").path("email").asText())
        .isEqualTo("ada.lovelace@contoso.example");

    assertThat(scim("DELETE", "Users/" + ADA, null, TOKEN).statusCode()).isEqualTo(204);

    JsonNode gone = api("users.lookupByEmail", "email=ada.lovelace%40contoso.example", TOKEN);
    assertThat(gone.path("ok").asBoolean()).isFalse();
    assertThat(gone.path("error").asText()).isEqualTo("users_not_found");
    assertThat(api("users.info", "user=" + ADA, TOKEN).path("user").path("deleted").asBoolean())
        .isTrue();
    assertThat(api("users.info", "user=U0NOBODY", TOKEN).path("error").asText())
        .isEqualTo("user_not_found");
  }

  @Test
  void sessionResetSignsOutAndCountsResetsButRefusesBotsAndThePrimaryOwner() throws Exception {
    Instant before = Instant.now();
    assertThat(api("admin.users.session.reset", "user_id=" + ADA, TOKEN).path("ok").asBoolean())
        .isTrue();
    SlackUser ada = slack.user(ADA);
    assertThat(ada.activeSessions()).isZero();
    assertThat(ada.sessionResets()).isEqualTo(1);
    assertThat(ada.lastSessionResetAt()).isAfterOrEqualTo(before);

    assertThat(api("admin.users.session.reset", "user_id=U0DEPLOYB", TOKEN).path("error").asText())
        .isEqualTo("cannot_reset_bot");
    assertThat(api("admin.users.session.reset", "user_id=U0OWNER01", TOKEN).path("error").asText())
        .isEqualTo("cannot_reset_primary_owner");
    assertThat(api("admin.users.session.reset", "user_id=U0NOBODY", TOKEN).path("error").asText())
        .isEqualTo("user_not_found");
    assertThat(slack.user("U0OWNER01").activeSessions()).isEqualTo(2);
  }

  @Test
  void revokedScopeAnswersMissingScopeNamingItAndRevokedAdminMakesScimForbidden() throws Exception {
    slack.revokeScope("admin.users:write");
    JsonNode r = api("admin.users.session.reset", "user_id=" + ADA, TOKEN);
    assertThat(r.path("error").asText()).isEqualTo("missing_scope");
    assertThat(r.path("needed").asText()).isEqualTo("admin.users:write");
    assertThat(r.path("provided").asText())
        .contains("users:read")
        .doesNotContain("admin.users:write");
    assertThat(slack.user(ADA).sessionResets()).isZero();

    slack.revokeScope("admin");
    HttpResponse<String> forbidden = scim("GET", "Users/" + ADA, null, TOKEN);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(Json.MAPPER.readTree(forbidden.body()).path("status").asText()).isEqualTo("403");

    slack.restoreScopes();
    assertThat(scim("GET", "Users/" + ADA, null, TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void scimPatchTakesPathOrValueObjectFormAndEndsSessionsOnDeactivation() throws Exception {
    HttpResponse<String> off =
        scim(
            "PATCH",
            "Users/" + ADA,
            patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"),
            TOKEN);
    assertThat(off.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(off.body()).path("active").asBoolean()).isFalse();
    assertThat(slack.user(ADA).active()).isFalse();
    assertThat(slack.user(ADA).activeSessions()).isZero();

    HttpResponse<String> on =
        scim(
            "PATCH",
            "Users/" + ADA,
            patch("{\"op\":\"replace\",\"value\":{\"active\":true}}"),
            TOKEN);
    assertThat(on.statusCode()).isEqualTo(200);
    assertThat(slack.user(ADA).active()).isTrue();
  }

  @Test
  void scimPatchRefusesAStringActiveAndThePrimaryOwner() throws Exception {
    assertThat(
            scim(
                    "PATCH",
                    "Users/" + ADA,
                    patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":\"false\"}"),
                    TOKEN)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            scim(
                    "PATCH",
                    "Users/U0OWNER01",
                    patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"),
                    TOKEN)
                .statusCode())
        .isEqualTo(400);
    assertThat(slack.user(ADA).active()).isTrue();
    assertThat(slack.user("U0OWNER01").active()).isTrue();
  }

  @Test
  void scimReadsUsersWithErrorBodiesForUnknownIdsAndBots() throws Exception {
    JsonNode ada = Json.MAPPER.readTree(scim("GET", "Users/" + ADA, null, TOKEN).body());
    assertThat(ada.path("schemas").get(0).asText())
        .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
    assertThat(ada.path("userName").asText()).isEqualTo("ada.lovelace");
    assertThat(ada.path("active").asBoolean()).isTrue();
    assertThat(ada.path("emails").get(0).path("value").asText())
        .isEqualTo("ada.lovelace@contoso.example");

    HttpResponse<String> missing = scim("GET", "Users/U0NOBODY", null, TOKEN);
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonNode error = Json.MAPPER.readTree(missing.body());
    assertThat(error.path("schemas").get(0).asText())
        .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
    assertThat(error.path("status").asText()).isEqualTo("404");
    assertThat(scim("GET", "Users/U0DEPLOYB", null, TOKEN).statusCode()).isEqualTo(404);
    assertThat(scim("GET", "Users/" + ADA, null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void scimDeleteDeactivatesAndARepeatIsAnother204() throws Exception {
    assertThat(scim("DELETE", "Users/" + ADA, null, TOKEN).statusCode()).isEqualTo(204);
    assertThat(slack.user(ADA).active()).isFalse();
    assertThat(slack.user(ADA).activeSessions()).isZero();
    assertThat(scim("DELETE", "Users/" + ADA, null, TOKEN).statusCode()).isEqualTo(204);
    assertThat(slack.user(ADA).active()).isFalse();
  }

  @Test
  void scimSearchFiltersByEmailOrUserNameAndPages() throws Exception {
    String byEmail = "Users?filter=" + enc("email eq \"ADA.lovelace@contoso.example\"");
    JsonNode r = Json.MAPPER.readTree(scim("GET", byEmail, null, TOKEN).body());
    assertThat(r.path("totalResults").asInt()).isEqualTo(1);
    assertThat(r.path("Resources").get(0).path("id").asText()).isEqualTo(ADA);

    String byName = "Users?filter=" + enc("userName eq \"grace.hopper\"");
    assertThat(
            Json.MAPPER
                .readTree(scim("GET", byName, null, TOKEN).body())
                .path("Resources")
                .get(0)
                .path("id")
                .asText())
        .isEqualTo("U0GRACE01");

    JsonNode page =
        Json.MAPPER.readTree(scim("GET", "Users?startIndex=2&count=1", null, TOKEN).body());
    assertThat(page.path("totalResults").asInt())
        .isEqualTo(4); // Ada, Grace, Zoë, Katherine: the bot is not a SCIM user
    assertThat(page.path("itemsPerPage").asInt()).isEqualTo(1);
    assertThat(page.path("Resources").get(0).path("id").asText()).isEqualTo("U0GRACE01");

    assertThat(scim("GET", "Users?filter=" + enc("title co \"x\""), null, TOKEN).statusCode())
        .isEqualTo(400);
  }

  @Test
  void throttleAnswers429WithRetryAfterThenLetsTheNextCallThrough() throws Exception {
    slack.throttle("admin.users.session.reset", 1, 7);
    HttpResponse<String> limited = post("api/admin.users.session.reset", "user_id=" + ADA, TOKEN);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(Json.MAPPER.readTree(limited.body()).path("error").asText())
        .isEqualTo("ratelimited");
    assertThat(slack.user(ADA).sessionResets()).isZero();

    assertThat(api("admin.users.session.reset", "user_id=" + ADA, TOKEN).path("ok").asBoolean())
        .isTrue();
    assertThat(slack.user(ADA).sessionResets()).isEqualTo(1);
  }

  @Test
  void sessionResetIsStampedWithTheEmulatorsClock() throws Exception {
    Instant at = Instant.parse("2030-01-02T03:04:05Z");
    SlackEmulator fixed =
        new SlackEmulator(sandbox.tenant().get("slack"), Clock.fixed(at, ZoneOffset.UTC));
    try (SandboxServer server = new SandboxServer(0).mount(fixed).start()) {
      URI reset = URI.create(server.baseUrl() + "/slack/api/admin.users.session.reset");
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(reset)
                  .header("Authorization", "Bearer " + TOKEN)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(BodyPublishers.ofString("user_id=" + ADA))
                  .build(),
              BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
    assertThat(fixed.user(ADA).lastSessionResetAt()).isEqualTo(at);
  }

  @Test
  void everyAnswerToAKnownTokenNamesItsScopesInXOauthScopesLessARevokedOne() throws Exception {
    assertThat(post("api/auth.test", "", TOKEN).headers().firstValue("x-oauth-scopes"))
        .hasValue("admin,admin.users:read,admin.users:write,users:read,users:read.email");

    slack.revokeScope("admin.users:write");

    HttpResponse<String> refused = post("api/admin.users.session.reset", "user_id=" + ADA, TOKEN);
    assertThat(refused.body()).contains("missing_scope");
    assertThat(refused.headers().firstValue("x-oauth-scopes"))
        .hasValue("admin,admin.users:read,users:read,users:read.email");
    assertThat(post("api/auth.test", "", "xoxp-nope").headers().firstValue("x-oauth-scopes"))
        .isEmpty();
  }

  @Test
  void aRevokedTokenIsTokenRevokedOnTheWebApiAndUnauthorizedOnScimUntilRestored() throws Exception {
    slack.revokeToken(TOKEN);

    assertThat(api("auth.test", "", TOKEN).path("error").asText()).isEqualTo("token_revoked");
    assertThat(scim("GET", "Users?count=1", null, TOKEN).statusCode()).isEqualTo(401);

    slack.restoreTokens();
    assertThat(api("auth.test", "", TOKEN).path("ok").asBoolean()).isTrue();
    assertThat(scim("GET", "Users?count=1", null, TOKEN).statusCode()).isEqualTo(200);
  }

  private JsonNode api(String method, String form, String token) throws Exception {
    HttpResponse<String> r = post("api/" + method, form, token);
    assertThat(r.statusCode()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private HttpResponse<String> post(String path, String form, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/slack/" + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), BodyHandlers.ofString());
  }

  private HttpResponse<String> scim(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/slack/scim/v2/" + path))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), BodyHandlers.ofString());
  }

  private static String patch(String operation) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
        + operation
        + "]}";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
