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
   * @param required true when every leaver must have an account here: none found parks the
   *     system for an operator ("no account found for …") instead of passing as nothing to do
   * @param after per action of this system, step ids ({@code system.Action}) of other systems it
   *     must wait for, added to what the connector itself declares
   */
  public record SystemPolicy(
      Boolean enabled, List<String> actions, Boolean required, Map<String, List<String>> after) {
    public SystemPolicy {
      enabled = enabled == null || enabled;
      actions = actions == null ? List.of() : List.copyOf(actions);
      required = required != null && required;
      after = after == null ? Map.of() : Map.copyOf(after);
    }

    public SystemPolicy(Boolean enabled, List<String> actions) {
      this(enabled, actions, null, null);
    }
  }
}
