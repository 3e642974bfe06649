package dev.leaver.activities.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The target systems a worker runs, by id. Closing it closes every system. */
public final class Connectors implements AutoCloseable {
  private final Map<String, TargetSystem> systems = new LinkedHashMap<>();

  public Connectors(List<TargetSystem> systems) {
    for (TargetSystem s : systems) {
      if (this.systems.putIfAbsent(s.id(), s) != null) {
        throw new IllegalArgumentException("two target systems with id " + s.id());
      }
    }
  }

  public List<TargetSystem> all() {
    return List.copyOf(systems.values());
  }

  public Optional<TargetSystem> system(String id) {
    return Optional.ofNullable(systems.get(id));
  }

  public Optional<TargetAction> action(String systemId, String actionName) {
    return system(systemId)
        .flatMap(s -> s.actions().stream().filter(a -> a.name().equals(actionName)).findFirst());
  }

  /** Closes every system, each one even if another fails; the first failure is thrown. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (TargetSystem s : systems.values()) {
      try {
        s.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
