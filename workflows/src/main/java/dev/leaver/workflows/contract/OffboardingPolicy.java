package dev.leaver.workflows.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy, as loaded from YAML by the planning activity.
 *
 * @param handoverDays how long the manager keeps access to the leaver's data (default 30)
 * @param systems per system, the actions to run; an empty list means all the system offers
 * @param deleteAfterDays days after the effective time when accounts are deleted, on an operator's
 *     approval and never under legal hold; null (the default) deletes nothing
 * @param handoverReminderDays how many days before the handover ends the manager is reminded
 *     (default 3)
 * @param notificationOnly true for the first departures after installation: every run an HR system
 *     triggers is a dry run, and the operator channel is told what it would have changed
 * @param populations per population ({@code contractor}, {@code involuntary}, …), what differs from
 *     the rest of the policy; see {@link #forPopulation}
 * @param killSwitchSlaMinutes the longest the kill switch may take, from the later of the HR event
 *     and the effective time to its last step, before {@code leaver report} calls it breached
 *     (default {@value #DEFAULT_KILL_SWITCH_SLA_MINUTES}: well inside the 24 hours auditors
 *     commonly accept, and longer than any API's throttling, so only a step parked for a person
 *     breaches it)
 * @param handoverMinutes when set, the handover lasts this many minutes instead of {@code
 *     handoverDays}: for acceptance runs and benchmarks that must see the revocation happen (a
 *     population's own {@code handoverDays} still wins); null (the default) in production
 */
public record OffboardingPolicy(
    Integer handoverDays,
    Map<String, SystemPolicy> systems,
    Integer deleteAfterDays,
    Integer handoverReminderDays,
    Boolean notificationOnly,
    Map<String, Population> populations,
    Integer killSwitchSlaMinutes,
    Integer handoverMinutes) {
  /** The kill-switch SLA when the policy states none: an hour. */
  public static final int DEFAULT_KILL_SWITCH_SLA_MINUTES = 60;

  public OffboardingPolicy {
    handoverDays = handoverDays == null ? 30 : handoverDays;
    if (handoverDays < 0) {
      throw new IllegalArgumentException("handoverDays must be zero or positive: " + handoverDays);
    }
    if (deleteAfterDays != null && deleteAfterDays < 0) {
      throw new IllegalArgumentException(
          "deleteAfterDays must be zero or positive: " + deleteAfterDays);
    }
    systems = systems == null ? Map.of() : Map.copyOf(systems);
    populations = populations == null ? Map.of() : Map.copyOf(populations);
    handoverReminderDays = handoverReminderDays == null ? 3 : handoverReminderDays;
    notificationOnly = notificationOnly != null && notificationOnly;
    if (handoverReminderDays < 0) {
      throw new IllegalArgumentException(
          "handoverReminderDays must be zero or positive: " + handoverReminderDays);
    }
    killSwitchSlaMinutes =
        killSwitchSlaMinutes == null ? DEFAULT_KILL_SWITCH_SLA_MINUTES : killSwitchSlaMinutes;
    if (killSwitchSlaMinutes < 1) {
      throw new IllegalArgumentException(
          "killSwitchSlaMinutes must be at least 1: " + killSwitchSlaMinutes);
    }
    if (handoverMinutes != null && handoverMinutes < 1) {
      throw new IllegalArgumentException(
          "handoverMinutes must be at least 1: "
              + handoverMinutes
              + " (for no handover, set handoverDays: 0)");
    }
  }

  public OffboardingPolicy(
      Integer handoverDays,
      Map<String, SystemPolicy> systems,
      Integer deleteAfterDays,
      Integer handoverReminderDays,
      Boolean notificationOnly,
      Map<String, Population> populations,
      Integer killSwitchSlaMinutes) {
    this(
        handoverDays,
        systems,
        deleteAfterDays,
        handoverReminderDays,
        notificationOnly,
        populations,
        killSwitchSlaMinutes,
        null);
  }

  /**
   * How long the manager keeps access: {@code handoverMinutes} when set, else {@code handoverDays}.
   */
  public Duration handoverPeriod() {
    return handoverMinutes != null
        ? Duration.ofMinutes(handoverMinutes)
        : Duration.ofDays(handoverDays);
  }

  public OffboardingPolicy(
      Integer handoverDays,
      Map<String, SystemPolicy> systems,
      Integer deleteAfterDays,
      Integer handoverReminderDays,
      Boolean notificationOnly,
      Map<String, Population> populations) {
    this(
        handoverDays,
        systems,
        deleteAfterDays,
        handoverReminderDays,
        notificationOnly,
        populations,
        null);
  }

  public OffboardingPolicy(Integer handoverDays, Map<String, SystemPolicy> systems) {
    this(handoverDays, systems, null, null, null, null);
  }

  public OffboardingPolicy(
      Integer handoverDays, Map<String, SystemPolicy> systems, Integer deleteAfterDays) {
    this(handoverDays, systems, deleteAfterDays, null, null, null);
  }

  public OffboardingPolicy(
      Integer handoverDays,
      Map<String, SystemPolicy> systems,
      Integer deleteAfterDays,
      Map<String, Population> populations) {
    this(handoverDays, systems, deleteAfterDays, null, null, populations);
  }

  /**
   * What one population changes. Each field left out keeps the policy's own; a system named here
   * replaces that system's entry of the policy for this population.
   */
  public record Population(
      Integer handoverDays, Integer deleteAfterDays, Map<String, SystemPolicy> systems) {
    public Population {
      systems = systems == null ? Map.of() : Map.copyOf(systems);
    }
  }

  /**
   * The population a leaver falls in: {@code involuntary} for an involuntary termination when the
   * policy defines it (those are the risky ones), else the request's population, else {@code
   * employee}. A population the policy does not define gets the policy as it is.
   */
  public static String populationOf(String requested, boolean involuntary, Set<String> defined) {
    if (involuntary && defined.contains("involuntary")) {
      return "involuntary";
    }
    return requested == null ? "employee" : requested;
  }

  /** The policy for this population, with its overrides applied and no populations left. */
  public OffboardingPolicy forPopulation(String population) {
    Population p = populations.get(population);
    if (p == null) {
      return new OffboardingPolicy(
          handoverDays,
          systems,
          deleteAfterDays,
          handoverReminderDays,
          notificationOnly,
          null,
          killSwitchSlaMinutes,
          handoverMinutes);
    }
    Map<String, SystemPolicy> merged = new java.util.LinkedHashMap<>(systems);
    merged.putAll(p.systems());
    return new OffboardingPolicy(
        p.handoverDays() != null ? p.handoverDays() : handoverDays,
        merged,
        p.deleteAfterDays() != null ? p.deleteAfterDays() : deleteAfterDays,
        handoverReminderDays,
        notificationOnly,
        null,
        killSwitchSlaMinutes,
        p.handoverDays() != null ? null : handoverMinutes);
  }

  /**
   * One system's part of the policy.
   *
   * @param enabled false to leave the system out
   * @param actions action names in order; empty = every action the connector offers
   * @param required true when every leaver must have an account here: none found parks the system
   *     for an operator ("no account found for …") instead of passing as nothing to do
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
