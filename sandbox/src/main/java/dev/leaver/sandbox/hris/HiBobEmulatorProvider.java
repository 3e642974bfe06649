package dev.leaver.sandbox.hris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link HiBobEmulator}, seeded from the tenant file's {@code hibob} section. */
public final class HiBobEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "hibob";
  }

  @Override
  public HiBobEmulator create(JsonNode section) {
    return new HiBobEmulator(section);
  }
}
