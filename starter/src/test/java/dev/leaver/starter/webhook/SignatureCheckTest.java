package dev.leaver.starter.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SignatureCheckTest {
  private final byte[] body = "{\"a\":1}".getBytes(UTF_8);
  private final byte[] mac = SignatureCheck.hmac(SignatureCheck.SHA256, "k".getBytes(UTF_8), body);

  @Test
  void theHmacMatchesTheRfc4231TestCase2() {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
    byte[] mac =
        SignatureCheck.hmac(
            SignatureCheck.SHA256,
            "Jefe".getBytes(UTF_8),
            "what do ya want ".getBytes(UTF_8),
            "for nothing?".getBytes(UTF_8));

    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void hexIsComparedByValueSoUpperCaseMatches() {
    assertThat(SignatureCheck.hexMatches(mac, HexFormat.of().withUpperCase().formatHex(mac)))
        .isTrue();
  }

  @Test
  void anythingThatIsNotHexOrBase64SimplyDoesNotMatch() {
    assertThat(SignatureCheck.hexMatches(mac, "zz")).isFalse();
    assertThat(SignatureCheck.hexMatches(mac, "abc")).isFalse();
    assertThat(SignatureCheck.hexMatches(mac, null)).isFalse();
    assertThat(SignatureCheck.base64Matches(mac, "***")).isFalse();
  }

  @Test
  void aPrefixOfTheRightSignatureDoesNotMatch() {
    String hex = HexFormat.of().formatHex(mac);

    assertThat(SignatureCheck.hexMatches(mac, hex.substring(0, 32))).isFalse();
  }
}
