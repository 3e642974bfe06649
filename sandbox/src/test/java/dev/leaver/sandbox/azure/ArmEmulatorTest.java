package dev.leaver.sandbox.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ARM emulator as a client sees it over HTTPS: login, ARM's answers, faults through the
 * listener.
 */
class ArmEmulatorTest {
  private static final String LINUS_DELETE =
      "/subscriptions/22222222-2222-4222-8222-222222222222"
          + "/providers/Microsoft.Authorization/roleAssignments/0d7c1a01-1005-4a00-9000-00000000a003";

  private Sandbox sandbox;
  private HttpClient https;
  private String arm;
  private String token;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    JsonNode metadata =
        Json.MAPPER.readTree(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(sandbox.baseUrl() + "/azure/metadata/endpoints"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    arm = metadata.path("resourceManager").asText().replaceAll("/$", "");
    https =
        HttpClient.newBuilder()
            .sslContext(trusting(metadata.path("sandboxCertificatePem").asText()))
            .build();
    token = login("sandbox-client-secret").path("access_token").asText();
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void theMetadataNamesAnHttpsListenerWhoseCertificateIsTheOneAnnouncedAndTheLoginChecksTheSecret()
      throws Exception {
    assertThat(arm).startsWith("https://127.0.0.1:");
    assertThat(token).startsWith("sandbox-arm-");
    assertThat(login("wrong").path("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void armRefusesACallWithoutAnIssuedTokenOrAnApiVersion() throws Exception {
    HttpResponse<String> noVersion =
        send("GET", "/subscriptions/x/providers/Microsoft.KeyVault/vaults", null);
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(noVersion.body()).contains("MissingApiVersionParameter");
    token = null;
    assertThat(
            send(
                    "GET",
                    "/subscriptions/x/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01",
                    null)
                .statusCode())
        .isEqualTo(401);
    token = "forged";
    assertThat(
            send(
                    "GET",
                    "/subscriptions/x/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01",
                    null)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void deletingARoleAssignmentAnswers200Then204AndAPutUnderTheSameNameBringsItBack()
      throws Exception {
    token = login("sandbox-client-secret").path("access_token").asText();
    String url =
        "/" + LINUS_DELETE + "?api-version=2022-04-01"; // "//subscriptions", as the SDK sends
    HttpResponse<String> first = send("DELETE", url, null);
    HttpResponse<String> second = send("DELETE", url, null);
    String body =
        "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/22222222-2222-4222-8222-222222222222"
            + "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c\","
            + "\"principalId\":\"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b1005\"}}";
    HttpResponse<String> recreated = send("PUT", url, body);
    HttpResponse<String> duplicate =
        send("PUT", LINUS_DELETE.replace("a003", "a999") + "?api-version=2022-04-01", body);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(204);
    assertThat(recreated.statusCode()).isEqualTo(201);
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.body()).contains("RoleAssignmentExists");
    assertThat(
            sandbox
                .emulator(ArmEmulator.class)
                .roleAssignmentsOf("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b1005"))
        .extracting(a -> a.get("name"))
        .contains("0d7c1a01-1005-4a00-9000-00000000a003");
  }

  @Test
  void aFaultArmedOnTheSandboxAppliesToTheHttpsCallAndTheRequestIsLogged() throws Exception {
    sandbox.server().faults().throttle("DELETE", "/azure/subscriptions/", 1, 9);

    HttpResponse<String> throttled = send("DELETE", LINUS_DELETE + "?api-version=2022-04-01", null);

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).contains("9");
    assertThat(
            sandbox
                .emulator(ArmEmulator.class)
                .roleAssignmentsOf("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b1005"))
        .as("not applied")
        .hasSize(4);
    assertThat(sandbox.server().requests())
        .anyMatch(r -> r.path().equals("/azure" + LINUS_DELETE) && !r.applied());
  }

  private JsonNode login(String secret) throws Exception {
    String form =
        "grant_type=client_credentials&client_id=sandbox-leaver-app&client_secret="
            + secret
            + "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default";
    return Json.MAPPER.readTree(
        https
            .send(
                HttpRequest.newBuilder(URI.create(arm + "/sandbox/oauth2/v2.0/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private HttpResponse<String> send(String method, String pathAndQuery, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(arm + pathAndQuery))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static SSLContext trusting(String pem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "arm",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    return tls;
  }
}
