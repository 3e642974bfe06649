package dev.leaver.devtools.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Nearest-rank percentiles of a sample, in seconds. */
record Stats(int count, double p50, double p95, double max) {
  static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, Double.NaN);

  static Stats of(Collection<Double> seconds) {
    if (seconds.isEmpty()) {
      return EMPTY;
    }
    List<Double> sorted = new ArrayList<>(seconds);
    sorted.sort(Double::compare);
    return new Stats(
        sorted.size(), rank(sorted, 0.50), rank(sorted, 0.95), sorted.get(sorted.size() - 1));
  }

  private static double rank(List<Double> sorted, double q) {
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  /** "p50 1.23 s · p95 4.56 s · max 7.89 s (n=200)". */
  String seconds() {
    if (count == 0) {
      return "no samples";
    }
    return String.format(
        Locale.ROOT, "p50 %s s · p95 %s s · max %s s (n=%d)", s(p50), s(p95), s(max), count);
  }

  /** The same in milliseconds. */
  String millis() {
    if (count == 0) {
      return "no samples";
    }
    return String.format(
        Locale.ROOT,
        "p50 %.0f ms · p95 %.0f ms · max %.0f ms (n=%d)",
        p50 * 1000,
        p95 * 1000,
        max * 1000,
        count);
  }

  static String s(double seconds) {
    return Double.isNaN(seconds)
        ? "-"
        : String.format(Locale.ROOT, seconds < 10 ? "%.2f" : "%.1f", seconds);
  }
}
