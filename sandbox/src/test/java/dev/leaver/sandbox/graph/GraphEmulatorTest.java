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
  private static final String ENGINEERING = "0b1e2f3a-1111-4aaa-8000-000000000001";
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
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/users/" + ADA)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(Json.MAPPER.readTree(r.body()).at("/error/code").asText()).isEqualTo("InvalidAuthenticationToken");
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
      JsonNode page = send(HttpRequest.newBuilder(URI.create(next)).header("Authorization", "Bearer t").build());
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
    assertThat(http.send(delete("/groups/00000000-0000-0000-0000-000000000000/members/" + ADA + "/$ref"),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
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
