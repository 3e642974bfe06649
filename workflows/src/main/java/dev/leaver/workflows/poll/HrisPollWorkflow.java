package dev.leaver.workflows.poll;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One poll of an HRIS that has no webhooks (Workday), started by a Temporal Schedule every few
 * minutes.
 *
 * <p>The cursor travels from run to run as the completion result: each run reads the previous
 * successful run's {@link HrisPollCursor#since()} and returns the next one. A failed run returns
 * nothing, so the next run reads from the last good cursor again and no event is lost. The first
 * run (or one after the schedule was recreated) reads back {@link
 * HrisPollRequest#initialLookBack()} from its start.
 *
 * <p>No PII: the cursor holds times and counts only.
 */
@WorkflowInterface
public interface HrisPollWorkflow {

  /**
   * Polls once.
   *
   * @param request the source and the first run's look-back
   * @return the cursor for the next run, with this run's counts
   */
  @WorkflowMethod(name = "HrisPoll")
  HrisPollCursor poll(HrisPollRequest request);
}
