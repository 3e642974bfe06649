package dev.leaver.activities.target;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The items a multi-item action (group memberships, licences, role assignments) has changed so
 * far in this step, across attempts. Each {@link #done} is reported at once (as a Temporal
 * heartbeat), so a retried attempt continues where the last one stopped, a failure carries what
 * was done, and an undo restores exactly those items.
 *
 * <p>{@link #beat} before each write also stops an attempt that Temporal has already given up on
 * (timed out, cancelled): its late write must not land after a retry or an undo.
 */
public final class Progress {
  /** The key under which a receipt's {@code after} lists the items changed, comma-separated. */
  public static final String ITEMS = dev.leaver.workflows.contract.Receipt.CHANGED_ITEMS;

  private final Set<String> done;
  private final Consumer<List<String>> report;

  public Progress(Collection<String> alreadyDone, Consumer<List<String>> report) {
    this.done = new LinkedHashSet<>(alreadyDone == null ? List.of() : alreadyDone);
    this.report = report;
  }

  /** Progress kept in memory only: for tests and tools outside a Temporal activity. */
  public static Progress inMemory() {
    return new Progress(List.of(), items -> {});
  }

  public synchronized boolean isDone(String item) {
    return done.contains(item);
  }

  /** Records that {@code item} has been changed, and reports it before anything else happens. */
  public synchronized void done(String item) {
    if (done.add(item)) {
      report.accept(new ArrayList<>(done));
    }
  }

  /** Says the attempt is alive before a write; throws if Temporal has given up on it. */
  public synchronized void beat() {
    report.accept(new ArrayList<>(done));
  }

  public synchronized List<String> items() {
    return List.copyOf(done);
  }

  /** The items a receipt's {@code after} lists under {@link #ITEMS}; null when it does not say. */
  public static List<String> itemsOf(java.util.Map<String, String> after) {
    String joined = after == null ? null : after.get(ITEMS);
    if (joined == null) {
      return null;
    }
    return joined.isBlank() ? List.of() : List.of(joined.split(","));
  }
}
