package dev.leaver.starter.csv;

import java.util.Objects;

/**
 * One thing wrong with a CSV file.
 *
 * @param line the physical line in the file, the header being line 1; problems with the file as a
 *     whole (empty, not UTF-8, missing columns) are reported on the header's line
 * @param reason what is wrong, naming the column and quoting the value as written
 */
public record RowProblem(int line, String reason) {

  public RowProblem {
    if (line < 1) {
      throw new IllegalArgumentException("line < 1: " + line);
    }
    Objects.requireNonNull(reason, "reason == null");
  }

  /** As printed for the operator: {@code line 7: employeeId "E 12" has characters ...}. */
  @Override
  public String toString() {
    return "line " + line + ": " + reason;
  }
}
