package dev.leaver.sandbox.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leaver.sandbox.EmulatorProvider;

/** Mounts the {@link ExchangeEmulator}, seeded from the tenant file's {@code exchange} section. */
public final class ExchangeEmulatorProvider implements EmulatorProvider {
  @Override
  public String section() {
    return "exchange";
  }

  @Override
  public ExchangeEmulator create(JsonNode section) {
    return new ExchangeEmulator(section);
  }
}
