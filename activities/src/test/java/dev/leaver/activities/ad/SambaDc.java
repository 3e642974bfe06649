package dev.leaver.activities.ad;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Active Directory domain controller for tests: Samba AD DC (Debian packages {@code samba
 * samba-dsdb-modules samba-vfs-modules samba-ad-provision}), domain {@code LEAVER.TEST} on
 * 127.0.0.1, LDAPS on 636 with the certificate Samba makes for itself.
 *
 * <p>The domain is provisioned once into {@code target/samba-template} (about 5 s) and started once
 * there so its TLS key exists; each test class then runs a copy of it (about 1 s to ready), so one
 * class's writes never reach another's. Samba's ports are fixed, so classes run one DC at a time.
 * Without Samba the test is skipped with a message, unless {@code LEAVER_REQUIRE_SAMBA} is set (as
 * {@code .ci/run} does), in which case it fails.
 */
public final class SambaDc implements AutoCloseable {
  public static final String BASE_DN = "DC=leaver,DC=test";
  public static final String ADMIN = "Administrator@LEAVER.TEST";
  public static final String PASSWORD = "Passw0rd!Leaver1";
  public static final int LDAPS_PORT = 636;
  private static final Path TEMPLATE = Path.of("target", "samba-template").toAbsolutePath();

  private final Process process;
  private final Path dir;

  private SambaDc(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /** A running copy of the template domain, in {@code target/samba-<name>}. */
  public static SambaDc start(String name) throws Exception {
    requireSamba();
    Path template = template();
    Path dir = Path.of("target", "samba-" + name).toAbsolutePath();
    run("rm", "-rf", dir.toString());
    run("cp", "-a", template.toString(), dir.toString());
    Path conf = dir.resolve("etc/smb.conf");
    Files.writeString(conf, Files.readString(conf).replace(template.toString(), dir.toString()));
    run(
        "rm",
        "-rf",
        dir.resolve("run").toString(),
        dir.resolve("msg.sock").toString(),
        dir.resolve("private/ldapi").toString());
    return new SambaDc(launch(dir), dir);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: samba exits with 127, its normal stop
    process.waitFor();
  }

  public Path dir() {
    return dir;
  }

  private static void requireSamba() {
    boolean installed =
        Files.isExecutable(Path.of("/usr/sbin/samba"))
            && Files.isExecutable(Path.of("/usr/bin/samba-tool"));
    if (!installed && System.getenv("LEAVER_REQUIRE_SAMBA") != null) {
      throw new IllegalStateException(
          "Samba is not installed and LEAVER_REQUIRE_SAMBA is set: apt-get install"
              + " samba samba-dsdb-modules samba-vfs-modules samba-ad-provision (.ci/run does)");
    }
    Assumptions.assumeTrue(
        installed,
        "SKIPPED: Samba AD DC is not installed (apt-get install samba"
            + " samba-dsdb-modules samba-vfs-modules samba-ad-provision); .ci/run installs it");
  }

  /** Provisions the template domain once per checkout, and starts it once so its TLS key exists. */
  private static synchronized Path template() throws Exception {
    Path ready = TEMPLATE.resolve(".ready");
    if (Files.exists(ready)) {
      return TEMPLATE;
    }
    String d = TEMPLATE.toString();
    run("rm", "-rf", d);
    Files.createDirectories(TEMPLATE);
    Path empty = TEMPLATE.resolve("empty.conf");
    Files.writeString(empty, ""); // so /etc/samba/smb.conf is not merged into the domain's
    List<String> provision =
        new ArrayList<>(
            List.of(
                "samba-tool",
                "domain",
                "provision",
                "-s",
                empty.toString(),
                "--realm=LEAVER.TEST",
                "--domain=LEAVER",
                "--server-role=dc",
                "--dns-backend=NONE",
                "--host-name=dc1",
                "--adminpass=" + PASSWORD,
                "--use-rfc2307",
                "--targetdir=" + d));
    for (String option :
        List.of(
            "interfaces = lo",
            "bind interfaces only = yes",
            "server services = ldap",
            "pid directory = " + d + "/run",
            "ncalrpc dir = " + d + "/run/ncalrpc",
            "winbindd socket directory = " + d + "/run/winbindd",
            "ntp signd socket directory = " + d + "/run/ntp_signd",
            "log file = " + d + "/log/samba.log",
            "logging = file")) {
      provision.add("--option=" + option);
    }
    run(provision.toArray(String[]::new));
    Process first = launch(TEMPLATE);
    first.destroy();
    first.waitFor();
    Files.writeString(ready, "provisioned and started once\n");
    return TEMPLATE;
  }

  /** Starts samba in the foreground and waits for LDAPS. Its stdin stays open: EOF stops it. */
  private static Process launch(Path dir) throws Exception {
    Path log = dir.resolve("samba.out");
    Process p =
        new ProcessBuilder(
                "/usr/sbin/samba",
                "-s",
                dir.resolve("etc/smb.conf").toString(),
                "-i",
                "-M",
                "single")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "samba exited with "
                + p.exitValue()
                + " before LDAPS was up"
                + " (is another DC on 127.0.0.1:636?): "
                + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", LDAPS_PORT), 200);
        return p;
      } catch (IOException e) {
        if (System.currentTimeMillis() > deadline) {
          p.destroy();
          throw new IllegalStateException(
              "samba did not open LDAPS within 60 s: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }
}
