package dev.leaver.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The emulated Slack organisation's state: team, tokens and members, seeded from the tenant file's
 * {@code slack:} section. All access is synchronized: the sandbox serves requests on several
 * threads and tests read the state while the connector writes it.
 */
final class SlackTenant {

  /** The team (workspace) and the Enterprise Grid org it belongs to. */
  record Team(String id, String name, String domain, String enterpriseId) {}

  /** An API token the sandbox accepts; not a secret, only a sandbox value. */
  record Token(String value, String userId, String userName, Set<String> scopes) {}

  private final Team team;
  private final Map<String, Token> tokens = new LinkedHashMap<>();
  private final Map<String, SlackUser> users = new LinkedHashMap<>();
  private final Set<String> revokedScopes = new LinkedHashSet<>();
  private final Set<String> revokedTokens = new LinkedHashSet<>();
  private final Clock clock;

  SlackTenant(JsonNode section, Clock clock) {
    this.clock = clock;
    JsonNode t = section.path("team");
    team =
        new Team(
            t.path("id").asText("T0CONTOSO"),
            t.path("name").asText("Contoso"),
            t.path("domain").asText("contoso"),
            t.path("enterpriseId").asText("E0CONTOSO"));
    for (JsonNode n : section.path("tokens")) {
      Set<String> scopes = new LinkedHashSet<>();
      n.path("scopes").forEach(s -> scopes.add(s.asText()));
      Token token =
          new Token(
              n.path("value").asText(),
              n.path("userId").asText("U0BOT"),
              n.path("userName").asText("leaver-bot"),
              Collections.unmodifiableSet(scopes)); // seed order, as x-oauth-scopes lists them
      tokens.put(token.value(), token);
    }
    for (JsonNode n : section.path("users")) {
      SlackUser u =
          new SlackUser(
              n.path("id").asText(),
              n.path("name").asText(),
              n.path("realName").asText(n.path("name").asText()),
              n.hasNonNull("email") ? n.get("email").asText() : null,
              n.path("active").asBoolean(true),
              n.path("admin").asBoolean(false),
              n.path("owner").asBoolean(false),
              n.path("primaryOwner").asBoolean(false),
              n.path("bot").asBoolean(false),
              n.path("activeSessions").asInt(0),
              0,
              null);
      users.put(u.id(), u);
    }
  }

  Team team() {
    return team;
  }

  Instant now() {
    return clock.instant();
  }

  /** The first seeded token: the admin user token the connector is configured with. */
  synchronized Optional<Token> firstToken() {
    return tokens.values().stream().findFirst();
  }

  /** The token, if the sandbox knows it and it has not been revoked. */
  synchronized Optional<Token> token(String value) {
    return Optional.ofNullable(
        value == null || revokedTokens.contains(value) ? null : tokens.get(value));
  }

  synchronized boolean revoked(String value) {
    return value != null && revokedTokens.contains(value);
  }

  synchronized void revokeToken(String value) {
    revokedTokens.add(value);
  }

  synchronized void restoreTokens() {
    revokedTokens.clear();
  }

  /** The token's scopes minus any a test revoked. */
  synchronized Set<String> scopes(Token token) {
    Set<String> s = new LinkedHashSet<>(token.scopes());
    s.removeAll(revokedScopes);
    return s;
  }

  synchronized void revokeScope(String scope) {
    revokedScopes.add(scope);
  }

  synchronized void restoreScopes() {
    revokedScopes.clear();
  }

  synchronized Optional<SlackUser> user(String id) {
    return Optional.ofNullable(id == null ? null : users.get(id));
  }

  synchronized Optional<SlackUser> userByEmail(String email) {
    if (email == null) {
      return Optional.empty();
    }
    String wanted = email.toLowerCase(Locale.ROOT);
    return users.values().stream()
        .filter(u -> u.email() != null && u.email().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }

  synchronized List<SlackUser> users() {
    return List.copyOf(users.values());
  }

  /** Replaces one user atomically; returns the new state, or empty if there is no such user. */
  synchronized Optional<SlackUser> update(String id, UnaryOperator<SlackUser> change) {
    SlackUser current = users.get(id);
    if (current == null) {
      return Optional.empty();
    }
    SlackUser next = change.apply(current);
    users.put(id, next);
    return Optional.of(next);
  }
}
