package dev.leaver.sandbox.hris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link BambooHrEmulator}, seeded from the tenant file's {@code bamboohr} section. */
public final class BambooHrEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "bamboohr";
  }

  @Override
  public BambooHrEmulator create(JsonNode section) {
    return new BambooHrEmulator(section);
  }
}
