package dev.leaver.workflows.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * What one scheduled poll of an HRIS reads.
 *
 * @param source the HRIS, e.g. {@code workday}; the activity worker serves only the sources it is
 *     configured for
 * @param initialLookBack how far back the first run reads, when there is no previous cursor
 */
public record HrisPollRequest(String source, Duration initialLookBack) {
  public HrisPollRequest {
    Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(initialLookBack, "initialLookBack == null");
    if (initialLookBack.isNegative()) {
      throw new IllegalArgumentException("initialLookBack < 0: " + initialLookBack);
    }
  }
}
