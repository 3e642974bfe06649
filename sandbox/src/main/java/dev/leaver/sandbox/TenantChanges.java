package dev.leaver.sandbox;

/**
 * Lets an emulator say that the write it is handling changed nothing (a PATCH {@code
 * accountEnabled=false} of an account already disabled answers 204 like the first), so the request
 * log can tell a write that changed the tenant from a repeat that found it already so. The log
 * counts every other write (any method but GET and HEAD) that succeeded as a change: an emulator
 * that says nothing errs towards reporting a change, never towards hiding a duplicate. The server
 * handles each request on one thread from routing to logging, which is what makes a thread-local
 * exact here.
 */
public final class TenantChanges {
  private static final ThreadLocal<Boolean> UNCHANGED = new ThreadLocal<>();

  private TenantChanges() {}

  /** Called by an emulator when the current request, although a write, changed nothing. */
  public static void none() {
    UNCHANGED.set(Boolean.TRUE);
  }

  static void begin() {
    UNCHANGED.remove();
  }

  /** Whether the request just handled changed the tenant, by the rule above. */
  static boolean end(HttpRequest request, HttpResponse response) {
    boolean unchanged = Boolean.TRUE.equals(UNCHANGED.get());
    UNCHANGED.remove();
    boolean write = !request.method().equals("GET") && !request.method().equals("HEAD");
    return write && !unchanged && response.status() >= 200 && response.status() < 300;
  }
}
