package dev.leaver.activities.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.PermissionCheck;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.activities.target.TargetAction;
import dev.leaver.activities.target.TargetException;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.github.GithubEmulator;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Installation tokens minted from the GitHub App's key, as a long-running worker needs them. */
class GithubAppTokenTest {
  private static final long APP_ID = 424242;
  private static final long INSTALLATION_ID = 77001;
  private Sandbox sandbox;
  private GithubEmulator emulator;
  private KeyPair appKey;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    emulator = sandbox.emulator(GithubEmulator.class);
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    appKey = g.generateKeyPair();
    emulator.installApp(APP_ID, INSTALLATION_ID, appKey.getPublic());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void theTokenRevocationRunsWithAnInstallationTokenMintedOnceFromTheAppsPkcs1Key() {
    try (GithubTarget github = new GithubTarget(appConfig(pkcs1Pem(appKey)))) {
      Target linus = new Target(GithubSandbox.LINUS_LEAVER, GithubSandbox.LINUS, "req");
      TargetAction pats =
          github.actions().stream()
              .filter(a -> a.name().equals(RevokeFineGrainedTokens.NAME))
              .findFirst()
              .orElseThrow();

      new Attempt("github", pats, linus, Clock.systemUTC(), 1, Progress.inMemory())
          .apply(pats.snapshot(linus));

      assertThat(emulator.personalAccessTokens(GithubSandbox.LINUS)).isEmpty();
      assertThat(github.check())
          .filteredOn(r -> r.permission().equals(GithubTarget.PAT_WRITE))
          .extracting(PermissionCheck::status)
          .containsExactly(PermissionCheck.Status.GRANTED);
      assertThat(emulator.mintedTokens()).as("kept until it nears expiry").isEqualTo(1);
    }
  }

  @Test
  void aKeyTheAppDoesNotHaveIsRefusedAndParksTheStep() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String otherKey =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    try (GithubTarget github = new GithubTarget(appConfig(otherKey))) {
      Target linus = new Target(GithubSandbox.LINUS_LEAVER, GithubSandbox.LINUS, "req");
      TargetAction pats =
          github.actions().stream()
              .filter(a -> a.name().equals(RevokeFineGrainedTokens.NAME))
              .findFirst()
              .orElseThrow();

      assertThatThrownBy(() -> pats.snapshot(linus))
          .isInstanceOf(TargetException.PermissionDenied.class);
      assertThat(github.check())
          .filteredOn(r -> r.permission().equals(GithubTarget.PAT_WRITE))
          .extracting(PermissionCheck::status)
          .containsExactly(PermissionCheck.Status.MISSING);
    }
    assertThat(emulator.personalAccessTokens(GithubSandbox.LINUS)).hasSize(2);
  }

  private GithubConfig appConfig(String pem) {
    GithubConfig c = GithubConfig.sandbox(sandbox.baseUrl());
    return new GithubConfig(c.apiUrl(), c.organization(), c.token(), null, null)
        .withApp(APP_ID, INSTALLATION_ID, pem);
  }

  /** The key as GitHub hands it out: PKCS#1, the RSAPrivateKey inside the JDK's PKCS#8. */
  private static String pkcs1Pem(KeyPair pair) {
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    int[] at = {0};
    header(pkcs8, at); // PrivateKeyInfo SEQUENCE
    skip(pkcs8, at); // version INTEGER
    skip(pkcs8, at); // AlgorithmIdentifier SEQUENCE
    int length = header(pkcs8, at); // OCTET STRING holding the RSAPrivateKey
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
    return "-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pkcs1)
        + "\n-----END RSA PRIVATE KEY-----\n";
  }

  private static void skip(byte[] der, int[] at) {
    int length = header(der, at);
    at[0] += length;
  }

  /**
   * Reads a DER tag and length at {@code at}, leaves {@code at} on the content, returns its length.
   */
  private static int header(byte[] der, int[] at) {
    at[0]++;
    int first = der[at[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[at[0]++] & 0xff);
    }
    return length;
  }
}
