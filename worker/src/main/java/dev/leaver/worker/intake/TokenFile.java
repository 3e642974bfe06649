package dev.leaver.worker.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the verification token Gusto POSTs when a webhook subscription is created: written to a
 * file only its owner can read, for the operator to verify the subscription with and configure.
 * The token is never logged.
 */
final class TokenFile implements Consumer<String> {
  private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);
  private final Path file;

  TokenFile(Path file) {
    this.file = file;
  }

  @Override
  public void accept(String token) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
      LOG.warn("gusto sent a subscription verification token; written to {}", file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Gusto verification token to " + file, e);
    }
  }
}
