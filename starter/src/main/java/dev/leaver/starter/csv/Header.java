package dev.leaver.starter.csv;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The header row: which field of a row holds which column. */
final class Header {
  private final Map<Column, Integer> positions;
  private final int width;

  private Header(Map<Column, Integer> positions, int width) {
    this.positions = positions;
    this.width = width;
  }

  /**
   * Reads the header row (line 1), adding a problem for each unknown, unnamed or repeated column
   * and each missing required one.
   *
   * @return the header, or empty when a required column is missing: the rows cannot be read then,
   *     and reporting the same gap on every row would bury the one real problem
   */
  static Optional<Header> read(List<String> names, List<RowProblem> problems) {
    Map<Column, Integer> positions = new EnumMap<>(Column.class);
    if (names.stream().allMatch(String::isBlank)) {
      problems.add(
          new RowProblem(1, "the header row is empty; the columns are " + Column.allNames()));
      return Optional.empty();
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.isBlank()) {
        problems.add(new RowProblem(1, "column " + (i + 1) + " has no name"));
        continue;
      }
      Optional<Column> column = Column.named(name);
      if (column.isEmpty()) {
        problems.add(
            new RowProblem(
                1,
                "unknown column \"" + name.strip() + "\"; the columns are " + Column.allNames()));
      } else if (positions.putIfAbsent(column.get(), i) != null) {
        problems.add(new RowProblem(1, "column " + column.get().header() + " appears twice"));
      }
    }
    boolean complete = true;
    if (!positions.containsKey(Column.EMPLOYEE_ID)) {
      problems.add(new RowProblem(1, "required column employeeId is missing"));
      complete = false;
    }
    if (!positions.containsKey(Column.UPN) && !positions.containsKey(Column.EMAIL)) {
      problems.add(new RowProblem(1, "required column upn (or email) is missing"));
      complete = false;
    }
    if (!positions.containsKey(Column.EFFECTIVE_DATE)
        && !positions.containsKey(Column.EFFECTIVE_AT)) {
      problems.add(new RowProblem(1, "required column effectiveDate (or effectiveAt) is missing"));
      complete = false;
    }
    return complete ? Optional.of(new Header(positions, names.size())) : Optional.empty();
  }

  /** How many fields every row must have. */
  int width() {
    return width;
  }

  /** The stripped value of {@code column} in {@code fields}, or null when absent or blank. */
  String value(List<String> fields, Column column) {
    Integer at = positions.get(column);
    if (at == null) {
      return null;
    }
    String v = fields.get(at).strip();
    return v.isEmpty() ? null : v;
  }
}
