package dev.leaver.sandbox.hris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link GustoEmulator}, seeded from the tenant file's {@code gusto} section. */
public final class GustoEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "gusto";
  }

  @Override
  public GustoEmulator create(JsonNode section) {
    return new GustoEmulator(section);
  }
}
