package dev.leaver.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS file the connection cannot use is named with its setting before anything connects. */
class CredentialFilesTest {
  @TempDir Path dir;

  private String file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  private void check(String cert, String key, String ca) {
    CredentialFiles.check(
        "temporal.clientCertFile",
        cert,
        "temporal.clientKeyFile",
        key,
        "temporal.serverCaCertFile",
        ca);
  }

  @Test
  void aMissingFileIsNamedWithItsSetting() {
    String missing = dir.resolve("ca.pem").toString();
    assertThatThrownBy(() -> check(null, null, missing))
        .hasMessage("temporal.serverCaCertFile " + missing + ": no such file");
  }

  @Test
  void aCertificateThatIsNotPemIsRefused() throws Exception {
    String notPem = file("ca.pem", "just some text\n");
    assertThatThrownBy(() -> check(null, null, notPem))
        .hasMessageContaining("temporal.serverCaCertFile " + notPem + ": not a PEM certificate");
    String garbled =
        file("garbled.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> check(null, null, garbled))
        .hasMessageContaining(
            "temporal.serverCaCertFile " + garbled + ": not a readable PEM certificate");
  }

  @Test
  void aCertificateWithoutItsKeyOrAKeyWithoutItsCertificateIsRefused() throws Exception {
    String cert = file("client.pem", "-----BEGIN CERTIFICATE-----\n");
    assertThatThrownBy(() -> check(cert, null, null))
        .hasMessage(
            "temporal.clientCertFile is set but temporal.clientKeyFile is not: a client certificate"
                + " needs its private key");
    assertThatThrownBy(() -> check(null, cert, null))
        .hasMessageContaining("a private key needs its client certificate");
  }
}
