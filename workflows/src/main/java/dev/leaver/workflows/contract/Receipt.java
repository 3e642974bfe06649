package dev.leaver.workflows.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Evidence of one action on one system: what it was before, what it is after, and when.
 *
 * @param system target system id
 * @param action action name
 * @param target the account (or object) acted on, by the system's id
 * @param before the before-image, enough to undo
 * @param after the state after the action
 * @param changed false when the system was already in the wanted state (a no-op)
 * @param reversible whether {@link #before} can be restored
 * @param requestId the workflow's request id
 * @param apiRequestId the target API's own request id when it returns one; may be null
 * @param startedAt when the activity began
 * @param completedAt when the activity finished
 * @param attempt the activity attempt that produced this receipt
 * @param remaining access the connector could not remove here (e.g. a dynamic group); non-empty
 *     means the step needs an operator, never a silent success
 * @param notes other facts worth keeping in the evidence
 */
public record Receipt(
    String system,
    String action,
    String target,
    Map<String, String> before,
    Map<String, String> after,
    boolean changed,
    boolean reversible,
    String requestId,
    String apiRequestId,
    Instant startedAt,
    Instant completedAt,
    int attempt,
    List<String> remaining,
    List<String> notes) {
  /**
   * The key under which {@link #after} lists, comma-separated, the items a multi-item action
   * changed (group ids, SKUs): exactly what an undo restores.
   */
  public static final String CHANGED_ITEMS = "changedItems";

  public Receipt {
    before = before == null ? Map.of() : Map.copyOf(before);
    after = after == null ? Map.of() : Map.copyOf(after);
    remaining = remaining == null ? List.of() : List.copyOf(remaining);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }
}
