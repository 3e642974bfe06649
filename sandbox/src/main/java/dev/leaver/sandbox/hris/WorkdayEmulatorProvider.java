package dev.leaver.sandbox.hris;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link WorkdayEmulator}, seeded from the tenant file's {@code workday} section. */
public final class WorkdayEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "workday";
  }

  @Override
  public WorkdayEmulator create(JsonNode section) {
    return new WorkdayEmulator(section);
  }
}
