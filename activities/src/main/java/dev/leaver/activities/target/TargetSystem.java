package dev.leaver.activities.target;

import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.util.List;

/**
 * A system a leaver can have access to: Entra ID, Slack, GitHub, an LDAP directory. One package per
 * system implements this and its {@link TargetAction}s with the vendor's SDK; registering it in the
 * worker is the only other change a new system needs.
 *
 * <p>Implementations know nothing of Temporal: they throw {@link TargetException}s and the
 * dispatcher maps them to retries or parked steps.
 */
public interface TargetSystem extends AutoCloseable {

  /** Short id used in step ids, activity types and task queues, e.g. {@code entra}. */
  String id();

  /**
   * Finds the leaver's account. Read-only.
   *
   * @return found with the system's account id, or not found with a reason
   */
  Resolution resolve(Leaver leaver);

  /** The actions this system offers, in the order they should run within a stage. */
  List<TargetAction> actions();

  /**
   * Checks, with read-only calls, each permission the actions need: one row per permission. Never
   * throws for the system's answers: credentials refused or an unreachable API give {@link
   * PermissionCheck.Status#BLOCKED} rows that say why.
   *
   * @return one row per permission; empty when the connector has no preflight
   */
  default List<PermissionCheck> check() {
    return List.of();
  }

  /** Releases the connector's HTTP clients and threads. Idempotent; by default there are none. */
  @Override
  default void close() {}
}
