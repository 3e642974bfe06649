package dev.leaver.worker;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether a target system's activities may run. The {@link Preflight} closes it for a system that
 * refuses the worker's credentials or cannot be reached, and opens it again when a re-check passes.
 */
public interface SystemGate {
  /** Every system open: for the demo, the benchmark and tests that do not check permissions. */
  SystemGate OPEN =
      new SystemGate() {
        @Override
        public Optional<String> blockedBecause(String systemId) {
          return Optional.empty();
        }

        @Override
        public Duration recheckEvery() {
          return Duration.ofSeconds(30);
        }
      };

  /** Why the system is blocked, or empty when its activities may run. */
  Optional<String> blockedBecause(String systemId);

  /** How often a blocked system is checked again: a task refused meanwhile is retried after it. */
  Duration recheckEvery();
}
