package dev.leaver.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link GraphEmulator}, seeded from the tenant file's {@code graph} section. */
public final class GraphEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "graph";
  }

  @Override
  public GraphEmulator create(JsonNode section) {
    return new GraphEmulator(section);
  }
}
