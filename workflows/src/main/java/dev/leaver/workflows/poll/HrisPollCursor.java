package dev.leaver.workflows.poll;

import java.time.Instant;

/**
 * The result of one scheduled poll, which the next run of the schedule reads back as its starting
 * point ({@code Workflow.getLastCompletionResult}).
 *
 * @param source the HRIS polled
 * @param polledSince the cursor this run read from (the previous run's {@code since}, or the
 *     initial look-back)
 * @param since the cursor for the next run
 * @param counts the events of this run by outcome
 */
public record HrisPollCursor(
    String source, Instant polledSince, Instant since, PollCounts counts) {}
