package dev.leaver.activities.aws;

import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.model.LoginProfile;

/**
 * Deletes the user's console password ({@code DeleteLoginProfile}). Irreversible: a new password
 * set later is not a restore of the old one. The before-image records that there was one and when
 * it was created.
 */
final class DeleteLoginProfile implements TargetAction {
  static final String NAME = "DeleteLoginProfile";
  static final String PROFILE = "loginProfile";
  static final String CREATED = "loginProfileCreated";
  static final String RESET_REQUIRED = "passwordResetRequired";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.CLEANUP,
          false,
          "iam:DeleteLoginProfile",
          "Deletes the IAM user's console password (cannot be undone: a new password is not a restore).");

  private final Iam iam;

  DeleteLoginProfile(Iam iam) {
    this.iam = iam;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    Optional<LoginProfile> profile = iam.loginProfile(target.accountId());
    Map<String, String> m = new LinkedHashMap<>();
    m.put(PROFILE, Boolean.toString(profile.isPresent()));
    profile.ifPresent(
        p -> {
          m.put(CREATED, String.valueOf(p.createDate()));
          m.put(RESET_REQUIRED, String.valueOf(Boolean.TRUE.equals(p.passwordResetRequired())));
        });
    return m;
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    if (!"true".equals(before.get(PROFILE))) {
      return new Decision.NoOp("IAM user " + target.accountId() + " has no console password");
    }
    return new Decision.Write(
        "delete the console password of IAM user "
            + target.accountId()
            + " (created "
            + before.get(CREATED)
            + "); cannot be undone");
  }

  /**
   * A NoSuchEntity answer here means the password the before-image saw is gone: an earlier attempt
   * of this step deleted it (its answer was lost), so this step still changed the system.
   */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    boolean deletedNow = iam.deleteLoginProfile(target.accountId());
    return new Change(
        Map.of(PROFILE, "false"),
        true,
        null,
        List.of(),
        List.of(
            "console password created "
                + before.get(CREATED)
                + " deleted"
                + (deletedNow
                    ? ""
                    : " (already gone on this attempt: an earlier attempt's delete landed)")
                + "; a new password would not restore it"));
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    return iam.loginProfile(target.accountId())
        .map(p -> Check.stillGranted("console password exists, created " + p.createDate()))
        .orElseGet(() -> Check.removed("no console password"));
  }
}
