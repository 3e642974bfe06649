package dev.leaver.activities.target;

import java.util.List;
import java.util.Map;

/**
 * What an apply did.
 *
 * @param after the state after the change
 * @param changed false when the system already was in the wanted state
 * @param apiRequestId the API's request id if it returned one, else null
 * @param remaining access left behind that cannot be removed here; non-empty parks the step
 * @param notes other facts for the evidence
 */
public record Change(
    Map<String, String> after,
    boolean changed,
    String apiRequestId,
    List<String> remaining,
    List<String> notes) {
  public Change {
    after = after == null ? Map.of() : Map.copyOf(after);
    remaining = remaining == null ? List.of() : List.copyOf(remaining);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  public static Change of(Map<String, String> after, boolean changed) {
    return new Change(after, changed, null, List.of(), List.of());
  }
}
