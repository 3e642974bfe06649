package dev.leaver.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Secrets in the config are references, never values: {@code env:NAME} reads an environment
 * variable, {@code file:/path} a file (e.g. a mounted Kubernetes secret). Plain text is refused so
 * a secret cannot end up committed in a config file.
 */
public final class Secrets {
  private final Map<String, String> env;

  public Secrets(Map<String, String> env) {
    this.env = env;
  }

  /** The secret's value, or null when the reference is null. */
  public String resolve(String field, String reference) {
    if (reference == null || reference.isBlank()) {
      return null;
    }
    if (reference.startsWith("env:")) {
      String value = env.get(reference.substring(4));
      if (value == null) {
        throw new IllegalArgumentException(
            field + ": environment variable " + reference.substring(4) + " is not set");
      }
      return value;
    }
    if (reference.startsWith("file:")) {
      try {
        return Files.readString(Path.of(reference.substring(5))).strip();
      } catch (IOException e) {
        throw new UncheckedIOException(field + ": cannot read " + reference.substring(5), e);
      }
    }
    throw new IllegalArgumentException(
        field + " must be a reference (env:NAME or file:/path), not a literal secret");
  }
}
