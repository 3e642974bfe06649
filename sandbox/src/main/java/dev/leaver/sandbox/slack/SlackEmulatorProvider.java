package dev.leaver.sandbox.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link SlackEmulator}, seeded from the tenant file's {@code slack} section. */
public final class SlackEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "slack";
  }

  @Override
  public SlackEmulator create(JsonNode section) {
    return new SlackEmulator(section);
  }
}
