package dev.leaver.devtools.bench;

import dev.leaver.sandbox.SandboxServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes that landed in the sandbox more than once, counted from its request log: the same method,
 * path and body (by digest), succeeded and applied. A retried write whose first attempt landed
 * shows here; two different writes to one path (disable, then a leave date) do not.
 *
 * @param writes writes that landed
 * @param duplicates landed writes beyond the first of each method, path and body
 */
record DuplicateWrites(int writes, int duplicates) {
  /** Slack's Web API posts its reads too: these methods read. */
  private static final Set<String> SLACK_READS =
      Set.of("auth.test", "users.lookupByEmail", "users.info");

  static DuplicateWrites of(List<SandboxServer.Logged> log) {
    Map<String, Integer> seen = new HashMap<>();
    int writes = 0;
    int duplicates = 0;
    for (SandboxServer.Logged l : log) {
      if (!l.landed() || !isWrite(l.method(), l.path())) {
        continue;
      }
      writes++;
      if (seen.merge(l.method() + " " + l.path() + " " + l.bodyDigest(), 1, Integer::sum) > 1) {
        duplicates++;
      }
    }
    return new DuplicateWrites(writes, duplicates);
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
        + " landed · duplicates (same method, path and body"
        + " landed again): "
        + duplicates;
  }
}
