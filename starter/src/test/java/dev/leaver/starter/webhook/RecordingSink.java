package dev.leaver.starter.webhook;

import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationSink;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink that records what it accepted and answers like the real one would for a first event:
 * started for a termination, rescinded for a cancellation or rehire. Can be told to be down.
 */
final class RecordingSink implements TerminationSink {
  private final List<TerminationEvent> accepted = new ArrayList<>();
  private int calls;
  private int unavailableFor;

  @Override
  public synchronized Outcome accept(TerminationEvent event) throws Unavailable {
    calls++;
    if (unavailableFor > 0) {
      unavailableFor--;
      throw new Unavailable("temporal is down (test)", null);
    }
    accepted.add(event);
    String workflowId = "offboarding-" + event.employeeId();
    return event.kind() == TerminationEvent.Kind.TERMINATION
        ? new Outcome.Started(workflowId)
        : new Outcome.Rescinded(workflowId);
  }

  /** The next {@code n} calls throw {@link Unavailable}. */
  synchronized void unavailableFor(int n) {
    unavailableFor = n;
  }

  synchronized List<TerminationEvent> accepted() {
    return List.copyOf(accepted);
  }

  synchronized int calls() {
    return calls;
  }
}
