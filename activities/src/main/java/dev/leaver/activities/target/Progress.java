package dev.leaver.activities.target;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The items a multi-item action (group memberships, licences, role assignments) has changed so far
 * in this step, across attempts. Each {@link #done} is reported at once (as a Temporal heartbeat),
 * so a retried attempt continues where the last one stopped, a failure carries what was done, and
 * an undo restores exactly those items.
 *
 * <p>{@link #beat} before each write also stops an attempt that Temporal has already given up on
 * (timed out, cancelled): its late write must not land after a retry or an undo.
 */
public final class Progress {
  /** The key under which a receipt's {@code after} lists the items changed, comma-separated. */
  public static final String ITEMS = dev.leaver.workflows.contract.Receipt.CHANGED_ITEMS;

  /**
   * Marks a reported item whose write had started when the report was made: it may have landed with
   * nobody told. An undo restores it too (undos read first, so one that never landed costs
   * nothing); a retry does not count it done but checks it again.
   */
  public static final String IN_FLIGHT = "~";

  private final Set<String> done;
  private final Set<String> uncertain = new LinkedHashSet<>();
  private final Consumer<List<String>> report;

  /**
   * @param alreadyDone what earlier attempts reported, in-flight items ({@link #IN_FLIGHT})
   *     included
   * @param report sends the list on (a heartbeat); throws when Temporal has given up on the attempt
   */
  public Progress(Collection<String> alreadyDone, Consumer<List<String>> report) {
    this.done = new LinkedHashSet<>();
    for (String item : alreadyDone == null ? List.<String>of() : alreadyDone) {
      if (item.startsWith(IN_FLIGHT)) {
        uncertain.add(item.substring(IN_FLIGHT.length()));
      } else {
        done.add(item);
      }
    }
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
    boolean wasUncertain = uncertain.remove(item);
    if (done.add(item) || wasUncertain) {
      report.accept(reported());
    }
  }

  /** Says the attempt is alive before a write; throws if Temporal has given up on it. */
  public synchronized void beat() {
    report.accept(reported());
  }

  /**
   * Says the attempt is alive and is about to write {@code item}, before the write: should the
   * attempt die after the write lands but before {@link #done}, the undo still knows to restore it.
   * Throws if Temporal has given up on the attempt.
   */
  public synchronized void writing(String item) {
    uncertain.add(item);
    report.accept(reported());
  }

  private List<String> reported() {
    List<String> all = new ArrayList<>(done);
    uncertain.stream().filter(i -> !done.contains(i)).forEach(i -> all.add(IN_FLIGHT + i));
    return all;
  }

  public synchronized List<String> items() {
    return List.copyOf(done);
  }

  /**
   * The items a receipt's {@code after} lists under {@link #ITEMS}, in-flight ones included (an
   * undo restores those too); null when it does not say.
   */
  public static List<String> itemsOf(java.util.Map<String, String> after) {
    String joined = after == null ? null : after.get(ITEMS);
    if (joined == null) {
      return null;
    }
    return joined.isBlank()
        ? List.of()
        : java.util.Arrays.stream(joined.split(","))
            .map(i -> i.startsWith(IN_FLIGHT) ? i.substring(IN_FLIGHT.length()) : i)
            .distinct()
            .toList();
  }
}
