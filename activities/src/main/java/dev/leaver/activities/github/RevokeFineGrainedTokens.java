package dev.leaver.activities.github;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Revokes the organisation's access for every fine-grained personal access token the login owns
 * ({@code GET /orgs/{o}/personal-access-tokens?owner[]=login}, then one {@code POST
 * /orgs/{o}/personal-access-tokens {"action":"revoke","pat_ids":[...]}}). GitHub allows these calls
 * only to a GitHub App installation token with "Personal access tokens: write" ({@link
 * GithubConfig#appInstallationToken}). The tokens lose access to the organisation for good; only
 * their owner could request it again, so it is irreversible, and the before-image names each token
 * (id, name, repositories, permissions, expiry).
 *
 * <p>A retry re-reads the list and revokes only the tokens still granted: GitHub refuses (422) a
 * revoke naming a token it no longer lists.
 */
final class RevokeFineGrainedTokens implements TargetAction {
  static final String NAME = "RevokeFineGrainedTokens";
  static final String IDS = "patIds";
  static final String TOKENS = "tokens";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          false,
          GithubTarget.PAT_WRITE,
          "Revokes the GitHub organisation's access for every fine-grained personal access token the"
              + " leaver owns; cannot be undone.");

  private final GithubApi api;

  RevokeFineGrainedTokens(GithubApi api) {
    this.api = api;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    List<String> ids = new ArrayList<>();
    List<String> described = new ArrayList<>();
    for (JsonNode t : list(target.accountId())) {
      ids.add(t.path("id").asText());
      described.add(
          t.path("id").asText()
              + " '"
              + t.path("token_name").asText()
              + "' repositories "
              + t.path("repository_selection").asText("?")
              + " permissions "
              + t.path("permissions")
              + " expires "
              + t.path("token_expires_at").asText("never"));
    }
    Map<String, String> image = new LinkedHashMap<>();
    image.put(IDS, Lists.join(ids));
    image.put(TOKENS, String.join("; ", described));
    return image;
  }

  private List<JsonNode> list(String login) {
    return api.list(path() + "?owner%5B%5D=" + login, true, SPEC.permission());
  }

  private String path() {
    return "/orgs/" + api.org() + "/personal-access-tokens";
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> ids = Lists.split(before.get(IDS));
    if (ids.isEmpty()) {
      return new Decision.NoOp(
          target.accountId()
              + " has no fine-grained personal access token granted to "
              + api.org());
    }
    return new Decision.Write(
        "revoke "
            + ids.size()
            + " fine-grained personal access token(s) of "
            + target.accountId()
            + " ("
            + before.get(TOKENS)
            + "); cannot be undone");
  }

  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    List<String> wanted = Lists.split(before.get(IDS));
    List<String> listed =
        list(target.accountId()).stream().map(t -> t.path("id").asText()).toList();
    List<Long> toRevoke = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    for (String id : wanted) {
      if (listed.contains(id)) {
        toRevoke.add(Long.parseLong(id));
      } else {
        gone.add(id);
        progress.done(id);
      }
    }
    if (!toRevoke.isEmpty()) {
      progress.beat();
      api.call(
          "POST", path(), Map.of("action", "revoke", "pat_ids", toRevoke), true, SPEC.permission());
      toRevoke.forEach(id -> progress.done(Long.toString(id)));
    }
    List<String> notes = new ArrayList<>();
    notes.add("revoked: " + before.get(TOKENS));
    if (!gone.isEmpty()) {
      notes.add(
          "no longer listed before the revoke (an earlier attempt, or the owner): "
              + Lists.join(gone));
    }
    return new Change(Map.of(IDS, ""), true, null, List.of(), notes);
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    List<String> before = Lists.split(receipt.before().get(IDS));
    List<String> left =
        list(target.accountId()).stream()
            .map(t -> t.path("id").asText())
            .filter(before::contains)
            .toList();
    return left.isEmpty()
        ? Check.removed("none of " + before.size() + " revoked tokens is granted any more")
        : Check.stillGranted("still granted: " + Lists.join(left));
  }
}
