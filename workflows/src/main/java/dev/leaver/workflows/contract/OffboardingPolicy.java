package dev.leaver.workflows.contract;

import java.util.List;
import java.util.Map;

/**
 * The policy, as loaded from YAML by the planning activity.
 *
 * @param handoverDays how long the manager keeps access to the leaver's data (default 30)
 * @param systems per system, the actions to run; an empty list means all the system offers
 */
public record OffboardingPolicy(Integer handoverDays, Map<String, SystemPolicy> systems) {
  public OffboardingPolicy {
    handoverDays = handoverDays == null ? 30 : handoverDays;
    if (handoverDays < 0) {
      throw new IllegalArgumentException("handoverDays must be zero or positive: " + handoverDays);
    }
    systems = systems == null ? Map.of() : Map.copyOf(systems);
  }

  /**
   * One system's part of the policy.
   *
   * @param enabled false to leave the system out
   * @param actions action names in order; empty = every action the connector offers
   */
  public record SystemPolicy(Boolean enabled, List<String> actions) {
    public SystemPolicy {
      enabled = enabled == null || enabled;
      actions = actions == null ? List.of() : List.copyOf(actions);
    }
  }
}
