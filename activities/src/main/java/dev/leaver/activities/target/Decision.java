package dev.leaver.activities.target;

import java.util.List;

/**
 * What an action will do, decided from the before-image alone. Apply and preview share it, so a dry
 * run and a real run cannot disagree, and a retried apply decides from the before-image kept since
 * the first attempt, not from a state its own lost write already changed.
 */
public sealed interface Decision permits Decision.NoOp, Decision.Write, Decision.CannotHere {

  /** One sentence for the dry run and the evidence. */
  String plan();

  /** The system already is in the wanted state: nothing is written, the receipt says no change. */
  record NoOp(String plan) implements Decision {}

  /**
   * Something must be written.
   *
   * @param plan what will be written
   * @param leftBehind access this action cannot remove here (it still writes the rest); non-empty
   *     parks the step for an operator
   */
  record Write(String plan, List<String> leftBehind) implements Decision {
    public Write {
      leftBehind = leftBehind == null ? List.of() : List.copyOf(leftBehind);
    }

    public Write(String plan) {
      this(plan, List.of());
    }
  }

  /**
   * Nothing can be written here, and access remains (an account synced from on-prem AD, a group
   * rule): the step parks for an operator with these reasons.
   */
  record CannotHere(String plan, List<String> leftBehind) implements Decision {
    public CannotHere {
      leftBehind = List.copyOf(leftBehind);
    }
  }
}
