package dev.leaver.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Adds one emulated API to the sandbox. Found with {@link java.util.ServiceLoader}: an emulator
 * package lists its provider in {@code META-INF/services/dev.leaver.sandbox.EmulatorProvider} and
 * the sandbox mounts it, so a new target system's emulator touches no central list.
 */
public interface EmulatorProvider {

  /** The tenant file's top-level section that seeds this emulator, e.g. {@code graph}. */
  String section();

  /** The emulator, seeded from its section (a missing node when the tenant has none). */
  Emulator create(JsonNode section);
}
