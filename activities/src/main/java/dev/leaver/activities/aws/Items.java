package dev.leaver.activities.aws;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lists in before-images: comma-separated, in a stable order. */
final class Items {
  private Items() {}

  static String join(Collection<String> items) {
    return String.join(",", items);
  }

  static List<String> split(String joined) {
    return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
  }

  /** {@code id:value,id:value} → id → value, in order. */
  static Map<String, String> pairs(String joined) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : split(joined)) {
      int colon = item.lastIndexOf(':');
      out.put(item.substring(0, colon), item.substring(colon + 1));
    }
    return out;
  }
}
