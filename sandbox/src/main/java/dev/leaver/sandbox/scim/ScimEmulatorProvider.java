package dev.leaver.sandbox.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link ScimEmulator}, seeded from the tenant file's {@code scim} section. */
public final class ScimEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "scim";
  }

  @Override
  public ScimEmulator create(JsonNode section) {
    return new ScimEmulator(section);
  }
}
