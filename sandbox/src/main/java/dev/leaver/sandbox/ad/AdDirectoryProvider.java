package dev.leaver.sandbox.ad;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link AdDirectory}, seeded from the tenant file's {@code ad} section. */
public final class AdDirectoryProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "ad";
  }

  @Override
  public AdDirectory create(JsonNode section) {
    return new AdDirectory(section);
  }
}
