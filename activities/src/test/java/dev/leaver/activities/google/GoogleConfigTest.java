package dev.leaver.activities.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The worker's {@code systems.google} section: defaults, refusals, and a key that never shows. */
class GoogleConfigTest {
  private static final String PEM_WITH_ESCAPES =
      "-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n";

  @Test
  void leftOutKeysTakeGooglesEndpointsTheAdminsOwnCustomerAndNoCalendar() {
    GoogleConfig c =
        new GoogleConfig(
            null,
            null,
            "sa@p.iam.gserviceaccount.com",
            null,
            PEM_WITH_ESCAPES,
            "admin@contoso.com",
            null,
            null,
            null);

    assertThat(c.rootUrl()).isEqualTo("https://admin.googleapis.com/");
    assertThat(c.tokenUri()).isEqualTo("https://oauth2.googleapis.com/token");
    assertThat(c.customerId()).isEqualTo("my_customer");
    assertThat(c.transferCalendar()).isFalse();
    assertThat(c.throttleBackoffSeconds()).isEqualTo(GoogleConfig.DEFAULT_BACKOFF_SECONDS);
  }

  @Test
  void aKeyPastedFromTheJsonKeyFileWithEscapedNewlinesIsReadAsPem() {
    GoogleConfig c =
        new GoogleConfig(
            null,
            null,
            "sa@p.iam.gserviceaccount.com",
            null,
            PEM_WITH_ESCAPES,
            "admin@contoso.com",
            null,
            null,
            null);

    assertThat(c.privateKey()).startsWith("-----BEGIN PRIVATE KEY-----\nMIIB\n");
  }

  @Test
  void aMissingKeyOrAdminIsRefusedWithoutPrintingTheKey() {
    assertThatThrownBy(
            () ->
                new GoogleConfig(
                    null, null, "sa@p", null, "not a key", "admin@contoso.com", null, null, null))
        .hasMessageContaining("privateKey")
        .hasMessageNotContaining("not a key");
    assertThatThrownBy(
            () ->
                new GoogleConfig(
                    null, null, "sa@p", null, PEM_WITH_ESCAPES, "admin", null, null, null))
        .hasMessageContaining("adminEmail");
  }

  @Test
  void toStringMasksTheKey() {
    GoogleConfig c =
        new GoogleConfig(
            null,
            null,
            "sa@p.iam.gserviceaccount.com",
            "kid",
            PEM_WITH_ESCAPES,
            "admin@contoso.com",
            null,
            true,
            5);

    assertThat(c.toString()).contains("privateKey=***").doesNotContain("MIIB");
  }
}
