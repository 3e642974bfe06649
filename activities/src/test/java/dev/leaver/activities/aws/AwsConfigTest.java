package dev.leaver.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AwsConfigTest {

  @Test
  void toStringNeverShowsTheSecretNorTheWholeKeyId() {
    AwsConfig c =
        new AwsConfig(
            "prod",
            null,
            "AKIAABCDEFGHIJKLMNOP",
            "wJalrXUtnFEMI/K7MDENG",
            null,
            null,
            null,
            null,
            null);

    assertThat(c.toString())
        .doesNotContain("wJalrXUtnFEMI")
        .doesNotContain("ABCDEFGHIJ")
        .contains("secretAccessKey=***")
        .contains("accessKeyId=AKIA***");
  }

  @Test
  void defaultsAreUsEast1TheEmployeeIdTagAndAwsDenyAll() {
    AwsConfig c = AwsConfig.of("prod");

    assertThat(c.region()).isEqualTo("us-east-1");
    assertThat(c.employeeIdTag()).isEqualTo("employeeId");
    assertThat(c.denyAllPolicyArn()).isEqualTo("arn:aws:iam::aws:policy/AWSDenyAll");
    assertThat(c.operationInPath()).isFalse();
    assertThat(c.staticKeys()).isFalse();
  }

  @Test
  void aKeyIdWithoutItsSecretIsRefused() {
    assertThatThrownBy(() -> new AwsConfig(null, null, "AKIAX", null, null, null, null, null, null))
        .hasMessageContaining("go together");
  }

  @Test
  void theSandboxConfigPointsAtAwsUnderTheSandboxAndNamesOperationsInThePath() {
    AwsConfig c = new AwsProvider().sandbox("http://127.0.0.1:8089/");

    assertThat(c.endpoint()).isEqualTo("http://127.0.0.1:8089/aws");
    assertThat(c.operationInPath()).isTrue();
  }
}
