package dev.leaver.sandbox;

/**
 * One emulated API mounted under a path prefix of the sandbox server, e.g. {@code /graph} or {@code
 * /slack}. Implementations hold the tenant's state and must be thread-safe.
 */
public interface Emulator extends AutoCloseable {

  /** Path prefix this emulator serves, e.g. {@code /graph}; requests keep the full path. */
  String prefix();

  /** Handles one request whose path starts with {@link #prefix()}. */
  HttpResponse handle(HttpRequest request);

  /**
   * Called once every emulator is mounted, before the server serves: an emulator that plays a part
   * in another's state (on-prem AD syncing to Entra) finds it here.
   */
  default void attach(Sandbox sandbox) {}

  /** Stops what the emulator serves beside HTTP (e.g. an LDAP listener); most have nothing. */
  @Override
  default void close() {}
}
