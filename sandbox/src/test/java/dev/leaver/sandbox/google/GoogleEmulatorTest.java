package dev.leaver.sandbox.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Google emulator answers as Google documents: token grant, scopes, errors, idempotency. */
class GoogleEmulatorTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SA = "leaver@leaver-sandbox.iam.gserviceaccount.com";
  private static final String ADMIN = "leaver-admin@contoso.example";
  private static final String LINUS = "linus.okafor@contoso.example";
  private Sandbox sandbox;
  private String base;
  private GoogleEmulator google;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    base = sandbox.baseUrl() + "/google/";
    google = sandbox.emulator(GoogleEmulator.class);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aCallWithoutABearerTokenIsRefusedInGooglesErrorShape() throws Exception {
    HttpResponse<String> r = send("GET", "admin/directory/v1/users/" + LINUS, null, null);

    assertThat(r.statusCode()).isEqualTo(401);
    JsonNode error = Json.MAPPER.readTree(r.body()).path("error");
    assertThat(error.path("code").asInt()).isEqualTo(401);
    assertThat(error.path("status").asText()).isEqualTo("UNAUTHENTICATED");
    assertThat(error.path("errors").get(0).path("reason").asText()).isEqualTo("authError");
  }

  @Test
  void aMalformedAssertionIsAnInvalidGrant() throws Exception {
    HttpResponse<String> r = token("not-a-jwt");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void aScopeOutsideTheDelegationIsAnUnauthorizedClient() throws Exception {
    HttpResponse<String> r =
        token(jwt(GoogleEmulator.GROUP)); // admin.directory.group: not delegated

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.MAPPER.readTree(r.body()).path("error").asText())
        .isEqualTo("unauthorized_client");
  }

  @Test
  void aTokenWithoutTheMethodsScopeGetsInsufficientPermissionsAndChangesNothing() throws Exception {
    String bearer = accessToken(GoogleEmulator.USER_READONLY);
    String clientId = google.tokenClientIds(LINUS).get(0);

    HttpResponse<String> r =
        send("DELETE", "admin/directory/v1/users/" + LINUS + "/tokens/" + clientId, bearer, null);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(
            Json.MAPPER
                .readTree(r.body())
                .path("error")
                .path("errors")
                .get(0)
                .path("reason")
                .asText())
        .isEqualTo("insufficientPermissions");
    assertThat(google.tokenClientIds(LINUS)).contains(clientId);
  }

  @Test
  void removingAMemberTwiceAnswersNotFoundAndInsertingTwiceAnswersDuplicate() throws Exception {
    String bearer = accessToken(GoogleEmulator.GROUP_MEMBER);
    String path = "admin/directory/v1/groups/engineering@contoso.example/members";

    assertThat(send("DELETE", path + "/" + LINUS, bearer, null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", path + "/" + LINUS, bearer, null).statusCode()).isEqualTo(404);
    String member = "{\"email\":\"" + LINUS + "\",\"role\":\"MANAGER\"}";
    assertThat(send("POST", path, bearer, member).statusCode()).isEqualTo(200);
    assertThat(send("POST", path, bearer, member).statusCode()).isEqualTo(409);
    assertThat(google.groupRoles(LINUS)).containsEntry("engineering@contoso.example", "MANAGER");
  }

  @Test
  void aTransferIsInProgressUntilItsNextGetMovesTheFiles() throws Exception {
    String bearer = accessToken(GoogleEmulator.DATATRANSFER);
    String body =
        "{\"oldOwnerUserId\":\""
            + google.userId(LINUS)
            + "\",\"newOwnerUserId\":\""
            + google.userId("grace.hopper@contoso.example")
            + "\",\"applicationDataTransfers\":["
            + "{\"applicationId\":\"55656082996\",\"applicationTransferParams\":"
            + "[{\"key\":\"PRIVACY_LEVEL\",\"value\":[\"SHARED\",\"PRIVATE\"]}]}]}";

    JsonNode inserted =
        Json.MAPPER.readTree(send("POST", "admin/datatransfer/v1/transfers", bearer, body).body());
    assertThat(inserted.path("overallTransferStatusCode").asText()).isEqualTo("inProgress");
    assertThat(google.driveFiles(LINUS)).isEqualTo(214);

    JsonNode got =
        Json.MAPPER.readTree(
            send(
                    "GET",
                    "admin/datatransfer/v1/transfers/" + inserted.path("id").asText(),
                    bearer,
                    null)
                .body());

    assertThat(got.path("overallTransferStatusCode").asText()).isEqualTo("completed");
    assertThat(google.driveFiles(LINUS)).isZero();
    assertThat(google.driveFiles("grace.hopper@contoso.example")).isEqualTo(334);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private String accessToken(String scope) throws Exception {
    HttpResponse<String> r = token(jwt(scope));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body()).path("access_token").asText();
  }

  /** An RS256-shaped assertion; the sandbox checks its shape, not its signature. */
  private String jwt(String scope) throws IOException {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = Instant.now().getEpochSecond();
    String header =
        b64.encodeToString(Json.MAPPER.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
    String claims =
        b64.encodeToString(
            Json.MAPPER.writeValueAsBytes(
                Map.of(
                    "iss",
                    SA,
                    "sub",
                    ADMIN,
                    "scope",
                    scope,
                    "aud",
                    base + "token",
                    "iat",
                    now,
                    "exp",
                    now + 3600)));
    return header + "." + claims + "." + b64.encodeToString(new byte[256]);
  }

  private HttpResponse<String> token(String assertion) throws Exception {
    String form =
        "grant_type="
            + URLEncoder.encode(
                "urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
            + "&assertion="
            + assertion;
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String path, String bearer, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
