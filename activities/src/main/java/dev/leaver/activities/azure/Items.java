package dev.leaver.activities.azure;

import java.util.List;

/** The comma-separated item lists of before-images (names, GUIDs and keys never hold a comma). */
final class Items {
  private Items() {}

  static List<String> of(String joined) {
    return joined == null || joined.isBlank() ? List.of() : List.of(joined.split(","));
  }

  static String join(java.util.Collection<String> items) {
    return String.join(",", items);
  }
}
