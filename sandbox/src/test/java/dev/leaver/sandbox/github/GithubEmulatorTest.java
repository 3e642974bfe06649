package dev.leaver.sandbox.github;

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

/** The GitHub emulator answers with the status codes and shapes GitHub documents. */
class GithubEmulatorTest {
  private static final String OWNER = "ghp_sandbox_leaver_owner";
  private static final String APP = "ghs_sandbox_leaver_app";
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
  void aLoginThatIsNeitherMemberNorInvitedHasNoMembershipAndADeleteAnswers204ThenGone()
      throws Exception {
    assertThat(send("GET", "/orgs/contoso/memberships/octo-unknown", null, OWNER).statusCode())
        .isEqualTo(404);
    assertThat(send("GET", "/orgs/contoso/memberships/mhamilton-dev", null, OWNER).body())
        .contains("\"pending\"");

    assertThat(send("DELETE", "/orgs/contoso/memberships/linus-okafor", null, OWNER).statusCode())
        .isEqualTo(204);
    assertThat(send("DELETE", "/orgs/contoso/memberships/linus-okafor", null, OWNER).statusCode())
        .isEqualTo(404);
    assertThat(sandbox.emulator(GithubEmulator.class).teams("linus-okafor")).isEmpty();
  }

  @Test
  void aMemberCannotBeRemovedAsAnOutsideCollaborator() throws Exception {
    HttpResponse<String> r =
        send("DELETE", "/orgs/contoso/outside_collaborators/linus-okafor", null, OWNER);

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("cannot specify an organization member");
  }

  @Test
  void fineGrainedTokensAnswerOnlyAnAppTokenAndRefuseUnknownIds() throws Exception {
    assertThat(send("GET", "/orgs/contoso/personal-access-tokens", null, OWNER).statusCode())
        .isEqualTo(403);
    String revoke = "{\"action\":\"revoke\",\"pat_ids\":[1]}";
    assertThat(send("POST", "/orgs/contoso/personal-access-tokens", revoke, APP).statusCode())
        .isEqualTo(422);
    assertThat(
            send(
                    "POST",
                    "/orgs/contoso/personal-access-tokens",
                    "{\"action\":\"revoke\",\"pat_ids\":[25381]}",
                    APP)
                .statusCode())
        .isEqualTo(202);
    assertThat(sandbox.emulator(GithubEmulator.class).personalAccessTokens("linus-okafor"))
        .containsExactly(25382L);
  }

  @Test
  void listsArePaginatedWithLinkHeaders() throws Exception {
    HttpResponse<String> first = send("GET", "/orgs/contoso/teams?per_page=3", null, OWNER);

    assertThat(Json.MAPPER.readTree(first.body())).hasSize(3);
    assertThat(first.headers().firstValue("link").orElseThrow())
        .contains("per_page=3&page=2>; rel=\"next\"");
    assertThat(
            Json.MAPPER.readTree(
                send("GET", "/orgs/contoso/teams?per_page=3&page=2", null, OWNER).body()))
        .hasSize(1);
  }

  @Test
  void theSamlQueryFindsTheIdentityByNameIdAndAnUnknownTokenIs401() throws Exception {
    String query =
        "{\"query\":\"query($login:String!,$userName:String!){organization(login:$login)"
            + "{samlIdentityProvider{externalIdentities(first:5,userName:$userName){nodes{user{login}}}}}}\","
            + "\"variables\":{\"login\":\"contoso\",\"userName\":\"linus.okafor@contoso.example\"}}";
    JsonNode answer = Json.MAPPER.readTree(send("POST", "/graphql", query, OWNER).body());

    assertThat(
            answer
                .at("/data/organization/samlIdentityProvider/externalIdentities/nodes/0/user/login")
                .asText())
        .isEqualTo("linus-okafor");
    assertThat(send("GET", "/user", null, "ghp_wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void reInvitingAMemberWithTeamsLeavesThemPendingUntilAccepted() throws Exception {
    send("DELETE", "/orgs/contoso/memberships/linus-okafor", null, OWNER);
    send("PUT", "/orgs/contoso/memberships/linus-okafor", "{\"role\":\"member\"}", OWNER);
    send(
        "PUT",
        "/orgs/contoso/teams/backend/memberships/linus-okafor",
        "{\"role\":\"maintainer\"}",
        OWNER);
    GithubEmulator emulator = sandbox.emulator(GithubEmulator.class);

    assertThat(emulator.membership("linus-okafor")).contains("member/pending");
    assertThat(emulator.teams("linus-okafor")).containsEntry("backend", "maintainer/pending");
    assertThat(emulator.invitations()).anyMatch(i -> i.endsWith(":linus-okafor"));

    emulator.accept("linus-okafor");

    assertThat(emulator.membership("linus-okafor")).contains("member/active");
    assertThat(emulator.teams("linus-okafor")).containsEntry("backend", "maintainer/active");
  }

  @Test
  void anInvitationToAMemberOrWithAnUnknownRoleIsInvalidAndAValidOneIsPending() throws Exception {
    String path = "/orgs/contoso/invitations";
    assertThat(
            send("POST", path, "{\"invitee_id\":61005,\"role\":\"direct_member\"}", OWNER)
                .statusCode())
        .isEqualTo(422);
    assertThat(
            send("POST", path, "{\"email\":\"x@contoso.example\",\"role\":\"owner\"}", OWNER)
                .statusCode())
        .isEqualTo(422);

    // octo-newhire is already invited in the demo tenant.
    assertThat(send("POST", path, "{\"invitee_id\":62002,\"role\":\"admin\"}", OWNER).statusCode())
        .isEqualTo(422);
    HttpResponse<String> byEmail =
        send(
            "POST",
            path,
            "{\"email\":\"new.contractor@contoso.example\",\"team_ids\":[502]}",
            OWNER);
    assertThat(byEmail.statusCode()).isEqualTo(201);
    assertThat(byEmail.body()).contains("\"team_count\":1");
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/github" + path))
            .header("Authorization", "token " + token);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
