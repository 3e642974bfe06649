package dev.leaver.worker;

import dev.leaver.worker.intake.StarterConfig;
import java.io.IOException;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The sandbox tenant behind {@code --sandbox}: every target system's and HRIS's emulator served
 * in-process, with well-known credentials. The devtools distribution installs the one
 * implementation (a {@link ServiceLoader} provider in {@code lib-devtools/}); a production install
 * has none, so neither the emulators nor their well-known secrets ship with the worker.
 */
public interface DevSandbox {

  /** What {@code --sandbox} answers when no implementation is installed. */
  String MISSING =
      "--sandbox needs the devtools distribution (lib-devtools/ beside lib/, as ./leaver in a"
          + " source checkout has); a production worker is pointed at real systems with --config,"
          + " or at a running sandbox with --sandbox-url";

  /**
   * Starts the demo tenant.
   *
   * @param port loopback port; 0 for any free one
   */
  Tenant startDemo(int port) throws IOException;

  /**
   * The starter's configuration with every HRIS pointed at the tenant's emulators; its secrets are
   * the sandbox's well-known values, not references.
   */
  StarterConfig starterConfig(
      String baseUrl, WorkerConfig.Temporal temporal, String host, int port);

  /** A running tenant; closing it stops its emulators. */
  interface Tenant extends AutoCloseable {
    /** {@code http://127.0.0.1:PORT}. */
    String baseUrl();

    @Override
    void close();
  }

  /** The installed implementation, if this is the devtools distribution. */
  static Optional<DevSandbox> installed() {
    return ServiceLoader.load(DevSandbox.class).findFirst();
  }
}
