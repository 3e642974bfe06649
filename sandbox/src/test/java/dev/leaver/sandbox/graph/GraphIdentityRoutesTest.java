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

/**
 * The emulator's authentication methods, app role assignments, delegated grants, owners and leave
 * date on the wire, with a plain HTTP client: Graph's shapes, refusals and permissions.
 */
class GraphIdentityRoutesTest {
  private static final String ADA = "3f1c2a9e-7b4d-4c1e-9a51-0e5d6b2f1001";
  private static final String GRACE = "8c0e4b7a-2d3f-4e6a-b1c9-5f7a8d9e2002";
  private static final String MOBILE = "3179e48a-750b-4051-897c-87b9720928f7";
  private static final String ALTERNATE = "b6332ec1-7057-4abe-9331-3d72feddfe41";
  private static final String SALESFORCE = "5e0c1a2b-0001-4000-8000-0000000a0001";
  private static final String STANDARD_USER = "7a1e0001-0000-4000-8000-00000000a001";
  private static final String ARCHIVE = "0b1e2f3a-6666-4aaa-8000-000000000006";
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
  void methodsListEveryMethodWithItsODataTypeAndFixedPhoneIdsAndNeverANumberForThePassword()
      throws Exception {
    JsonNode value =
        json(send("GET", "/users/" + ADA + "/authentication/methods", null)).get("value");

    assertThat(value)
        .extracting(m -> m.get("@odata.type").asText())
        .containsExactly(
            "#microsoft.graph.passwordAuthenticationMethod",
            "#microsoft.graph.phoneAuthenticationMethod",
            "#microsoft.graph.phoneAuthenticationMethod",
            "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
            "#microsoft.graph.fido2AuthenticationMethod");
    assertThat(value.get(0).get("id").asText()).isEqualTo("28c10230-6103-485e-b985-444c60001490");
    assertThat(value.get(0).get("password").isNull()).isTrue();
    assertThat(value.get(1).get("id").asText()).isEqualTo(MOBILE);
    assertThat(value.get(2).get("phoneType").asText()).isEqualTo("alternateMobile");
  }

  @Test
  void mobileCannotGoWhileAlternateMobileExistsNorADefaultPhoneNorThePassword() throws Exception {
    String phones = "/users/" + ADA + "/authentication/phoneMethods/";
    assertThat(send("DELETE", phones + MOBILE, null).statusCode()).isEqualTo(400);

    sandbox.graph().authenticationMethods().setDefaultMfaMethod(ADA, "voiceAlternateMobile");
    HttpResponse<String> refused = send("DELETE", phones + ALTERNATE, null);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("default multi-factor authentication method");

    sandbox.graph().authenticationMethods().setDefaultMfaMethod(ADA, "push");
    assertThat(send("DELETE", phones + ALTERNATE, null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", phones + MOBILE, null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", phones + MOBILE, null).statusCode())
        .as("already gone")
        .isEqualTo(404);
    assertThat(
            send(
                    "DELETE",
                    "/users/"
                        + ADA
                        + "/authentication/passwordMethods/"
                        + "28c10230-6103-485e-b985-444c60001490",
                    null)
                .statusCode())
        .isEqualTo(400);
    assertThat(sandbox.graph().authenticationMethods().of(ADA))
        .containsExactly("password", "microsoftAuthenticator", "fido2");
  }

  @Test
  void anAppRoleAssignmentRecreatedGetsANewIdAndASecondOneIsRefused() throws Exception {
    String list = "/users/" + ADA + "/appRoleAssignments";
    JsonNode first = json(send("GET", list, null)).get("value").get(0);
    assertThat(first.get("resourceDisplayName").asText()).isEqualTo("Salesforce");
    assertThat(send("DELETE", list + "/" + first.get("id").asText(), null).statusCode())
        .isEqualTo(204);
    assertThat(send("DELETE", list + "/" + first.get("id").asText(), null).statusCode())
        .isEqualTo(404);

    String body =
        "{\"principalId\":\""
            + ADA
            + "\",\"resourceId\":\""
            + SALESFORCE
            + "\",\"appRoleId\":\""
            + STANDARD_USER
            + "\"}";
    HttpResponse<String> created = send("POST", list, body);
    HttpResponse<String> again = send("POST", list, body);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).get("id").asText()).isNotEqualTo(first.get("id").asText());
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("Permission being assigned already exists on the object.");
  }

  @Test
  void aDelegatedGrantIsFoundByPrincipalAndASecondOneForTheSameClientAndResourceIsAConflict()
      throws Exception {
    JsonNode grants =
        json(send(
                "GET",
                "/oauth2PermissionGrants?$filter=" + enc("principalId eq '" + ADA + "'"),
                null))
            .get("value");
    assertThat(grants)
        .hasSize(2)
        .allSatisfy(g -> assertThat(g.get("consentType").asText()).isEqualTo("Principal"));
    JsonNode g = grants.get(0);
    String body =
        "{\"clientId\":\""
            + g.get("clientId").asText()
            + "\",\"consentType\":\"Principal\","
            + "\"principalId\":\""
            + ADA
            + "\",\"resourceId\":\""
            + g.get("resourceId").asText()
            + "\",\"scope\":\"User.Read\"}";

    assertThat(send("POST", "/oauth2PermissionGrants", body).statusCode()).isEqualTo(409);
    assertThat(send("DELETE", "/oauth2PermissionGrants/" + g.get("id").asText(), null).statusCode())
        .isEqualTo(204);
    assertThat(send("POST", "/oauth2PermissionGrants", body).statusCode()).isEqualTo(201);
    assertThat(sandbox.graph().permissionGrants().of(ADA)).hasSize(2);
  }

  @Test
  void aGroupKeepsItsLastOwnerAndOwnedObjectsListGroupsAndAppsWithTheirCredentialHints()
      throws Exception {
    JsonNode owned = json(send("GET", "/users/" + ADA + "/ownedObjects", null)).get("value");
    assertThat(owned)
        .extracting(o -> o.get("@odata.type").asText() + " " + o.get("displayName").asText())
        .containsExactly(
            "#microsoft.graph.group Difference Engine Archive",
            "#microsoft.graph.group Compiler Guild",
            "#microsoft.graph.application Analytical Engine Connector");
    assertThat(owned.get(2).at("/passwordCredentials/0/hint").asText()).isEqualTo("Q~x");
    assertThat(owned.get(2).at("/passwordCredentials/0/secretText").isNull()).isTrue();

    String owners = "/groups/" + ARCHIVE + "/owners";
    HttpResponse<String> last = send("DELETE", owners + "/" + ADA + "/$ref", null);
    assertThat(last.statusCode()).isEqualTo(400);
    assertThat(last.body()).contains("at least one owner");
    String ref =
        "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/directoryObjects/" + GRACE + "\"}";
    assertThat(send("POST", owners + "/$ref", ref).statusCode()).isEqualTo(204);
    assertThat(send("POST", owners + "/$ref", ref).statusCode()).isEqualTo(400);
    assertThat(send("DELETE", owners + "/" + ADA + "/$ref", null).statusCode()).isEqualTo(204);
    assertThat(sandbox.graph().ownership().ownersOf("Difference Engine Archive"))
        .containsExactly("grace.hopper@contoso.example");
  }

  @Test
  void theLeaveDateIsSetAndClearedWithItsOwnPermissionWhichNoBroaderOneCovers() throws Exception {
    String user = "/users/" + ADA;
    assertThat(
            json(send("GET", user + "?$select=id,employeeLeaveDateTime", null))
                .get("employeeLeaveDateTime")
                .isNull())
        .isTrue();
    assertThat(
            send("PATCH", user, "{\"employeeLeaveDateTime\":\"2026-11-30T17:00:00Z\"}")
                .statusCode())
        .isEqualTo(204);
    assertThat(sandbox.graph().employeeLeaveDateTime(ADA)).isEqualTo("2026-11-30T17:00:00Z");

    sandbox.graph().revokePermission("User-LifeCycleInfo.ReadWrite.All");
    sandbox.graph().grantPermission("Directory.ReadWrite.All");
    assertThat(send("PATCH", user, "{\"employeeLeaveDateTime\":null}").statusCode()).isEqualTo(403);

    sandbox.graph().restorePermissions();
    assertThat(send("PATCH", user, "{\"employeeLeaveDateTime\":null}").statusCode()).isEqualTo(204);
    assertThat(sandbox.graph().employeeLeaveDateTime(ADA)).isNull();
  }

  @Test
  void eachNewWriteIsRefusedWithout403ItsPermission() throws Exception {
    sandbox.graph().revokePermission("UserAuthenticationMethod.ReadWrite.All");
    sandbox.graph().revokePermission("AppRoleAssignment.ReadWrite.All");
    sandbox.graph().revokePermission("DelegatedPermissionGrant.ReadWrite.All");
    sandbox.graph().revokePermission("Group.ReadWrite.All");
    sandbox.graph().revokePermission("Application.ReadWrite.All");

    assertThat(
            send("DELETE", "/users/" + ADA + "/authentication/phoneMethods/" + ALTERNATE, null)
                .statusCode())
        .isEqualTo(403);
    assertThat(send("DELETE", "/users/" + ADA + "/appRoleAssignments/x", null).statusCode())
        .isEqualTo(403);
    assertThat(send("DELETE", "/oauth2PermissionGrants/x", null).statusCode()).isEqualTo(403);
    assertThat(send("DELETE", "/groups/" + ARCHIVE + "/owners/" + ADA + "/$ref", null).statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "DELETE",
                    "/applications/4a9b0c1d-1001-4e2f-8a3b-00000000a1f1/owners/" + ADA + "/$ref",
                    null)
                .statusCode())
        .isEqualTo(403);
    assertThat(sandbox.graph().authenticationMethods().of(ADA)).contains("phone:alternateMobile");
  }

  private HttpResponse<String> send(String method, String path, String json) throws Exception {
    HttpRequest.BodyPublisher body =
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json);
    return http.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/graph/v1.0" + path))
            .header("Authorization", "Bearer t")
            .header("Content-Type", "application/json")
            .method(method, body)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return Json.MAPPER.readTree(r.body());
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
