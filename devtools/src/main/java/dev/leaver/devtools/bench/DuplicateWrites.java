package dev.leaver.devtools.bench;

import dev.leaver.sandbox.SandboxServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes that changed the sandbox's tenant more than once, counted from its request log as the
 * two-worker test counts them: each request the emulator marked as a change (a write that succeeded
 * and did not find the state already so). A write whose first attempt landed and whose retry found
 * it done is a repeat, not a duplicate; the same write (method, path and body, by digest) changing
 * the tenant twice is a duplicate. Two different writes to one path (disable, then a leave date)
 * are neither.
 *
 * @param writes writes that landed (succeeded and reached the emulator)
 * @param changes of those, the ones that changed the tenant
 * @param repeats of those, the ones that found it already so
 * @param duplicates changes beyond the first of each method, path and body
 */
record DuplicateWrites(int writes, int changes, int repeats, int duplicates) {
  /** Slack's Web API posts its reads too: these methods read. */
  private static final Set<String> SLACK_READS =
      Set.of("auth.test", "users.lookupByEmail", "users.info");

  static DuplicateWrites of(List<SandboxServer.Logged> log) {
    Map<String, Integer> changed = new HashMap<>();
    int writes = 0;
    int changes = 0;
    int repeats = 0;
    int duplicates = 0;
    for (SandboxServer.Logged l : log) {
      if (!l.landed() || !isWrite(l.method(), l.path())) {
        continue;
      }
      writes++;
      if (!l.changed()) {
        repeats++;
      } else {
        changes++;
        if (changed.merge(l.method() + " " + l.path() + " " + l.bodyDigest(), 1, Integer::sum)
            > 1) {
          duplicates++;
        }
      }
    }
    return new DuplicateWrites(writes, changes, repeats, duplicates);
  }

  static boolean isWrite(String method, String path) {
    if (method.equals("GET") || method.equals("HEAD")) {
      return false;
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    return !SLACK_READS.contains(last);
  }

  String line() {
    return "writes in the sandbox's request log: "
        + writes
        + " landed, "
        + changes
        + " changed the tenant, "
        + repeats
        + " found it already so · duplicates (the same write changing the tenant again): "
        + duplicates;
  }
}
