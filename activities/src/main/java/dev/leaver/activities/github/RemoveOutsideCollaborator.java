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
import java.util.Optional;
import org.kohsuke.github.GHMembership;
import org.kohsuke.github.GHRepository;

/**
 * Removes an outside collaborator (a non-member with access to the organisation's repositories)
 * from every repository at once ({@code DELETE /orgs/{o}/outside_collaborators/{u}}) and cancels
 * their pending repository invitations ({@code DELETE /repos/{o}/{r}/invitations/{id}}).
 *
 * <p>The before-image ({@code repositories}) is each repository's role name ({@code read}, {@code
 * triage}, {@code write}, {@code maintain}, {@code admin}) that the login holds or has been invited
 * to, and {@code orgMember} (an active member; someone only invited to the organisation is still an
 * outside collaborator), read per repository ({@code GET
 * /repos/{o}/{r}/collaborators/{u}/permission} and {@code GET /repos/{o}/{r}/invitations}): two
 * reads per repository. An organisation member is never an outside collaborator (GitHub answers
 * 422); their repositories go with the membership.
 *
 * <p>At the kill switch: for a contractor this is the only door, and it is open now (a member's
 * snapshot stops after one read, so it costs the kill switch little).
 *
 * <p>The undo re-adds each repository with its saved role ({@code PUT
 * /repos/{o}/{r}/collaborators/{u}}), which for an outside collaborator is a repository invitation:
 * the receipt says so, and the access returns when the person accepts.
 */
final class RemoveOutsideCollaborator implements TargetAction {
  static final String NAME = "RemoveOutsideCollaborator";
  static final String REPOSITORIES = "repositories";
  static final String MEMBER = "orgMember";
  static final String RESTORED_AS = "restoredAs";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.KILL_SWITCH,
          true,
          GithubTarget.ADMIN_ORG,
          "Removes an outside collaborator from every repository of the GitHub organisation and cancels"
              + " their repository invitations; its undo re-invites them per repository with the saved"
              + " role.");

  private final GithubApi api;

  RemoveOutsideCollaborator(GithubApi api) {
    this.api = api;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    String login = target.accountId();
    Map<String, String> image = new LinkedHashMap<>();
    boolean member =
        api.membership(login, SPEC.permission())
            .map(m -> m.getState() == GHMembership.State.ACTIVE)
            .orElse(false);
    image.put(MEMBER, Boolean.toString(member));
    image.put(REPOSITORIES, member ? "" : Lists.joinPairs(access(login)));
    return image;
  }

  /** repository → role name held or offered. */
  private Map<String, String> access(String login) {
    Map<String, String> roles = new LinkedHashMap<>();
    for (GHRepository repo : api.repositories(SPEC.permission())) {
      String name = repo.getName();
      JsonNode p =
          api.call(
                  "GET",
                  repoPath(name) + "/collaborators/" + login + "/permission",
                  null,
                  false,
                  SPEC.permission())
              .body();
      String role = p.path("role_name").asText(p.path("permission").asText("none"));
      if (!role.equals("none") && !role.isEmpty()) {
        roles.put(name, role);
        continue;
      }
      invitation(name, login).ifPresent(i -> roles.put(name, role(i.path("permissions").asText())));
    }
    return roles;
  }

  private Optional<JsonNode> invitation(String repo, String login) {
    return api.list(repoPath(repo) + "/invitations", false, SPEC.permission()).stream()
        .filter(i -> login.equalsIgnoreCase(i.path("invitee").path("login").asText("")))
        .findFirst();
  }

  /** Invitations name the legacy {@code pull}/{@code push} for {@code read}/{@code write}. */
  private static String role(String permission) {
    return switch (permission) {
      case "pull" -> "read";
      case "push" -> "write";
      default -> permission;
    };
  }

  private String repoPath(String repo) {
    return "/repos/" + api.org() + "/" + repo;
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    if ("true".equals(before.get(MEMBER))) {
      return new Decision.NoOp(
          target.accountId()
              + " is a member of "
              + api.org()
              + ", not an outside collaborator: repository access goes with the membership");
    }
    if (before.getOrDefault(REPOSITORIES, "").isEmpty()) {
      return new Decision.NoOp(
          target.accountId()
              + " has no access to, and no invitation to, any "
              + api.org()
              + " repository");
    }
    return new Decision.Write(
        "remove outside collaborator "
            + target.accountId()
            + " from "
            + api.org()
            + " ("
            + before.get(REPOSITORIES)
            + ") and cancel their repository invitations");
  }

  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    String login = target.accountId();
    progress.beat();
    GithubApi.Answer a =
        api.call(
            "DELETE",
            "/orgs/" + api.org() + "/outside_collaborators/" + login,
            null,
            false,
            SPEC.permission(),
            404);
    List<String> notes = new ArrayList<>();
    notes.add(
        "DELETE outside_collaborators answered "
            + a.status()
            + "; recorded for re-invitation: "
            + before.get(REPOSITORIES));
    // The one delete took every repository at once: all are this step's to undo from here on (the
    // undo reads first, so a repository whose invitation is still pending costs nothing).
    List<String> repos = List.copyOf(Lists.splitPairs(before.get(REPOSITORIES)).keySet());
    repos.forEach(progress::done);
    // Pending invitations are looked up every time, so a retry cancels what an earlier one did not.
    for (String repo : repos) {
      Optional<JsonNode> inv = invitation(repo, login);
      if (inv.isPresent()) {
        progress.beat();
        api.call(
            "DELETE",
            repoPath(repo) + "/invitations/" + inv.get().path("id").asText(),
            null,
            false,
            SPEC.permission(),
            404);
        notes.add("cancelled the pending invitation to " + repo);
      }
    }
    return new Change(Map.of(MEMBER, "false", REPOSITORIES, ""), true, null, List.of(), notes);
  }

  /** Re-adds the repositories the apply reported (all in the before-image when it did not say). */
  @Override
  public Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    String login = target.accountId();
    Map<String, String> saved = Lists.splitPairs(receipt.before().get(REPOSITORIES));
    List<String> reported = Progress.itemsOf(receipt.after());
    Map<String, String> now = access(login);
    List<String> invited = new ArrayList<>();
    for (Map.Entry<String, String> e : saved.entrySet()) {
      boolean wanted = reported == null || reported.isEmpty() || reported.contains(e.getKey());
      if (!wanted || e.getValue().equals(now.get(e.getKey()))) {
        continue;
      }
      progress.beat();
      api.call(
          "PUT",
          repoPath(e.getKey()) + "/collaborators/" + login,
          Map.of("permission", e.getValue()),
          false,
          SPEC.permission());
      invited.add(e.getKey() + ":" + e.getValue());
    }
    Map<String, String> after = new LinkedHashMap<>();
    after.put(MEMBER, "false");
    after.put(REPOSITORIES, Lists.joinPairs(access(login)));
    after.put(
        RESTORED_AS,
        invited.isEmpty()
            ? "nothing to do: the access is in place"
            : "repository invitations, not a restore: GitHub invites "
                + login
                + " to "
                + Lists.join(invited)
                + "; access returns only when "
                + login
                + " accepts each");
    return after;
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    Map<String, String> now = access(target.accountId());
    List<String> before =
        new ArrayList<>(Lists.splitPairs(receipt.before().get(REPOSITORIES)).keySet());
    List<String> left = now.keySet().stream().filter(before::contains).toList();
    return left.isEmpty()
        ? Check.removed("no access or invitation left on " + before.size() + " repositories")
        : Check.stillGranted("still held or invited: " + Lists.join(left));
  }
}
