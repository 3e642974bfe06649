package dev.leaver.worker.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table whose columns grow to their content, up to a limit past which a cell wraps
 * onto more lines: nothing is cut, so a long target or diff is read whole.
 */
final class TextTable {
  private final List<String> headers;
  private final int[] limits;
  private final List<String[]> rows = new ArrayList<>();

  /**
   * @param limits per column, the widest it may grow before wrapping; 0 = no limit
   */
  TextTable(List<String> headers, int... limits) {
    this.headers = List.copyOf(headers);
    this.limits = limits.clone();
  }

  TextTable row(String... cells) {
    rows.add(cells.clone());
    return this;
  }

  void print(PrintStream out) {
    int n = headers.size();
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      widths[i] = headers.get(i).length();
      for (String[] r : rows) {
        for (String line : cell(r, i).split("\n", -1)) {
          widths[i] = Math.max(widths[i], Math.min(line.length(), limit(i)));
        }
      }
    }
    line(out, headers.toArray(String[]::new), widths);
    for (String[] r : rows) {
      line(out, r, widths);
    }
  }

  private void line(PrintStream out, String[] cells, int[] widths) {
    List<List<String>> wrapped = new ArrayList<>();
    int height = 1;
    for (int i = 0; i < widths.length; i++) {
      List<String> lines = new ArrayList<>();
      for (String paragraph : cell(cells, i).split("\n", -1)) {
        lines.addAll(wrap(paragraph, i == widths.length - 1 ? limit(i) : widths[i]));
      }
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    for (int l = 0; l < height; l++) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String text = l < wrapped.get(i).size() ? wrapped.get(i).get(l) : "";
        b.append(text);
        if (i < widths.length - 1) {
          b.append(" ".repeat(widths[i] - text.length() + 2));
        }
      }
      out.println(b.toString().stripTrailing());
    }
  }

  private int limit(int i) {
    return i < limits.length && limits[i] > 0 ? limits[i] : Integer.MAX_VALUE;
  }

  private static String cell(String[] cells, int i) {
    return i < cells.length && cells[i] != null ? cells[i] : "";
  }

  /**
   * Breaks at the last space that fits, else mid-word; nothing but the breaking space is dropped.
   */
  static List<String> wrap(String text, int width) {
    List<String> out = new ArrayList<>();
    String rest = text;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) {
        out.add(rest.substring(0, width));
        rest = rest.substring(width);
      } else {
        out.add(rest.substring(0, cut));
        rest = rest.substring(cut + 1);
      }
    }
    out.add(rest);
    return out;
  }
}
