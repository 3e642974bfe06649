package dev.leaver.sandbox.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link GoogleEmulator}, seeded from the tenant file's {@code google} section. */
public final class GoogleEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "google";
  }

  @Override
  public GoogleEmulator create(JsonNode section) {
    return new GoogleEmulator(section);
  }
}
