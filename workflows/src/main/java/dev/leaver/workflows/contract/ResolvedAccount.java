package dev.leaver.workflows.contract;

import java.util.HashMap;
import java.util.Map;

/**
 * A system's account and, read in the same activity right after it was found, the before-images of
 * the kill-switch steps the workflow asked for: one round trip instead of two before the first
 * write.
 *
 * @param resolution whether, and how, the account was found
 * @param before each asked step's before-image by step id; a step missing here was not read (no
 *     account, or its read failed) and reads again itself, where a failure parks that step
 */
public record ResolvedAccount(Resolution resolution, Map<String, Map<String, String>> before) {
  public ResolvedAccount {
    java.util.Objects.requireNonNull(resolution, "resolution == null");
    Map<String, Map<String, String>> copy = new HashMap<>();
    if (before != null) {
      before.forEach((step, image) -> copy.put(step, Map.copyOf(image)));
    }
    before = Map.copyOf(copy);
  }
}
