package dev.leaver.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's well-known HRIS webhook secrets protect nothing, so they must never reach a
 * production install: no class of the modules whose jars make up {@code lib/} (workflows,
 * activities, starter, worker) holds one. The devtools' own classes do, which shows the scan finds
 * them.
 */
class SandboxSecretsStayInDevtoolsTest {
  private static final List<String> SECRETS =
      List.of(
          SandboxHris.BAMBOOHR_WEBHOOK_KEY,
          SandboxHris.GUSTO_VERIFICATION_TOKEN,
          SandboxHris.HIBOB_SECRET,
          SandboxHris.STANDARD_SECRET);

  /**
   * The production modules' main classes: a reactor's target/classes or the built jar, not a test
   * jar.
   */
  private static final Pattern PRODUCTION =
      Pattern.compile(
          ".*/((workflows|activities|starter|worker)/target/classes/?|leaver-(workflows|activities|starter|worker)-[^/]*(?<!-tests)\\.jar)$");

  private static final Pattern DEVTOOLS =
      Pattern.compile(".*/(devtools/target/classes/?|leaver-devtools-[^/]*(?<!-tests)\\.jar)$");

  @Test
  void noProductionModuleHoldsTheSandboxWebhookSecretsAndTheDevtoolsDo() throws IOException {
    List<Path> production = new ArrayList<>();
    Path devtools = null;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String path = entry.replace(File.separatorChar, '/');
      if (PRODUCTION.matcher(path).matches()) {
        production.add(Path.of(entry));
      } else if (DEVTOOLS.matcher(path).matches()) {
        devtools = Path.of(entry);
      }
    }

    assertThat(production).as("the four production modules on the test classpath").hasSize(4);
    for (Path module : production) {
      assertThat(secretsIn(module)).as(module.toString()).isEmpty();
    }
    assertThat(devtools).as("devtools' classes on the test classpath").isNotNull();
    assertThat(secretsIn(devtools)).containsExactlyInAnyOrderElementsOf(SECRETS);
  }

  /** The secrets found in any file of a classes directory or a jar. */
  private static List<String> secretsIn(Path classes) throws IOException {
    List<String> found = new ArrayList<>();
    if (Files.isDirectory(classes)) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          collect(Files.readAllBytes(file), found);
        }
      }
    } else {
      try (ZipFile jar = new ZipFile(classes.toFile())) {
        for (var entry : java.util.Collections.list(jar.entries())) {
          try (InputStream in = jar.getInputStream(entry)) {
            collect(in.readAllBytes(), found);
          }
        }
      }
    }
    return found.stream().distinct().toList();
  }

  private static void collect(byte[] content, List<String> found) {
    // Class files keep string constants in (modified) UTF-8: ASCII secrets appear as their bytes.
    String text = new String(content, StandardCharsets.ISO_8859_1);
    for (String secret : SECRETS) {
      if (text.contains(secret)) {
        found.add(secret);
      }
    }
  }
}
