package dev.leaver.activities.evidence;

import dev.leaver.workflows.api.OffboardingStatus;
import dev.leaver.workflows.api.Phase;
import dev.leaver.workflows.api.StepState;
import dev.leaver.workflows.api.StepStatus;
import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A run's status as the workflow reports it, with two kill-switch steps and their receipts. */
final class EvidenceSamples {
  static final Instant HR_EVENT = Instant.parse("2026-11-30T09:00:00Z");
  static final Instant EFFECTIVE = Instant.parse("2026-11-30T09:00:00.250Z");

  private EvidenceSamples() {}

  static OffboardingStatus status(String employeeId, Phase phase) {
    Instant done = EFFECTIVE.plusSeconds(3);
    return new OffboardingStatus(
        employeeId,
        phase,
        EFFECTIVE,
        HR_EVENT,
        done,
        Duration.between(HR_EVENT, done),
        false,
        null,
        List.of(
            step(
                "entra",
                "DisableAccount",
                Map.of("accountEnabled", "true"),
                Map.of("accountEnabled", "false"),
                StepState.DONE),
            step(
                "slack",
                "DeactivateUser",
                Map.of("active", "true"),
                Map.of("active", "false"),
                StepState.DONE)),
        null,
        null,
        null);
  }

  private static StepStatus step(
      String system,
      String action,
      Map<String, String> before,
      Map<String, String> after,
      StepState state) {
    Instant start = EFFECTIVE.plusMillis(100);
    Instant end = start.plusMillis(900);
    Receipt r =
        new Receipt(
            system,
            action,
            "u-" + system + "-1",
            before,
            after,
            true,
            true,
            "req-" + system,
            "api-" + system,
            start,
            end,
            1,
            null,
            List.of("a note with \"quotes\" and é"));
    return new StepStatus(
        system + "." + action,
        system,
        action,
        Stage.KILL_SWITCH,
        true,
        state,
        null,
        start,
        end,
        null,
        1,
        null,
        null,
        r);
  }
}
