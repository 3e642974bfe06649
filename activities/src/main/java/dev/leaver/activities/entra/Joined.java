package dev.leaver.activities.entra;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Lists kept in a before-image as one text value: ids comma-separated, sentences one per line. */
final class Joined {
  private Joined() {}

  /** The ids of a comma-separated value; empty for null or blank. */
  static List<String> ids(String joined) {
    return split(joined, ",");
  }

  /** The lines of a newline-separated value; empty for null or blank. */
  static List<String> lines(String joined) {
    return split(joined, "\n");
  }

  static String ids(Collection<String> ids) {
    return String.join(",", ids);
  }

  static String lines(Collection<String> lines) {
    return String.join("\n", lines);
  }

  private static List<String> split(String joined, String separator) {
    return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(separator));
  }
}
