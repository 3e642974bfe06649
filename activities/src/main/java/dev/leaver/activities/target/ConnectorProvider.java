package dev.leaver.activities.target;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * How the worker finds a target system and builds its connector: the one registration a new system
 * needs.
 *
 * <p>Implementations are listed in {@code
 * META-INF/services/dev.leaver.activities.target.ConnectorProvider} and found at run time with
 * {@link ServiceLoader}; they need a public no-argument constructor. The worker binds the YAML
 * section {@code systems.<id>} strictly to {@link #configType()}: every key must be a component of
 * that record, so a misspelt key is an error rather than a default.
 *
 * @param <C> the connector's configuration, a record whose {@code toString()} masks its secrets
 */
public interface ConnectorProvider<C extends Record> {

  /**
   * The system's short id, e.g. {@code entra}: the key under {@code systems:} in the worker's YAML,
   * the prefix of its activity types and task queues. Must equal the {@link TargetSystem#id()} of
   * what {@link #create} returns.
   */
  String id();

  /** The record {@code systems.<id>} is bound to; its component names are the allowed keys. */
  Class<C> configType();

  /**
   * Builds the connector. Cheap and offline: no call to the system is made here, so a worker starts
   * even while a system is unreachable (its {@link TargetSystem#check()} then says why).
   *
   * @param config the bound configuration, secrets already resolved
   */
  TargetSystem create(C config);

  /**
   * The configuration that points the connector at the sandbox's emulator of this system.
   *
   * @param sandboxBaseUrl the sandbox's root, e.g. {@code http://127.0.0.1:8089}, without a
   *     trailing slash
   */
  C sandbox(String sandboxBaseUrl);

  /**
   * Every provider on the class path, sorted by id.
   *
   * @throws IllegalStateException when two providers claim the same id
   */
  static List<ConnectorProvider<?>> installed() {
    List<ConnectorProvider<?>> found = new ArrayList<>();
    for (ConnectorProvider<?> p : ServiceLoader.load(ConnectorProvider.class)) {
      if (found.stream().anyMatch(q -> q.id().equals(p.id()))) {
        throw new IllegalStateException("two connector providers for system '" + p.id() + "'");
      }
      found.add(p);
    }
    found.sort(Comparator.comparing(ConnectorProvider::id));
    return List.copyOf(found);
  }
}
