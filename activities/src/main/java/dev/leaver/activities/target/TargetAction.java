package dev.leaver.activities.target;

import dev.leaver.workflows.contract.Receipt;
import java.util.Map;

/**
 * One action on one system, e.g. disable the account.
 *
 * <p>The workflow calls {@link #snapshot} once per step, before the first apply attempt, and keeps
 * the before-image across retries and worker crashes. Each apply attempt then asks {@link #decide}
 * with that kept image; only a {@link Decision.Write} reaches {@link #apply}. So an attempt whose
 * write landed but whose answer was lost is retried as the same write (which finds the work done
 * and says so), never as "already so". A dry run shows the same decision.
 *
 * <p>Every method must be safe to call again: Temporal retries activities. An undo that finds the
 * before-image already restored writes nothing.
 */
public interface TargetAction {

  /** Name, stage, reversibility, description, permission. */
  ActionSpec spec();

  default String name() {
    return spec().name();
  }

  /**
   * Reads the state this action would change: the before-image, enough to undo. Read-only.
   *
   * @return attribute → value, values rendered as text (lists comma-separated)
   */
  Map<String, String> snapshot(Target target);

  /**
   * Decides from the before-image alone what the action does. No I/O: apply and preview share it.
   *
   * @param before the step's before-image, taken before its first attempt
   */
  Decision decide(Target target, Map<String, String> before);

  /**
   * Writes what {@link #decide} said, idempotently: a write an earlier attempt already made is
   * found done and not repeated in a way that changes the outcome. Multi-item actions record each
   * item in {@code progress} right after it is changed and skip items already done; every action
   * calls {@link Progress#beat} before a write ({@link Progress#writing} for an item's write).
   *
   * @param before the step's kept before-image
   * @param write what {@link #decide} answered
   * @return the state after; the receipt's {@code changed} is true
   */
  Change apply(Target target, Map<String, String> before, Decision.Write write, Progress progress);

  /**
   * Restores the before-image from a receipt. Idempotent: restoring what is already restored is a
   * no-op. The receipt may be one the workflow built for an apply that never answered: its {@code
   * after} then lists only the {@link Progress#ITEMS} reported, or nothing.
   *
   * @return the state after the undo
   * @throws IrreversibleException by default, for actions that cannot be undone
   */
  default Map<String, String> undo(Target target, Receipt receipt, Progress progress) {
    throw new IrreversibleException(name() + " cannot be undone");
  }

  /**
   * Re-reads the system and says whether the access this action removed is really gone.
   *
   * @param receipt the apply's receipt
   */
  Check verify(Target target, Receipt receipt);
}
