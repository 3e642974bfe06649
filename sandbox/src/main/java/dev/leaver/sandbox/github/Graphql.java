package dev.leaver.sandbox.github;

import static dev.leaver.sandbox.github.GithubEmulator.map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * The one GraphQL query the emulator answers at {@code POST /github/graphql}: an organisation's
 * SAML external identities filtered by {@code userName} (the IdP's NameID), in GitHub's schema:
 *
 * <pre>{@code
 * query($login: String!, $userName: String!) {
 *   organization(login: $login) {
 *     samlIdentityProvider {
 *       externalIdentities(first: 5, userName: $userName) {
 *         nodes { guid samlIdentity { nameId username } user { login } }
 *       }
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>{@code samlIdentityProvider} is null for an organisation without SAML SSO, {@code
 * organization} null with a {@code NOT_FOUND} error for an unknown login; GraphQL answers 200 in
 * both cases. Any other query is answered with an error.
 */
final class Graphql {
  private Graphql() {}

  static HttpResponse answer(GithubOrg org, HttpRequest req, GithubOrg.Token token) {
    JsonNode body = Answers.body(req);
    String query = body.path("query").asText("");
    JsonNode vars = body.path("variables");
    if (!query.contains("samlIdentityProvider") || !query.contains("externalIdentities")) {
      return Answers.ok(
          map(
              "errors",
              List.of(
                  map(
                      "message",
                      "the sandbox answers only organization.samlIdentityProvider.externalIdentities"))));
    }
    if (!token.installation() && !token.scopes().contains("admin:org")) {
      return Answers.ok(
          map(
              "data",
              map("organization", null),
              "errors",
              List.of(
                  map(
                      "type",
                      "FORBIDDEN",
                      "message",
                      "Resource not accessible: needs the admin:org scope"))));
    }
    String login = vars.path("login").asText(vars.path("org").asText(""));
    if (!login.equals(org.login)) {
      return Answers.ok(
          map(
              "data",
              map("organization", null),
              "errors",
              List.of(
                  map(
                      "type",
                      "NOT_FOUND",
                      "path",
                      List.of("organization"),
                      "message",
                      "Could not resolve to an Organization with the login of '" + login + "'."))));
    }
    if (!org.saml) {
      return Answers.ok(map("data", map("organization", map("samlIdentityProvider", null))));
    }
    String userName = vars.path("userName").asText(null);
    List<Object> nodes =
        org.identities.stream()
            .filter(i -> userName == null || i.nameId().equalsIgnoreCase(userName))
            .map(
                i ->
                    (Object)
                        map(
                            "guid",
                            "sandbox-" + Math.abs((long) i.nameId().hashCode()),
                            "samlIdentity",
                            map("nameId", i.nameId(), "username", i.nameId()),
                            "user",
                            i.login() == null ? null : map("login", i.login())))
            .toList();
    Map<String, Object> ids = map("externalIdentities", map("nodes", nodes));
    return Answers.ok(map("data", map("organization", map("samlIdentityProvider", ids))));
  }
}
