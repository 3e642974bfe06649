package dev.leaver.activities.target;

/** Thrown by {@link TargetAction#undo} for an action that cannot be undone. */
public final class IrreversibleException extends TargetException {
  public IrreversibleException(String message) {
    super(message, null);
  }
}
