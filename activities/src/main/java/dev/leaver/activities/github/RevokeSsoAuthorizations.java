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
 * Revokes every credential (personal access token, SSH key) the login has authorized for the
 * organisation's SAML SSO ({@code GET /orgs/{o}/credential-authorizations?login=}, then {@code
 * DELETE .../credential-authorizations/{credential_id}} each). A revoked authorization cannot be
 * given back by anyone but the person, so this is irreversible; the before-image records what was
 * revoked (type, last eight characters or fingerprint, title, scopes, when it was authorized).
 *
 * <p>One item per credential: each is reported done as soon as GitHub answers, and a retry skips
 * those. A 404 on a delete means it is already gone.
 */
final class RevokeSsoAuthorizations implements TargetAction {
  static final String NAME = "RevokeSsoAuthorizations";
  static final String IDS = "credentialIds";
  static final String CREDENTIALS = "credentials";
  static final String SSO = "samlSso";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          false,
          GithubTarget.ADMIN_ORG,
          "Revokes the SAML SSO authorizations of the leaver's personal access tokens and SSH keys for"
              + " the GitHub organisation; cannot be undone.");

  private final GithubApi api;

  RevokeSsoAuthorizations(GithubApi api) {
    this.api = api;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    Map<String, String> image = new LinkedHashMap<>();
    List<JsonNode> found = list(target.accountId());
    if (found == null) {
      image.put(SSO, "off");
      image.put(IDS, "");
      return image;
    }
    List<String> ids = new ArrayList<>();
    List<String> described = new ArrayList<>();
    for (JsonNode c : found) {
      ids.add(c.path("credential_id").asText());
      described.add(describe(c));
    }
    image.put(SSO, "on");
    image.put(IDS, Lists.join(ids));
    image.put(CREDENTIALS, String.join("; ", described));
    return image;
  }

  /** The login's authorizations; null when the organisation has no SAML SSO (404). */
  private List<JsonNode> list(String login) {
    GithubApi.Answer probe =
        api.call("GET", path() + "?per_page=1&login=" + login, null, false, SPEC.permission(), 404);
    if (probe.status() == 404) {
      return null;
    }
    return api.list(path() + "?login=" + login, false, SPEC.permission());
  }

  private String path() {
    return "/orgs/" + api.org() + "/credential-authorizations";
  }

  private static String describe(JsonNode c) {
    String type = c.path("credential_type").asText("credential");
    String which =
        c.hasNonNull("token_last_eight")
            ? "…" + c.path("token_last_eight").asText()
            : c.path("fingerprint").asText("");
    List<String> scopes = new ArrayList<>();
    c.path("scopes").forEach(s -> scopes.add(s.asText()));
    return c.path("credential_id").asText()
        + " "
        + type
        + " "
        + which
        + (c.hasNonNull("authorized_credential_title")
            ? " '" + c.path("authorized_credential_title").asText() + "'"
            : "")
        + (scopes.isEmpty() ? "" : " scopes " + String.join(" ", scopes))
        + " authorized "
        + c.path("credential_authorized_at").asText("?");
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    if ("off".equals(before.get(SSO))) {
      return new Decision.NoOp(
          api.org() + " has no SAML SSO: there are no credential authorizations");
    }
    List<String> ids = Lists.split(before.get(IDS));
    if (ids.isEmpty()) {
      return new Decision.NoOp(
          target.accountId() + " has no SAML SSO credential authorizations in " + api.org());
    }
    return new Decision.Write(
        "revoke "
            + ids.size()
            + " SAML SSO credential authorization(s) of "
            + target.accountId()
            + " ("
            + before.get(CREDENTIALS)
            + "); cannot be undone");
  }

  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    List<String> revoked = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    for (String id : Lists.split(before.get(IDS))) {
      if (progress.isDone(id)) {
        continue;
      }
      progress.beat();
      GithubApi.Answer a =
          api.call("DELETE", path() + "/" + id, null, false, SPEC.permission(), 404);
      (a.status() == 404 ? gone : revoked).add(id);
      progress.done(id);
    }
    List<String> notes = new ArrayList<>();
    notes.add("revoked: " + before.get(CREDENTIALS));
    if (!gone.isEmpty()) {
      notes.add("already gone (an earlier attempt, or the person): " + Lists.join(gone));
    }
    return new Change(Map.of(IDS, ""), true, null, List.of(), notes);
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    List<JsonNode> now = list(target.accountId());
    if (now == null) {
      return Check.removed(api.org() + " has no SAML SSO");
    }
    List<String> before = Lists.split(receipt.before().get(IDS));
    List<String> left =
        now.stream().map(c -> c.path("credential_id").asText()).filter(before::contains).toList();
    return left.isEmpty()
        ? Check.removed("none of " + before.size() + " revoked authorizations is listed any more")
        : Check.stillGranted("still authorized: " + Lists.join(left));
  }
}
