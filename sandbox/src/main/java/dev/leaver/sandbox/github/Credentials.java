package dev.leaver.sandbox.github;

import static dev.leaver.sandbox.github.Answers.body;
import static dev.leaver.sandbox.github.Answers.invalid;
import static dev.leaver.sandbox.github.Answers.notFound;
import static dev.leaver.sandbox.github.GithubEmulator.map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.HttpRequest;
import dev.leaver.sandbox.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * SAML SSO credential authorizations ({@code /orgs/{o}/credential-authorizations}) and fine-grained
 * personal access tokens ({@code /orgs/{o}/personal-access-tokens}); the caller has checked the
 * token kind each needs.
 */
final class Credentials {
  private final GithubOrg org;
  private final GithubEmulator emulator;

  Credentials(GithubOrg org, GithubEmulator emulator) {
    this.org = org;
    this.emulator = emulator;
  }

  HttpResponse authorizations(HttpRequest req, String base, String[] p) {
    String m = req.method();
    if (p.length == 4 && m.equals("GET")) {
      String login = req.query().get("login");
      return Answers.page(
          emulator.maxPageSize(),
          req,
          base,
          org.credentials.stream()
              .filter(c -> login == null || c.login().equals(login))
              .map(
                  c ->
                      (Object)
                          map(
                              "login",
                              c.login(),
                              "credential_id",
                              c.credentialId(),
                              "credential_type",
                              c.type(),
                              "token_last_eight",
                              c.tokenLastEight(),
                              "fingerprint",
                              c.fingerprint(),
                              "scopes",
                              c.scopes(),
                              "credential_authorized_at",
                              c.authorizedAt(),
                              "credential_accessed_at",
                              null,
                              "authorized_credential_title",
                              c.title(),
                              "authorized_credential_id",
                              c.credentialId() + 1000))
              .toList());
    }
    if (p.length == 5 && m.equals("DELETE")) {
      boolean removed = org.credentials.removeIf(c -> Long.toString(c.credentialId()).equals(p[4]));
      return removed ? HttpResponse.empty(204) : notFound();
    }
    return notFound();
  }

  HttpResponse personalAccessTokens(HttpRequest req, String base, String[] p) {
    String m = req.method();
    if (p.length == 4 && m.equals("GET")) {
      String owner = req.query().getOrDefault("owner[]", req.query().get("owner"));
      return Answers.page(
          emulator.maxPageSize(),
          req,
          base,
          org.pats.stream()
              .filter(t -> owner == null || t.owner().equals(owner))
              .map(
                  t ->
                      (Object)
                          map(
                              "id",
                              t.id(),
                              "owner",
                              Shapes.user(base, org.users.get(t.owner())),
                              "repository_selection",
                              t.repositorySelection(),
                              "permissions",
                              t.permissions(),
                              "access_granted_at",
                              t.grantedAt(),
                              "token_id",
                              t.tokenId(),
                              "token_name",
                              t.tokenName(),
                              "token_expired",
                              false,
                              "token_expires_at",
                              t.expiresAt(),
                              "token_last_used_at",
                              null,
                              "repositories_url",
                              base
                                  + "/organizations/"
                                  + org.id
                                  + "/personal-access-tokens/"
                                  + t.id()
                                  + "/repositories"))
              .toList());
    }
    if (p.length == 4 && m.equals("POST")) {
      JsonNode body = body(req);
      if (!body.path("action").asText().equals("revoke")
          || !body.path("pat_ids").isArray()
          || body.path("pat_ids").isEmpty()) {
        return invalid("action", "invalid");
      }
      List<Long> ids = new ArrayList<>();
      body.path("pat_ids").forEach(id -> ids.add(id.asLong()));
      if (!ids.stream().allMatch(id -> org.pats.stream().anyMatch(t -> t.id() == id))) {
        return invalid("pat_ids", "not_found");
      }
      org.pats.removeIf(t -> ids.contains(t.id()));
      return HttpResponse.json(202, map());
    }
    return notFound();
  }
}
