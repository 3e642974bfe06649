package dev.leaver.sandbox;

/**
 * One emulated API mounted under a path prefix of the sandbox server, e.g. {@code /graph} or
 * {@code /slack}. Implementations hold the tenant's state and must be thread-safe.
 */
public interface Emulator {

  /** Path prefix this emulator serves, e.g. {@code /graph}; requests keep the full path. */
  String prefix();

  /** Handles one request whose path starts with {@link #prefix()}. */
  HttpResponse handle(HttpRequest request);
}
