package dev.leaver.sandbox.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Fault;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Exchange emulator's InvokeCommand wire behaviour, checked with a plain HTTP client. */
class ExchangeEmulatorTest {
  private static final String ADA = "ada.lovelace@contoso.example";
  private static final String ADA_ID = "3f1c2a9e-7b4d-4c1e-9a51-0e5d6b2f1001";
  private static final String GRACE = "grace.hopper@contoso.example";
  private final HttpClient http = HttpClient.newHttpClient();
  private Sandbox sandbox;
  private ExchangeEmulator exo;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    exo = sandbox.emulator(ExchangeEmulator.class);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void getMailboxAnswersWithExosCollectionShapeAndTypeAnnotations() throws Exception {
    JsonNode r = ok(invoke("Get-Mailbox", Map.of("Identity", ADA)));

    assertThat(r.path("@odata.context").asText())
        .endsWith("/$metadata#Collection(Exchange.GenericHashTable)");
    assertThat(r.path("adminapi.warnings@odata.type").asText()).isEqualTo("#Collection(String)");
    assertThat(r.path("@adminapi.warnings")).isEmpty();
    JsonNode box = r.path("value").get(0);
    assertThat(box.path("ExternalDirectoryObjectId").asText()).isEqualTo(ADA_ID);
    assertThat(box.path("RecipientTypeDetails").asText()).isEqualTo("UserMailbox");
    assertThat(box.path("ExchangeGuid@odata.type").asText()).isEqualTo("#Guid");
    assertThat(box.path("ForwardingSmtpAddress").isNull()).isTrue();
    assertThat(ok(invoke("get-mailbox", Map.of("Identity", ADA_ID))).path("value"))
        .as("cmdlet names are case-insensitive; the Entra object id is an identity")
        .hasSize(1);
  }

  @Test
  void aFilterOnUpnOrPrimaryAddressFindsMailboxesAndOtherFiltersAreRefused() throws Exception {
    assertThat(
            ok(invoke("Get-Mailbox", Map.of("Filter", "UserPrincipalName -eq '" + ADA + "'")))
                .path("value"))
        .hasSize(1);
    assertThat(
            ok(invoke(
                    "Get-Mailbox",
                    Map.of("Filter", "PrimarySmtpAddress -eq 'nobody@contoso.example'")))
                .path("value"))
        .isEmpty();
    assertThat(invoke("Get-Mailbox", Map.of("Filter", "Department -eq 'Maths'")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void anIdentityThatNamesNoMailboxIsExos404WithTheCmdletsReasonInItsDetails() throws Exception {
    var r = invoke("Set-Mailbox", Map.of("Identity", "nobody@contoso.example", "Type", "Shared"));

    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode error = Json.MAPPER.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("NotFound");
    assertThat(error.path("message").asText()).isEqualTo("Error executing cmdlet");
    assertThat(error.path("details").get(0).path("code").asText()).isEqualTo("Client");
    assertThat(error.path("details").get(0).path("message").asText())
        .startsWith(
            "Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|")
        .contains("couldn't be found on");
  }

  @Test
  void anUnknownCmdletIs403WithNoBodyAndAParameterTheCmdletLacksIs400() throws Exception {
    var unknown = invoke("Remove-Mailbox", Map.of("Identity", ADA));
    var badParameter = invoke("Get-Mailbox", Map.of("Identity", ADA, "Colour", "blue"));

    assertThat(unknown.statusCode()).isEqualTo(403);
    assertThat(unknown.body()).isEmpty();
    assertThat(badParameter.statusCode()).isEqualTo(400);
    assertThat(badParameter.body()).contains("ParameterBindingException", "Colour");
    assertThat(exo.mailbox(ADA)).as("nothing ran").isNotNull();
  }

  @Test
  void fullAccessIsAddedOnceShownByGetMailboxPermissionAndItsRemovalWarnsWhenGone()
      throws Exception {
    Map<String, Object> grant =
        Map.of("Identity", ADA, "User", GRACE, "AccessRights", "FullAccess", "AutoMapping", false);
    JsonNode added = ok(invoke("Add-MailboxPermission", grant));
    JsonNode again = ok(invoke("Add-MailboxPermission", grant));
    JsonNode rows = ok(invoke("Get-MailboxPermission", Map.of("Identity", ADA, "User", GRACE)));
    Map<String, Object> revoke =
        Map.of("Identity", ADA, "User", GRACE, "AccessRights", "FullAccess", "Confirm", false);
    JsonNode removed = ok(invoke("Remove-MailboxPermission", revoke));
    JsonNode removedAgain = ok(invoke("Remove-MailboxPermission", revoke));

    assertThat(added.path("value").get(0).path("AccessRights").get(0).asText())
        .isEqualTo("FullAccess");
    assertThat(again.path("value")).isEmpty();
    assertThat(again.path("@adminapi.warnings").get(0).asText()).contains("already present");
    assertThat(rows.path("value"))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.path("User").asText()).isEqualTo(GRACE);
              assertThat(row.path("IsInherited").asBoolean()).isFalse();
            });
    assertThat(removed.path("@adminapi.warnings")).isEmpty();
    assertThat(removedAgain.path("@adminapi.warnings").get(0).asText())
        .contains("the ACE doesn't exist");
    assertThat(exo.fullAccess(ADA)).isEmpty();
    assertThat(ok(invoke("Get-MailboxPermission", Map.of("Identity", ADA))).path("value"))
        .as("the owner's own entry stays")
        .singleElement()
        .satisfies(row -> assertThat(row.path("User").asText()).isEqualTo("NT AUTHORITY\\SELF"));
  }

  @Test
  void setMailboxConvertsAndForwardsAndASetThatChangesNothingWarns() throws Exception {
    ok(invoke("Set-Mailbox", Map.of("Identity", ADA, "Type", "Shared")));
    ok(
        invoke(
            "Set-Mailbox",
            Map.of(
                "Identity",
                ADA,
                "ForwardingSmtpAddress",
                GRACE,
                "DeliverToMailboxAndForward",
                true)));
    JsonNode same = ok(invoke("Set-Mailbox", Map.of("Identity", ADA, "Type", "Shared")));

    assertThat(exo.mailbox(ADA).recipientTypeDetails()).isEqualTo("SharedMailbox");
    assertThat(exo.mailbox(ADA).forwardingSmtpAddress()).isEqualTo("smtp:" + GRACE);
    assertThat(same.path("@adminapi.warnings").get(0).asText()).contains("no settings of");
    assertThat(invoke("Set-Mailbox", Map.of("Identity", ADA, "Type", "Linked")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void aRequestWithoutATokenIs401AndAnotherTenantsPathIs404() throws Exception {
    var noToken =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(sandbox.baseUrl() + "/exchange/adminapi/beta/sandbox/InvokeCommand"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            BodyHandlers.ofString());
    var otherTenant =
        post(
            "/exchange/adminapi/beta/fabrikam.example/InvokeCommand",
            body("Get-Mailbox", Map.of("Identity", ADA)));

    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(otherTenant.statusCode()).isEqualTo(404);
    assertThat(
            post(
                    "/exchange/adminapi/beta/contoso.example/InvokeCommand",
                    body("Get-Mailbox", Map.of("Identity", ADA)))
                .statusCode())
        .as("the tenant's domain")
        .isEqualTo(200);
  }

  @Test
  void theServersFaultsHitEveryCmdletWhileRefusalsAndLostAnswersAimAtOne() throws Exception {
    sandbox.server().faults().add(Fault.fail("POST", "/exchange/", 503).times(1));
    assertThat(invoke("Get-Mailbox", Map.of("Identity", ADA)).statusCode()).isEqualTo(503);

    exo.refuseNext("Set-Mailbox", HttpResponse.empty(429).withHeader("Retry-After", "7"));
    assertThat(invoke("Get-Mailbox", Map.of("Identity", ADA)).statusCode()).isEqualTo(200);
    var refused = invoke("Set-Mailbox", Map.of("Identity", ADA, "Type", "Shared"));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(exo.mailbox(ADA).recipientTypeDetails()).isEqualTo("UserMailbox");

    exo.loseNextAnswer("Set-Mailbox");
    assertThat(invoke("Set-Mailbox", Map.of("Identity", ADA, "Type", "Shared")).statusCode())
        .isEqualTo(504);
    assertThat(exo.mailbox(ADA).recipientTypeDetails()).as("it ran").isEqualTo("SharedMailbox");
    assertThat(exo.writes()).isEqualTo(2);
  }

  private java.net.http.HttpResponse<String> invoke(String cmdlet, Map<String, Object> parameters)
      throws Exception {
    return post("/exchange/adminapi/beta/sandbox/InvokeCommand", body(cmdlet, parameters));
  }

  private static String body(String cmdlet, Map<String, Object> parameters) throws Exception {
    return Json.MAPPER.writeValueAsString(
        Map.of("CmdletInput", Map.of("CmdletName", cmdlet, "Parameters", parameters)));
  }

  private java.net.http.HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
            .header("Authorization", "Bearer t")
            .header("Content-Type", "application/json")
            .header("X-ResponseFormat", "json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        BodyHandlers.ofString());
  }

  private static JsonNode ok(java.net.http.HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }
}
