package dev.leaver.activities.dispatch;

import dev.leaver.workflows.contract.ActivityTypes;
import io.temporal.failure.ApplicationFailure;

/**
 * A parsed activity type: {@code system.Action[.Snapshot|.Undo|.Verify|.Preview]}, {@code
 * system.Resolve} or {@code system.ResolveAndSnapshot}.
 */
record ActivityType(String system, String action, Operation operation) {

  enum Operation {
    RESOLVE,
    RESOLVE_AND_SNAPSHOT,
    APPLY,
    UNDO,
    VERIFY,
    PREVIEW,
    SNAPSHOT
  }

  static ActivityType parse(String type) {
    String[] parts = type.split("\\.");
    if (parts.length == 2 && parts[1].equals(ActivityTypes.RESOLVE)) {
      return new ActivityType(parts[0], null, Operation.RESOLVE);
    }
    if (parts.length == 2 && parts[1].equals(ActivityTypes.RESOLVE_AND_SNAPSHOT)) {
      return new ActivityType(parts[0], null, Operation.RESOLVE_AND_SNAPSHOT);
    }
    if (parts.length == 2) {
      return new ActivityType(parts[0], parts[1], Operation.APPLY);
    }
    if (parts.length == 3) {
      Operation op =
          switch ("." + parts[2]) {
            case ActivityTypes.UNDO -> Operation.UNDO;
            case ActivityTypes.VERIFY -> Operation.VERIFY;
            case ActivityTypes.PREVIEW -> Operation.PREVIEW;
            case ActivityTypes.SNAPSHOT -> Operation.SNAPSHOT;
            default -> null;
          };
      if (op != null) {
        return new ActivityType(parts[0], parts[1], op);
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "not a connector activity type: " + type, Failures.UNKNOWN_ACTION);
  }
}
