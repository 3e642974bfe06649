package dev.leaver.activities.evidence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory on a local or shared file system. A record is written to a temporary file, forced to
 * disk, then hard-linked under its final name: the link fails if the name exists, so two workers
 * can never take the same sequence, and a reader never sees half a record.
 */
final class LocalDirectory implements Storage {
  private final Path root;

  LocalDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public Optional<byte[]> read(String key) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(root.resolve(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean createNew(String key, byte[] content) throws IOException {
    Path target = root.resolve(key);
    Path temp = written(content);
    try {
      Files.createDirectories(target.getParent());
      Files.createLink(target, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void replace(String key, byte[] content) throws IOException {
    Path target = root.resolve(key);
    Files.createDirectories(target.getParent());
    Path temp = written(content);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public List<String> list(String prefix, String startAfter) throws IOException {
    Path dir = root.resolve(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> prefix + p.getFileName())
          .filter(k -> startAfter == null || k.compareTo(startAfter) > 0)
          .sorted()
          .toList();
    }
  }

  @Override
  public String where(String key) {
    return root.resolve(key).toString();
  }

  @Override
  public String toString() {
    return root.toString();
  }

  private Path written(byte[] content) throws IOException {
    Path tmp = root.resolve("tmp");
    Files.createDirectories(tmp);
    Path temp = tmp.resolve(UUID.randomUUID() + ".part");
    try (FileChannel ch =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(content));
      ch.force(true);
    }
    return temp;
  }
}
