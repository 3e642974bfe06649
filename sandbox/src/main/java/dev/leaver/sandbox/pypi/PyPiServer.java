package dev.leaver.sandbox.pypi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real third-party server from PyPI (moto for AWS, scim2-server for SCIM), run as a child process
 * on a loopback port for the tests and the demo.
 *
 * <p>It is installed on first use into its own virtual environment under {@code $LEAVER_TOOLS}
 * (default {@code ~/.cache/leaver/tools/<name>-<version>}), pinned to one version; {@code .ci/run}
 * installs the same ones up front. One process per package is shared by the whole JVM and stopped
 * when the JVM exits: a test class never pays for more than one start, and each emulator keeps its
 * own state apart (moto's reset, scim2-server's tenants).
 */
public final class PyPiServer {

  /**
   * What to install and how to run it.
   *
   * @param name short name, also the virtual environment's
   * @param version the pinned version, part of the environment's directory
   * @param requirements pip requirements, pinned
   * @param command the console script the packages install
   * @param args its arguments; {@code {port}} is replaced by the chosen port
   * @param env extra environment variables for the process
   */
  @SuppressWarnings("JavaLangClash") // a PyPI package; java.lang.Package is never needed here
  public record Package(
      String name,
      String version,
      List<String> requirements,
      String command,
      List<String> args,
      Map<String, String> env) {

    /** The venv's directory under {@link #toolsDir()}. */
    public Path home() {
      return toolsDir().resolve(name + "-" + version);
    }

    Path executable() {
      return home().resolve("bin").resolve(command);
    }
  }

  /**
   * moto in server mode: the AWS APIs (IAM, S3, ...) on one port; {@code POST /moto-api/reset}. AWS
   * managed policies (e.g. {@code arn:aws:iam::aws:policy/AWSDenyAll}) are loaded, as in AWS;
   * without it attaching one answers NoSuchEntity. It costs ~0.2 s for each new account.
   */
  public static final Package MOTO =
      new Package(
          "moto",
          "5.2.5",
          List.of("moto==5.2.5", "flask==3.1.3", "flask-cors==6.0.5"),
          "moto_server",
          List.of("-H", "127.0.0.1", "-p", "{port}"),
          Map.of("MOTO_IAM_LOAD_MANAGED_POLICIES", "true"));

  /** scim2-server (python-scim): an RFC 7644 server; each first path segment is its own tenant. */
  public static final Package SCIM2_SERVER =
      new Package(
          "scim2-server",
          "0.8.3",
          List.of("scim2-server==0.8.3"),
          "scim2-server",
          List.of("--hostname", "127.0.0.1", "--port", "{port}", "--dynamic-tenants"),
          Map.of());

  private static final Map<String, PyPiServer> RUNNING = new ConcurrentHashMap<>();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Package pkg;
  private final Process process;
  private final URI url;

  private PyPiServer(Package pkg, Process process, URI url) {
    this.pkg = pkg;
    this.process = process;
    this.url = url;
  }

  /**
   * Where the virtual environments live: {@code $LEAVER_TOOLS} or {@code ~/.cache/leaver/tools}.
   */
  public static Path toolsDir() {
    String configured = System.getenv("LEAVER_TOOLS");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "leaver", "tools");
  }

  /**
   * The JVM's running server of this package, installed and started on the first call. Blocks until
   * it answers HTTP.
   *
   * @throws IllegalStateException when it cannot be installed or does not come up, with its log
   */
  public static PyPiServer shared(Package pkg) {
    PyPiServer running = RUNNING.get(pkg.name());
    if (running != null && running.process.isAlive()) {
      return running;
    }
    synchronized (RUNNING) {
      running = RUNNING.get(pkg.name());
      if (running != null && running.process.isAlive()) {
        return running;
      }
      PyPiServer started = start(pkg);
      RUNNING.put(pkg.name(), started);
      return started;
    }
  }

  /** The server's root, e.g. {@code http://127.0.0.1:40825}, without a trailing slash. */
  public URI url() {
    return url;
  }

  /**
   * Installs the package into its own virtual environment unless it is there already. Safe when
   * several JVMs (parallel builds, the demo) ask at once: they queue on a file lock.
   */
  public static Path install(Package pkg) {
    Path home = pkg.home();
    Path marker = home.resolve(".leaver-installed");
    if (Files.exists(marker) && Files.isExecutable(pkg.executable())) {
      return pkg.executable();
    }
    try {
      Files.createDirectories(home.getParent());
      Path lockFile = home.getParent().resolve(pkg.name() + "-" + pkg.version() + ".lock");
      try (FileChannel ch =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        if (Files.exists(marker) && Files.isExecutable(pkg.executable())) {
          return pkg.executable();
        }
        Path out = Files.createTempFile(pkg.name() + "-install", ".log");
        run(out, List.of(python(), "-m", "venv", "--clear", home.toString()));
        List<String> pip =
            new ArrayList<>(
                List.of(
                    home.resolve("bin/pip").toString(),
                    "install",
                    "--quiet",
                    "--disable-pip-version-check"));
        pip.addAll(pkg.requirements());
        run(out, pip);
        Files.writeString(marker, String.join("\n", pkg.requirements()) + "\n");
        Files.deleteIfExists(out);
        return pkg.executable();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install " + pkg.name() + " into " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing " + pkg.name(), e);
    }
  }

  private static String python() {
    String configured = System.getenv("LEAVER_PYTHON");
    return configured != null && !configured.isBlank() ? configured : "python3";
  }

  private static void run(Path out, List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("'" + String.join(" ", command) + "' failed:\n" + tail(out));
    }
  }

  private static PyPiServer start(Package pkg) {
    Path exe = install(pkg);
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // a port taken between choosing and binding
      int port = freePort();
      Path log;
      Process process;
      try {
        log = Files.createTempFile("leaver-" + pkg.name() + "-", ".log");
        log.toFile().deleteOnExit();
        List<String> command = new ArrayList<>(List.of(exe.toString()));
        pkg.args().forEach(a -> command.add(a.replace("{port}", Integer.toString(port))));
        ProcessBuilder pb =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(pkg.env());
        process = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + pkg.name(), e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      URI url = URI.create("http://127.0.0.1:" + port);
      try {
        awaitHttp(process, url, log, pkg);
        return new PyPiServer(pkg, process, url);
      } catch (IllegalStateException e) {
        process.destroyForcibly();
        last = e;
      }
    }
    throw last;
  }

  private static void awaitHttp(Process process, URI url, Path log, Package pkg) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            pkg.name() + " exited with " + process.exitValue() + ":\n" + tail(log));
      }
      try {
        // Any HTTP answer means it serves (scim2-server answers 404 at its root).
        http.send(
            HttpRequest.newBuilder(url.resolve("/")).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + pkg.name(), e);
      }
    }
    throw new IllegalStateException(
        pkg.name()
            + " did not answer on "
            + url
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s:\n"
            + tail(log));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return pkg.name() + " " + pkg.version() + " at " + url;
  }
}
