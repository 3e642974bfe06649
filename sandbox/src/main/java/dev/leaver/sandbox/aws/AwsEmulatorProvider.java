package dev.leaver.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link AwsEmulator}, seeded from the tenant file's {@code aws} section. */
public final class AwsEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "aws";
  }

  @Override
  public AwsEmulator create(JsonNode section) {
    return new AwsEmulator(section);
  }
}
