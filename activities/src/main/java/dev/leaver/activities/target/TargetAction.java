package dev.leaver.activities.target;

import dev.leaver.workflows.contract.Receipt;
import dev.leaver.workflows.contract.Stage;
import java.util.Map;

/**
 * One action on one system, e.g. disable the account. The dispatcher calls {@link #snapshot}
 * then {@link #apply} and turns the result into a {@link Receipt}; later it may call {@link #undo}
 * (rescind, or the end of a handover) and {@link #verify}.
 *
 * <p>Every method must be safe to call again: Temporal retries activities, and an action that
 * finds the system already in the wanted state reports {@code changed=false}, never an error.
 */
public interface TargetAction {

  /** Action name in CamelCase, e.g. {@code DisableAccount}; the activity type is {@code system.Name}. */
  String name();

  Stage stage();

  /** Whether {@link #undo} can restore the before-image. Irreversible actions are recorded as such. */
  boolean reversible();

  /** One sentence for operators and auditors. */
  String description();

  /**
   * Reads the state this action would change: the before-image, enough to undo. Read-only.
   *
   * @return attribute → value, values rendered as text (lists comma-separated)
   */
  Map<String, String> snapshot(Target target);

  /**
   * Applies the change idempotently.
   *
   * @param before what {@link #snapshot} returned just before
   */
  Change apply(Target target, Map<String, String> before);

  /**
   * Restores the before-image from a receipt. Idempotent: restoring what is already restored is a
   * no-op.
   *
   * @return the state after the undo
   * @throws IrreversibleException by default, for actions that cannot be undone
   */
  default Map<String, String> undo(Target target, Receipt receipt) {
    throw new IrreversibleException(name() + " cannot be undone");
  }

  /**
   * Re-reads the system and says whether the access this action removed is really gone.
   *
   * @param receipt the apply's receipt
   */
  Check verify(Target target, Receipt receipt);

  /**
   * Says what {@link #apply} would change, without writing.
   *
   * @param before what {@link #snapshot} returned
   */
  Preview preview(Target target, Map<String, String> before);
}
