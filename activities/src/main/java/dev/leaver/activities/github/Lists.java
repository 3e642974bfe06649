package dev.leaver.activities.github;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The before-image's list values: {@code a,b,c} and {@code key:value,key:value}, in order. */
final class Lists {
  private Lists() {}

  static String join(List<String> items) {
    return String.join(",", items);
  }

  static List<String> split(String joined) {
    List<String> out = new ArrayList<>();
    if (joined != null && !joined.isBlank()) {
      for (String s : joined.split(",")) {
        out.add(s.trim());
      }
    }
    return out;
  }

  static String joinPairs(Map<String, String> pairs) {
    List<String> out = new ArrayList<>();
    pairs.forEach((k, v) -> out.add(k + ":" + v));
    return join(out);
  }

  static Map<String, String> splitPairs(String joined) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String s : split(joined)) {
      int colon = s.lastIndexOf(':');
      out.put(colon < 0 ? s : s.substring(0, colon), colon < 0 ? "" : s.substring(colon + 1));
    }
    return out;
  }
}
