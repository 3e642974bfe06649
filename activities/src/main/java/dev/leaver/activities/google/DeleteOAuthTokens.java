package dev.leaver.activities.google;

import com.google.api.services.directory.model.Token;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletes every OAuth grant the user gave a third-party app ({@code tokens.list}, then {@code
 * tokens.delete} per client id), one at a time with progress. Irreversible: only the user can grant
 * an app again. The before-image records each app and the scopes it held.
 */
final class DeleteOAuthTokens implements TargetAction {
  static final String CLIENT_IDS = "oauthClientIds";
  static final String APPS = "oauthApps";
  static final ActionSpec SPEC =
      ActionSpec.of(
          "DeleteOAuthTokens",
          Stage.CLEANUP,
          false,
          GoogleClients.USER_SECURITY,
          "Deletes the OAuth grants the user gave third-party apps (tokens.delete per app).");

  private final GoogleClients clients;

  DeleteOAuthTokens(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  /** {@code oauthClientIds} and {@code oauthApps}: one line per app, its name and scopes. */
  @Override
  public Map<String, String> snapshot(Target target) {
    List<Token> tokens = tokens(target);
    List<String> ids = new ArrayList<>();
    List<String> apps = new ArrayList<>();
    for (Token t : tokens) {
      ids.add(t.getClientId());
      apps.add(
          t.getClientId()
              + " = "
              + t.getDisplayText()
              + " ["
              + String.join(" ", t.getScopes() == null ? List.of() : t.getScopes())
              + "]");
    }
    return Map.of(CLIENT_IDS, Items.join(ids), APPS, String.join("\n", apps));
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> ids = Items.split(before.get(CLIENT_IDS));
    if (ids.isEmpty()) {
      return new Decision.NoOp("no third-party app holds an OAuth grant of this user");
    }
    return new Decision.Write(
        "delete "
            + ids.size()
            + " OAuth grant(s): "
            + before.getOrDefault(APPS, "").replace("\n", "; ")
            + " (cannot be undone)");
  }

  /** A grant already gone was in the before-image: an earlier attempt of this step deleted it. */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    for (String clientId : Items.split(before.get(CLIENT_IDS))) {
      if (progress.isDone(clientId)) {
        continue;
      }
      progress.writing(clientId);
      clients.delete(
          "tokens.delete",
          GoogleClients.USER_SECURITY,
          () ->
              clients
                  .directory(GoogleClients.USER_SECURITY)
                  .tokens()
                  .delete(target.accountId(), clientId)
                  .execute());
      progress.done(clientId);
    }
    List<String> left = tokens(target).stream().map(Token::getClientId).toList();
    return new Change(
        Map.of(CLIENT_IDS, Items.join(left)),
        true,
        null,
        List.of(),
        List.of("deleted the grants of: " + before.getOrDefault(APPS, "").replace("\n", "; ")));
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    List<Token> left = tokens(target);
    return left.isEmpty()
        ? Check.removed("tokens.list: no OAuth grant left")
        : Check.stillGranted(
            "tokens.list still shows: "
                + String.join(", ", left.stream().map(Token::getDisplayText).toList()));
  }

  private List<Token> tokens(Target target) {
    List<Token> items =
        clients.call(
            "tokens.list",
            GoogleClients.USER_SECURITY,
            () ->
                clients
                    .directory(GoogleClients.USER_SECURITY)
                    .tokens()
                    .list(target.accountId())
                    .execute()
                    .getItems());
    return items == null ? List.of() : items;
  }
}
