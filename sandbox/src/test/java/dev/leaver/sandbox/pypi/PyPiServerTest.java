package dev.leaver.sandbox.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The real scim2-server from PyPI, installed, started once per JVM and reached through a forwarder.
 */
class PyPiServerTest {

  @Test
  void theServerIsStartedOnceAndSharedByEveryoneInTheJvm() {
    PyPiServer first = PyPiServer.shared(PyPiServer.SCIM2_SERVER);
    PyPiServer second = PyPiServer.shared(PyPiServer.SCIM2_SERVER);

    assertThat(second).isSameAs(first);
    assertThat(first.url().getHost()).isEqualTo("127.0.0.1");
    assertThat(PyPiServer.SCIM2_SERVER.home().resolve(".leaver-installed")).exists();
  }

  @Test
  void aForwardedWriteLandsOnTheRealServerAndItsAnswerComesBackWithQueryAndHeaders()
      throws Exception {
    Forwarder forwarder = new Forwarder(() -> PyPiServer.shared(PyPiServer.SCIM2_SERVER).url());
    String tenant = "t" + UUID.randomUUID().toString().replace("-", "");
    byte[] user =
        Json.MAPPER.writeValueAsBytes(
            Map.of(
                "schemas",
                List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName",
                "linus.okafor@contoso.example",
                "active",
                true));

    HttpResponse created =
        forwarder.forward(
            new HttpRequest(
                "POST",
                "/scim/acme/Users",
                Map.of(),
                Map.of("content-type", List.of("application/scim+json")),
                user),
            "/scim/acme",
            "/" + tenant + "/v2");
    HttpResponse found =
        forwarder.forward(
            new HttpRequest(
                "GET",
                "/scim/acme/Users",
                Map.of("filter", "userName eq \"linus.okafor@contoso.example\""),
                Map.of(),
                new byte[0]),
            "/scim/acme",
            "/" + tenant + "/v2");

    assertThat(created.status()).isEqualTo(201);
    var list = Json.MAPPER.readTree(found.body());
    assertThat(list.get("totalResults").asInt()).isEqualTo(1);
    assertThat(list.get("Resources").get(0).get("id").asText())
        .isEqualTo(Json.MAPPER.readTree(created.body()).get("id").asText());
  }
}
