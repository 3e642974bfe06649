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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.model.MFADevice;

/**
 * Deactivates each MFA device of the user ({@code DeactivateMFADevice}), one at a time, each
 * recorded as progress. Irreversible: enabling a device again needs two codes from the device,
 * which only its holder has. The before-image records the serials and when each was enabled. Runs
 * after {@link DeleteLoginProfile}, so there is never a console password without MFA.
 */
final class DeactivateMfaDevices implements TargetAction {
  static final String NAME = "DeactivateMfaDevices";
  static final String SERIALS = "mfaSerials";
  static final String ENABLED = "mfaEnabled";
  static final ActionSpec SPEC =
      ActionSpec.of(
          NAME,
          Stage.CLEANUP,
          false,
          "iam:DeactivateMFADevice",
          "Deactivates every MFA device of the IAM user (cannot be undone: re-enrolment needs the device).");

  private final Iam iam;

  DeactivateMfaDevices(Iam iam) {
    this.iam = iam;
  }

  @Override
  public ActionSpec spec() {
    return SPEC;
  }

  @Override
  public Map<String, String> snapshot(Target target) {
    List<MFADevice> devices = iam.mfaDevices(target.accountId());
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SERIALS, Items.join(devices.stream().map(MFADevice::serialNumber).toList()));
    m.put(ENABLED, Items.join(devices.stream().map(d -> String.valueOf(d.enableDate())).toList()));
    return m;
  }

  @Override
  public Decision decide(Target target, Map<String, String> before) {
    List<String> serials = Items.split(before.get(SERIALS));
    if (serials.isEmpty()) {
      return new Decision.NoOp("IAM user " + target.accountId() + " has no MFA device");
    }
    return new Decision.Write(
        "deactivate "
            + serials.size()
            + " MFA device(s) of IAM user "
            + target.accountId()
            + ": "
            + String.join(", ", serials)
            + "; cannot be undone");
  }

  /**
   * Deactivates each device of the before-image not done yet. NoSuchEntity means the device is no
   * longer enabled for the user: an earlier attempt deactivated it, so it counts as done.
   */
  @Override
  public Change apply(
      Target target, Map<String, String> before, Decision.Write write, Progress progress) {
    List<String> notes = new ArrayList<>();
    for (String serial : Items.split(before.get(SERIALS))) {
      if (progress.isDone(serial)) {
        continue;
      }
      progress.writing(serial);
      if (!iam.deactivateMfa(target.accountId(), serial)) {
        notes.add(
            serial + " was no longer enabled on this attempt (an earlier attempt's write landed)");
      }
      progress.done(serial);
    }
    notes.add("re-enrolling a device needs the device itself; nothing here can restore it");
    return new Change(snapshot(target), true, null, List.of(), notes);
  }

  @Override
  public Check verify(Target target, Receipt receipt) {
    List<MFADevice> left = iam.mfaDevices(target.accountId());
    return left.isEmpty()
        ? Check.removed("no MFA device enabled")
        : Check.stillGranted(
            "MFA device(s) still enabled: "
                + String.join(", ", left.stream().map(MFADevice::serialNumber).toList()));
  }
}
