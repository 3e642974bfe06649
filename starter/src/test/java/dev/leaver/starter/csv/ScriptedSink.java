package dev.leaver.starter.csv;

import dev.leaver.starter.hris.TerminationEvent;
import dev.leaver.starter.hris.TerminationSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A sink that records what it accepted, answers Started unless told another answer for an employee,
 * and can go down from a given call on.
 */
final class ScriptedSink implements TerminationSink {
  private final List<TerminationEvent> accepted = new ArrayList<>();
  private final Map<String, Function<String, Outcome>> answers = new HashMap<>();
  private int calls;
  private int downFromCall = Integer.MAX_VALUE;

  @Override
  public Outcome accept(TerminationEvent event) throws Unavailable {
    calls++;
    if (calls >= downFromCall) {
      throw new Unavailable("temporal is down (test)", null);
    }
    accepted.add(event);
    String workflowId = "offboarding-" + event.employeeId();
    return answers.getOrDefault(event.employeeId(), Outcome.Started::new).apply(workflowId);
  }

  ScriptedSink answer(String employeeId, Function<String, Outcome> outcome) {
    answers.put(employeeId, outcome);
    return this;
  }

  /** Call {@code n} (1-based) and every later one throw {@link Unavailable}. */
  ScriptedSink downFromCall(int n) {
    downFromCall = n;
    return this;
  }

  List<String> acceptedIds() {
    return accepted.stream().map(TerminationEvent::employeeId).toList();
  }

  int calls() {
    return calls;
  }
}
