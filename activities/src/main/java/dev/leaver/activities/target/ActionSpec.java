package dev.leaver.activities.target;

import dev.leaver.workflows.contract.Stage;
import java.util.List;
import java.util.Objects;

/**
 * What an action is, in one record: its name, when it runs, whether it can be undone, what it does
 * and the permission it needs.
 *
 * @param name action name in CamelCase, e.g. {@code DisableAccount}; the activity type is {@code
 *     system.Name}
 * @param stage when it runs
 * @param reversible whether {@link TargetAction#undo} restores the before-image; irreversible
 *     actions are recorded as such and never pretended restored
 * @param description one sentence for operators and auditors
 * @param permission the permission (scope, role) its write needs, for preflight and for the message
 *     of a 403
 * @param after step ids of other systems ({@code system.Action}) it waits for when they are in the
 *     plan, e.g. {@code ad.DisableAccount}
 */
public record ActionSpec(
    String name,
    Stage stage,
    boolean reversible,
    String description,
    String permission,
    List<String> after) {
  public ActionSpec {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(stage, "stage == null");
    Objects.requireNonNull(description, "description == null");
    Objects.requireNonNull(permission, "permission == null");
    after = after == null ? List.of() : List.copyOf(after);
    if (!name.matches("[A-Z][A-Za-z0-9]*")) {
      throw new IllegalArgumentException("action name must be CamelCase: " + name);
    }
  }

  /** An action that waits for no other system. */
  public static ActionSpec of(
      String name, Stage stage, boolean reversible, String permission, String description) {
    return new ActionSpec(name, stage, reversible, description, permission, List.of());
  }

  /** The same action, waiting for these steps of other systems when they are in the plan. */
  public ActionSpec after(String... stepIds) {
    return new ActionSpec(name, stage, reversible, description, permission, List.of(stepIds));
  }
}
