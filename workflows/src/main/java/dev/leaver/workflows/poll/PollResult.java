package dev.leaver.workflows.poll;

import java.time.Instant;
import java.util.Objects;

/**
 * What one poll activity did.
 *
 * @param nextSince where the next poll should start reading: the time this poll started, less an
 *     overlap so that rows committed late by the HRIS are not missed
 * @param counts the events by outcome
 */
public record PollResult(Instant nextSince, PollCounts counts) {
  public PollResult {
    Objects.requireNonNull(nextSince, "nextSince == null");
    Objects.requireNonNull(counts, "counts == null");
  }
}
