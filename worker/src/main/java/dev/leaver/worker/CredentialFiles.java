package dev.leaver.worker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * The PEM files of a TLS connection to Temporal, checked before the SDK reads them: a missing file,
 * a file that is not PEM, a PKCS#1 key (which the SDK's TLS stack cannot read), or a certificate
 * without its key is named with the setting that points at it.
 */
final class CredentialFiles {
  private CredentialFiles() {}

  /**
   * Checks each given file (null = not configured).
   *
   * @throws IllegalArgumentException naming the setting, the file and what is wrong with it
   */
  static void check(
      String certSetting, String cert, String keySetting, String key, String caSetting, String ca) {
    if (cert != null && key == null) {
      throw new IllegalArgumentException(
          certSetting
              + " is set but "
              + keySetting
              + " is not: a client certificate needs its private key");
    }
    if (key != null && cert == null) {
      throw new IllegalArgumentException(
          keySetting
              + " is set but "
              + certSetting
              + " is not: a private key needs its client certificate");
    }
    if (cert != null) {
      certificates(certSetting, cert);
      privateKey(keySetting, key);
    }
    if (ca != null) {
      certificates(caSetting, ca);
    }
  }

  private static String read(String setting, String file) {
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(setting + " " + file + ": no such file");
    }
    try {
      return Files.readString(path, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException(setting + " " + file + ": cannot be read (" + e + ")", e);
    }
  }

  private static void certificates(String setting, String file) {
    String text = read(setting, file);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          setting + " " + file + ": not a PEM certificate (no -----BEGIN CERTIFICATE----- line)");
    }
    try {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(
              new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)))
          .isEmpty()) {
        throw new CertificateException("no certificate in it");
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          setting + " " + file + ": not a readable PEM certificate (" + e.getMessage() + ")", e);
    }
  }

  private static void privateKey(String setting, String file) {
    String text = read(setting, file);
    if (text.contains("-----BEGIN PRIVATE KEY-----")) {
      return;
    }
    if (text.contains("-----BEGIN RSA PRIVATE KEY-----")
        || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          setting
              + " "
              + file
              + ": a PKCS#1/SEC1 key, which the TLS"
              + " stack cannot read; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in "
              + file
              + " -out client.pkcs8.key");
    }
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          setting
              + " "
              + file
              + ": an encrypted key; give it unencrypted (PKCS#8) and protect the file instead");
    }
    throw new IllegalArgumentException(
        setting + " " + file + ": not a PEM private key (no -----BEGIN PRIVATE KEY----- line)");
  }
}
