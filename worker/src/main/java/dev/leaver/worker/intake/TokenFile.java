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
 * file only its owner can read, for the operator to verify the subscription with and configure. The
 * token is never logged. The handshake cannot be signed, so anyone who reaches the endpoint can
 * send one: the first token is kept and never overwritten (a planted token then fails Gusto's
 * verify call, which the operator sees), and the file must not be where the secret is read from.
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
      if (Files.exists(file)) {
        LOG.warn("a Gusto verification token came, but {} already holds one: kept the first", file);
        return;
      }
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
      LOG.warn("gusto sent a subscription verification token; written to {}", file);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      LOG.warn("a Gusto verification token came, but {} already holds one: kept the first", file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Gusto verification token to " + file, e);
    }
  }
}
