package dev.leaver.sandbox.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.Json;
import dev.leaver.sandbox.Sandbox;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graph emulator's mailbox settings, sendMail and Sent Items, with a plain HTTP client. */
class GraphMailTest {
  private static final String ADA = "3f1c2a9e-7b4d-4c1e-9a51-0e5d6b2f1001";
  private static final String ALAN = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b3003";
  private static final String FROM = "offboarding@contoso.example";
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
  void automaticRepliesArePatchedAndReadBackAndUnknownValuesAreRefused() throws Exception {
    JsonNode before = json(send("GET", "/users/" + ADA + "/mailboxSettings", null));
    assertThat(before.at("/automaticRepliesSetting/status").asText()).isEqualTo("disabled");
    assertThat(before.at("/automaticRepliesSetting/scheduledStartDateTime/timeZone").asText())
        .isEqualTo("UTC");

    var patched =
        send(
            "PATCH",
            "/users/" + ADA + "/mailboxSettings",
            "{\"automaticRepliesSetting\":{\"status\":\"alwaysEnabled\",\"externalReplyMessage\":\"Gone\"}}");
    var bad =
        send(
            "PATCH",
            "/users/" + ADA + "/mailboxSettings",
            "{\"automaticRepliesSetting\":{\"status\":\"on\"}}");

    assertThat(patched.statusCode()).isEqualTo(200);
    JsonNode after =
        json(
            send(
                "GET", "/users/" + ADA + "/mailboxSettings?$select=automaticRepliesSetting", null));
    assertThat(after.at("/automaticRepliesSetting/status").asText()).isEqualTo("alwaysEnabled");
    assertThat(after.at("/automaticRepliesSetting/internalReplyMessage").asText())
        .as("untouched fields stay")
        .isEqualTo("Away at the Analytical Society until Friday.");
    assertThat(after.has("timeZone")).as("$select").isFalse();
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void sentMailLandsInSentItemsWhereASubjectFilterFindsIt() throws Exception {
    String mail =
        "{\"Message\":{\"subject\":\"Hand over 'A'\",\"body\":{\"contentType\":\"text\",\"content\":\"hi\"},"
            + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"grace.hopper@contoso.example\"}}],"
            + "\"internetMessageHeaders\":[{\"name\":\"x-leaver-send-key\",\"value\":\"k1\"}]},\"SaveToSentItems\":true}";

    assertThat(send("POST", "/users/" + FROM + "/sendMail", mail).statusCode()).isEqualTo(202);

    String filter = URLEncoder.encode("subject eq 'Hand over ''A'''", StandardCharsets.UTF_8);
    JsonNode found =
        json(
            send(
                "GET",
                "/users/"
                    + FROM
                    + "/mailFolders/sentitems/messages?$filter="
                    + filter
                    + "&$select=id,subject,internetMessageHeaders&$top=1",
                null));
    JsonNode none =
        json(
            send(
                "GET",
                "/users/"
                    + FROM
                    + "/mailFolders/sentitems/messages?$filter="
                    + URLEncoder.encode("subject eq 'other'", StandardCharsets.UTF_8),
                null));
    assertThat(found.path("value"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.path("subject").asText()).isEqualTo("Hand over 'A'");
              assertThat(m.at("/internetMessageHeaders/0/name").asText())
                  .isEqualTo("x-leaver-send-key");
              assertThat(m.has("body")).isFalse();
            });
    assertThat(none.path("value")).isEmpty();
    assertThat(sandbox.graph().sentMail(FROM))
        .singleElement()
        .satisfies(m -> assertThat(m.headers()).containsEntry("x-leaver-send-key", "k1"));
  }

  @Test
  void aCustomHeaderMustStartWithXDashAndAUserWithoutAMailboxHasNoMailRoutes() throws Exception {
    var badHeader =
        send(
            "POST",
            "/users/" + FROM + "/sendMail",
            "{\"message\":{\"subject\":\"s\","
                + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"a@b.example\"}}],"
                + "\"internetMessageHeaders\":[{\"name\":\"send-key\",\"value\":\"k\"}]}}");
    var noMailbox = send("GET", "/users/" + ALAN + "/mailboxSettings", null);

    assertThat(badHeader.statusCode()).isEqualTo(400);
    assertThat(json(badHeader).at("/error/code").asText())
        .isEqualTo("InvalidInternetMessageHeader");
    assertThat(noMailbox.statusCode()).isEqualTo(404);
    assertThat(json(noMailbox).at("/error/code").asText()).isEqualTo("MailboxNotEnabledForRESTAPI");
    assertThat(sandbox.graph().sentMail(FROM)).isEmpty();
  }

  @Test
  void mailNeedsItsOwnPermissionsAndUserReadAllDoesNotReadIt() throws Exception {
    sandbox.graph().revokePermission("Mail.ReadBasic.All");
    sandbox.graph().revokePermission("MailboxSettings.ReadWrite");

    assertThat(send("GET", "/users/" + FROM + "/mailFolders/sentitems/messages", null).statusCode())
        .isEqualTo(403);
    assertThat(send("GET", "/users/" + ADA + "/mailboxSettings", null).statusCode()).isEqualTo(403);
    sandbox.graph().grantPermission("Mail.Read");
    assertThat(send("GET", "/users/" + FROM + "/mailFolders/sentitems/messages", null).statusCode())
        .as("Mail.Read covers Mail.ReadBasic.All")
        .isEqualTo(200);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/graph/v1.0" + path))
            .header("Authorization", "Bearer t")
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }
}
