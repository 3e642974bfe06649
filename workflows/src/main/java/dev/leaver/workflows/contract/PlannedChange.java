package dev.leaver.workflows.contract;

import java.util.Map;

/**
 * A dry-run's answer for one step: the current state and what the action would change.
 *
 * @param stepId {@code system.Action}
 * @param target the account acted on
 * @param current the state read now
 * @param wouldChange false when the system is already in the wanted state
 * @param plan a sentence saying what would be written
 */
public record PlannedChange(
    String stepId, String target, Map<String, String> current, boolean wouldChange, String plan) {
  public PlannedChange {
    current = current == null ? Map.of() : Map.copyOf(current);
  }
}
