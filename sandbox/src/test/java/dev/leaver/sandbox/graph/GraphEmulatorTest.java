package dev.leaver.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graph emulator's wire behaviour, checked with a plain HTTP client. */
class GraphEmulatorTest {
  private static final String ADA = "3f1c2a9e-7b4d-4c1e-9a51-0e5d6b2f1001";
  private static final String GRACE = "8c0e4b7a-2d3f-4e6a-b1c9-5f7a8d9e2002";
  private static final String ENGINEERING = "0b1e2f3a-1111-4aaa-8000-000000000001";
  private static final String APOLLO = "0b1e2f3a-2222-4aaa-8000-000000000002";
  private static final String LICENSING_EMS = "0b1e2f3a-3333-4aaa-8000-000000000003";
  private static final String ALL_STAFF = "0b1e2f3a-4444-4aaa-8000-000000000004";
  private static final String FINANCE = "0b1e2f3a-5555-4aaa-8000-000000000005";
  private static final String E3 = "6fd2c87f-b296-42f0-b197-1e91e994b900";
  private static final String EMS = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
  private final HttpClient http = HttpClient.newHttpClient();
  private Sandbox sandbox;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void aRequestWithoutABearerTokenIsRefusedWithGraphsErrorBody() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri("/users/" + ADA)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.MAPPER.readTree(r.body()).at("/error/code").asText())
        .isEqualTo("InvalidAuthenticationToken");
  }

  @Test
  void memberOfPagesWithAnAbsoluteNextLinkUntilTheLastPage() throws Exception {
    JsonNode first = get("/users/" + ADA + "/memberOf");
    assertThat(first.get("value")).hasSize(2);
    String next = first.get("@odata.nextLink").asText();
    assertThat(next).startsWith(sandbox.baseUrl() + "/graph/v1.0/users/" + ADA + "/memberOf?");

    int pages = 1;
    int groups = 2;
    while (next != null) {
      JsonNode page =
          send(
              HttpRequest.newBuilder(URI.create(next)).header("Authorization", "Bearer t").build());
      pages++;
      groups += page.get("value").size();
      next = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(groups).isEqualTo(5);
  }

  @Test
  void removingAMemberTwiceAnswers204ThenGraphs400DoNotExistForm() throws Exception {
    String path = "/groups/" + ENGINEERING + "/members/" + ADA + "/$ref";
    HttpResponse<String> once = http.send(delete(path), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> twice = http.send(delete(path), HttpResponse.BodyHandlers.ofString());

    assertThat(once.statusCode()).isEqualTo(204);
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.body()).contains("One or more removed object references do not exist");
    assertThat(
            http.send(
                    delete("/groups/00000000-0000-0000-0000-000000000000/members/" + ADA + "/$ref"),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void everyResponseCarriesRequestIdsAndAnErrorsHeaderMatchesItsBody() throws Exception {
    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(uri("/users/" + ADA)).header("client-request-id", "c-1").build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> ok =
        http.send(authorized("/users/" + ADA).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(refused.headers().firstValue("client-request-id")).hasValue("c-1");
    assertThat(refused.headers().firstValue("request-id"))
        .hasValue(Json.MAPPER.readTree(refused.body()).at("/error/innerError/request-id").asText());
    assertThat(ok.headers().firstValue("request-id")).isPresent();
    assertThat(ok.headers().firstValue("client-request-id")).isPresent();
  }

  @Test
  void aUserReadReturnsOnlyGraphsDefaultPropertiesUnlessSelected() throws Exception {
    JsonNode plain = get("/users/ada.lovelace@contoso.example");
    assertThat(plain.get("id").asText()).isEqualTo(ADA);
    assertThat(plain.has("accountEnabled")).as("not a default property in Graph").isFalse();

    JsonNode selected = get("/users/" + ADA + "?$select=accountEnabled,licenseAssignmentStates");
    assertThat(selected.get("accountEnabled").asBoolean()).isTrue();
    assertThat(selected.has("displayName")).isFalse();
    assertThat(selected.get("licenseAssignmentStates"))
        .extracting(n -> n.get("assignedByGroup").asText(null))
        .containsExactlyInAnyOrder(null, LICENSING_EMS);
  }

  @Test
  void anUnknownUserIsGraphsResourceNotFound() throws Exception {
    HttpResponse<String> r =
        http.send(
            authorized("/users/nobody@contoso.example").build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(Json.MAPPER.readTree(r.body()).at("/error/code").asText())
        .isEqualTo("Request_ResourceNotFound");
  }

  @Test
  void addingAMemberTwiceAnswers204ThenAlreadyExistAndDynamicOrDistributionGroupsRefuse()
      throws Exception {
    String body =
        "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/directoryObjects/" + GRACE + "\"}";
    assertThat(send("POST", "/groups/" + APOLLO + "/members/$ref", body).statusCode())
        .isEqualTo(204);
    HttpResponse<String> twice = send("POST", "/groups/" + APOLLO + "/members/$ref", body);
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(twice.body()).contains("One or more added object references already exist");

    assertThat(
            send("DELETE", "/groups/" + ALL_STAFF + "/members/" + ADA + "/$ref", null).statusCode())
        .isEqualTo(400);
    assertThat(send("DELETE", "/groups/" + FINANCE + "/members/" + ADA + "/$ref", null).body())
        .contains("mail-enabled security groups and or distribution list");
    assertThat(sandbox.graph().isMember(ALL_STAFF, ADA)).isTrue();
    assertThat(sandbox.graph().isMember("Finance Announcements", ADA)).isTrue();
  }

  @Test
  void anInheritedLicenceCannotBeRemovedFromTheUserButADirectOneCan() throws Exception {
    HttpResponse<String> inherited =
        send(
            "POST",
            "/users/" + ADA + "/assignLicense",
            "{\"addLicenses\":[],\"removeLicenses\":[\"" + EMS + "\"]}");
    assertThat(inherited.statusCode()).isEqualTo(400);
    assertThat(inherited.body()).contains("User license is inherited from a group membership");

    HttpResponse<String> direct =
        send(
            "POST",
            "/users/" + ADA + "/assignLicense",
            "{\"addLicenses\":[],\"removeLicenses\":[\"" + E3 + "\"]}");
    assertThat(direct.statusCode()).isEqualTo(200);
    assertThat(sandbox.graph().user(ADA).directLicenses()).isEmpty();
    assertThat(
            send(
                    "POST",
                    "/users/" + ADA + "/assignLicense",
                    "{\"addLicenses\":[],\"removeLicenses\":[\"" + E3 + "\"]}")
                .body())
        .contains("User does not have a corresponding license");
  }

  @Test
  void oneDriveInviteIsTheSameThroughEveryPathFormAndARepeatReturnsTheSamePermission()
      throws Exception {
    String invite =
        "{\"recipients\":[{\"email\":\"grace.hopper@contoso.example\"}],\"roles\":[\"write\"],"
            + "\"requireSignIn\":true,\"sendInvitation\":false}";
    JsonNode viaUser =
        Json.MAPPER.readTree(send("POST", "/users/" + ADA + "/drive/root/invite", invite).body());
    String driveId = get("/users/" + ADA + "/drive").get("id").asText();
    String rootId = get("/drives/" + driveId + "/root").get("id").asText();
    JsonNode viaDrive =
        Json.MAPPER.readTree(
            send("POST", "/drives/" + driveId + "/items/" + rootId + "/invite", invite).body());

    String permId = viaUser.at("/value/0/id").asText();
    assertThat(viaDrive.at("/value/0/id").asText()).isEqualTo(permId);
    assertThat(viaUser.at("/value/0/grantedToV2/user/email").asText())
        .isEqualTo("grace.hopper@contoso.example");
    assertThat(get("/users/" + ADA + "/drive/root/permissions").get("value")).hasSize(1);
    assertThat(sandbox.graph().drivePermissions(ADA))
        .singleElement()
        .satisfies(p -> assertThat(p.id()).isEqualTo(permId));

    String perm = "/users/" + ADA + "/drive/items/" + rootId + "/permissions/" + permId;
    assertThat(send("DELETE", perm, null).statusCode()).isEqualTo(204);
    HttpResponse<String> gone = send("DELETE", perm, null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("itemNotFound");
  }

  @Test
  void deniedWritesAnswerGraphs403WhileReadsStillWork() throws Exception {
    sandbox.graph().denyWrites(true);

    HttpResponse<String> r = send("PATCH", "/users/" + ADA, "{\"accountEnabled\":false}");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(Json.MAPPER.readTree(r.body()).at("/error/code").asText())
        .isEqualTo("Authorization_RequestDenied");
    assertThat(r.body()).contains("Insufficient privileges to complete the operation.");
    assertThat(get("/users/" + ADA + "/memberOf").get("value")).hasSize(2);

    sandbox.graph().restorePermissions();
    assertThat(send("PATCH", "/users/" + ADA, "{\"accountEnabled\":false}").statusCode())
        .isEqualTo(204);
    assertThat(sandbox.graph().user(ADA).accountEnabled()).isFalse();
  }

  @Test
  void aRequestTheEmulatorDoesNotServeIsABadRequestNotASilentSuccess() throws Exception {
    HttpResponse<String> r = send("GET", "/users/" + ADA + "/ownedDevices", null);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("not emulated");
  }

  @Test
  void theAppsGrantsReadBackByNameWithoutARevokedPermissionWhoseWriteIsThenRefused()
      throws Exception {
    JsonNode app = get("/servicePrincipals?$filter=" + enc("appId eq 'sandbox'")).at("/value/0");
    JsonNode graph =
        get("/servicePrincipals?$filter="
                + enc("appId eq '00000003-0000-0000-c000-000000000000'")
                + "&$select=id,appRoles")
            .at("/value/0");
    java.util.Map<String, String> names = new java.util.HashMap<>();
    graph.get("appRoles").forEach(r -> names.put(r.get("id").asText(), r.get("value").asText()));

    sandbox.graph().revokePermission("User.RevokeSessions.All");

    java.util.List<String> granted = new java.util.ArrayList<>();
    get("/servicePrincipals/" + app.get("id").asText() + "/appRoleAssignments")
        .get("value")
        .forEach(
            a -> {
              assertThat(a.get("resourceId").asText()).isEqualTo(graph.get("id").asText());
              granted.add(names.get(a.get("appRoleId").asText()));
            });
    assertThat(granted)
        .containsExactly(
            "User.Read.All",
            "User.EnableDisableAccount.All",
            "GroupMember.ReadWrite.All",
            "LicenseAssignment.ReadWrite.All",
            "Files.ReadWrite.All",
            "MailboxSettings.ReadWrite",
            "Mail.Send",
            "Mail.ReadBasic.All",
            "Application.Read.All",
            "User-LifeCycleInfo.ReadWrite.All",
            "AppRoleAssignment.ReadWrite.All",
            "DelegatedPermissionGrant.ReadWrite.All",
            "UserAuthenticationMethod.ReadWrite.All",
            "Group.ReadWrite.All",
            "Application.ReadWrite.All",
            "User.DeleteRestore.All");
    assertThat(send("POST", "/users/" + ADA + "/revokeSignInSessions", null).statusCode())
        .isEqualTo(403);
    assertThat(get("/servicePrincipals?$filter=" + enc("appId eq 'someone-else'")).get("value"))
        .isEmpty();
  }

  @Test
  void aBroaderGrantCoversTheNarrowPermissionAWriteNeedsAsInGraph() throws Exception {
    sandbox.graph().revokePermission("User.EnableDisableAccount.All");
    assertThat(send("PATCH", "/users/" + ADA, "{\"accountEnabled\":false}").statusCode())
        .isEqualTo(403);

    sandbox.graph().grantPermission("User.ReadWrite.All");

    assertThat(send("PATCH", "/users/" + ADA, "{\"accountEnabled\":false}").statusCode())
        .isEqualTo(204);
  }

  @Test
  void refusedTokensAnswer401ForEveryRequestUntilRestored() throws Exception {
    sandbox.graph().refuseTokens(true);
    assertThat(send("GET", "/users/" + ADA, null).statusCode()).isEqualTo(401);

    sandbox.graph().restorePermissions();
    assertThat(send("GET", "/users/" + ADA, null).statusCode()).isEqualTo(200);
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer t");
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.BodyPublisher body =
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json);
    return http.send(
        authorized(path).header("Content-Type", "application/json").method(method, body).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest delete(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer t").DELETE().build();
  }

  private JsonNode get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer t").build());
  }

  private JsonNode send(HttpRequest request) throws Exception {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  private URI uri(String path) {
    return URI.create(sandbox.baseUrl() + "/graph/v1.0" + path);
  }
}
