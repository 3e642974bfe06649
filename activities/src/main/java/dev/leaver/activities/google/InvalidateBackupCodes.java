package dev.leaver.activities.google;

import com.google.api.services.directory.model.VerificationCode;
import dev.leaver.activities.target.ActionSpec;
import dev.leaver.activities.target.Change;
import dev.leaver.activities.target.Check;
import dev.leaver.activities.target.Decision;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.List;
import java.util.Map;

/**
 * Invalidates the user's backup verification codes ({@code verificationCodes.invalidate}), the
 * printed second factor. Irreversible: new codes would be new secrets. The before-image counts the
 * unused codes and never holds one.
 */
final class InvalidateBackupCodes implements TargetAction {
  static final String CODES = "unusedBackupCodes";
  static final ActionSpec SPEC =
      ActionSpec.of(
          "InvalidateBackupCodes",
          Stage.CLEANUP,
          false,
          GoogleClients.USER_SECURITY,
          "Invalidates the user's backup verification codes (verificationCodes.invalidate).");

  private final GoogleClients clients;

  InvalidateBackupCodes(GoogleClients clients) {
    this.clients = clients;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    return Map.of(CODES, Integer.toString(codes(target).size()));
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    if ("0".equals(before.get(CODES))) {
      return new Decision.NoOp("the user has no unused backup verification code");
    }
    return new Decision.Write(
        "invalidate "
            + before.get(CODES)
            + " unused backup verification code(s) (cannot be undone)");
  }

  /** Invalidating again after a lost answer invalidates nothing more and answers the same. */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    progress.beat();
    clients.call(
        "verificationCodes.invalidate",
        GoogleClients.USER_SECURITY,
        () ->
            clients
                .directory(GoogleClients.USER_SECURITY)
                .verificationCodes()
                .invalidate(target.accountId())
                .execute());
    return new Change(
        Map.of(CODES, Integer.toString(codes(target).size())),
        true,
        null,
        List.of(),
        List.of(before.get(CODES) + " backup code(s) invalidated"));
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    int left = codes(target).size();
    return left == 0
        ? Check.removed("verificationCodes.list: no valid backup code")
        : Check.stillGranted("verificationCodes.list: " + left + " valid backup code(s)");
  }

  private List<VerificationCode> codes(Target target) {
    List<VerificationCode> items =
        clients.call(
            "verificationCodes.list",
            GoogleClients.USER_SECURITY,
            () ->
                clients
                    .directory(GoogleClients.USER_SECURITY)
                    .verificationCodes()
                    .list(target.accountId())
                    .execute()
                    .getItems());
    return items == null ? List.of() : items;
  }
}
