package dev.leaver.sandbox.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link GithubEmulator}, seeded from the tenant file's {@code github} section. */
public final class GithubEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "github";
  }

  @Override
  public GithubEmulator create(JsonNode section) {
    return new GithubEmulator(section);
  }
}
