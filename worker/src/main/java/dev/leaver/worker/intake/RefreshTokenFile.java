package dev.leaver.worker.intake;

import dev.leaver.starter.hris.gusto.GustoOAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

/**
 * Keeps Gusto's latest refresh token: Gusto rotates them on every refresh and revokes the previous
 * one, so a restart must start from the latest. Written to a temporary file only its owner can
 * read, then moved over the old one, so a crash leaves either token whole. Never logged.
 */
final class RefreshTokenFile implements Consumer<GustoOAuth.Tokens> {
  private final Path file;

  RefreshTokenFile(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public void accept(GustoOAuth.Tokens tokens) {
    try {
      Path tmp =
          Files.createTempFile(
              file.getParent(),
              ".gusto-refresh-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, tokens.refreshToken() + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the rotated Gusto refresh token in " + file, e);
    }
  }
}
