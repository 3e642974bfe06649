package dev.leaver.starter.csv;

import dev.leaver.starter.hris.TerminationEvent;
import java.util.List;

/** What reading a CSV batch gave: every row as an event, or every problem and no events. */
public sealed interface Reading {

  /** Every row was valid; the events are in file order. */
  record Valid(List<TerminationEvent> events) implements Reading {
    public Valid {
      events = List.copyOf(events);
    }
  }

  /** At least one problem; none of the file's rows may be imported. Problems are in line order. */
  record Invalid(List<RowProblem> problems) implements Reading {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an invalid reading needs at least one problem");
      }
    }
  }
}
