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
 * Cancels the organisation's pending invitations addressed to the leaver: to their login, or by
 * e-mail to their work address (which any GitHub account could accept). {@code GET
 * /orgs/{o}/invitations}, then {@code DELETE /orgs/{o}/invitations/{id}} each; a 404 means it is
 * already gone (accepted, expired or cancelled).
 *
 * <p>At the kill switch: accepting an invitation is one click from a mail the leaver already has,
 * and gives membership at once.
 *
 * <p>Irreversible by choice: an invitation is an offer the leaver never took up, and re-sending one
 * would mail a person who is leaving a new link to the organisation. The before-image keeps what
 * each invitation offered (address, role, teams, inviter, date) so an operator can re-send it by
 * hand if a leave is cancelled; the membership itself comes back through {@code
 * RemoveOrgMembership}'s undo.
 */
final class CancelInvitations implements TargetAction {
  static final String NAME = "CancelInvitations";
  static final String IDS = "invitationIds";
  static final String INVITATIONS = "invitations";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          false,
          GithubTarget.ADMIN_ORG,
          "Cancels pending GitHub organisation invitations to the leaver's login or work e-mail;"
              + " cannot be undone (the before-image keeps what they offered).");

  private final GithubApi api;

  CancelInvitations(GithubApi api) {
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
    for (JsonNode i : forLeaver(target)) {
      String id = i.path("id").asText();
      List<String> teams = new ArrayList<>();
      if (i.path("team_count").asInt(0) > 0) {
        api.list(path() + "/" + id + "/teams", false, SPEC.permission())
            .forEach(t -> teams.add(t.path("slug").asText()));
      }
      ids.add(id);
      described.add(
          id
              + " to "
              + (i.hasNonNull("login") ? i.path("login").asText() : i.path("email").asText())
              + " as "
              + i.path("role").asText()
              + ", teams "
              + (teams.isEmpty() ? "none" : String.join(" ", teams))
              + ", invited by "
              + i.path("inviter").path("login").asText("?")
              + " "
              + i.path("created_at").asText());
    }
    Map<String, String> image = new LinkedHashMap<>();
    image.put(IDS, Lists.join(ids));
    image.put(INVITATIONS, String.join("; ", described));
    return image;
  }

  private List<JsonNode> forLeaver(Target target) {
    String login = target.accountId();
    String email = target.leaver().upn();
    return api.list(path(), false, SPEC.permission()).stream()
        .filter(
            i ->
                login.equalsIgnoreCase(i.path("login").asText(""))
                    || email.equalsIgnoreCase(i.path("email").asText("")))
        .toList();
  }

  private String path() {
    return "/orgs/" + api.org() + "/invitations";
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> ids = Lists.split(before.get(IDS));
    if (ids.isEmpty()) {
      return new Decision.NoOp(
          "no pending "
              + api.org()
              + " invitation to "
              + target.accountId()
              + " or the leaver's work address");
    }
    return new Decision.Write(
        "cancel "
            + ids.size()
            + " pending invitation(s) ("
            + before.get(INVITATIONS)
            + "); cannot be undone");
  }

  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    List<String> gone = new ArrayList<>();
    for (String id : Lists.split(before.get(IDS))) {
      if (progress.isDone(id)) {
        continue;
      }
      progress.beat();
      GithubApi.Answer a =
          api.call("DELETE", path() + "/" + id, null, false, SPEC.permission(), 404);
      if (a.status() == 404) {
        gone.add(id);
      }
      progress.done(id);
    }
    List<String> notes = new ArrayList<>();
    notes.add("cancelled: " + before.get(INVITATIONS));
    if (!gone.isEmpty()) {
      notes.add("already gone (an earlier attempt, accepted or expired): " + Lists.join(gone));
    }
    return new Change(Map.of(IDS, ""), true, null, List.of(), notes);
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    List<String> before = Lists.split(receipt.before().get(IDS));
    List<String> left =
        forLeaver(target).stream()
            .map(i -> i.path("id").asText())
            .filter(before::contains)
            .toList();
    return left.isEmpty()
        ? Check.removed("none of " + before.size() + " cancelled invitations is pending")
        : Check.stillGranted("still pending: " + Lists.join(left));
  }
}
