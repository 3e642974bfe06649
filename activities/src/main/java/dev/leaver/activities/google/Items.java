package dev.leaver.activities.google;

import dev.leaver.activities.target.Progress;
import dev.leaver.workflows.contract.Receipt;
import java.util.Arrays;
import java.util.List;

/** The comma-joined item lists of before-images and receipts. */
final class Items {
  private Items() {}

  static List<String> split(String joined) {
    return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
  }

  static String join(List<String> items) {
    return String.join(",", items);
  }

  /**
   * The items a step changed: its progress, or, when the apply never reported any, every item of
   * the before-image under {@code field}.
   */
  static List<String> changedBy(Receipt receipt, String field) {
    List<String> done = Progress.itemsOf(receipt.after());
    return done != null ? done : split(receipt.before().get(field));
  }
}
