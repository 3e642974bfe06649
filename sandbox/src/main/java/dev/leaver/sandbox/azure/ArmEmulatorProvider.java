package dev.leaver.sandbox.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link ArmEmulator}, seeded from the tenant file's {@code azure} section. */
public final class ArmEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "azure";
  }

  @Override
  public ArmEmulator create(JsonNode section) {
    return new ArmEmulator(section);
  }
}
