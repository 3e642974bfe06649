package dev.leaver.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.workflows.contract.Leaver;
import dev.leaver.workflows.contract.Resolution;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;

/** How a person is matched to an IAM user: employee id (tag or mapping file), then user name. */
class AwsResolveTest {
  private Sandbox sandbox;
  private AwsTarget aws;
  private IamClient moto;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(0);
    aws = new AwsTarget(AwsConfig.sandbox(sandbox.baseUrl()));
    moto = MotoDirect.client(sandbox);
  }

  @AfterEach
  void stop() {
    moto.close();
    aws.close();
    sandbox.close();
  }

  @Test
  void linusIsFoundByHisEmployeeIdTag() {
    Resolution r = aws.resolve(AwsContractTest.LINUS);

    assertThat(r.found()).as(r.detail()).isTrue();
    assertThat(r.accountId()).isEqualTo("linus.okafor");
    assertThat(r.matchedOn()).isEqualTo("tag:employeeId");
  }

  @Test
  void graceIsFoundByHerTagThoughHerUserNameIsNotHerUpn() {
    Resolution r = aws.resolve(new Leaver("E0042", "grace.hopper@contoso.example", null));

    assertThat(r.accountId()).isEqualTo("ghopper");
    assertThat(r.matchedOn()).isEqualTo("tag:employeeId");
  }

  @Test
  void twoUsersTaggedWithTheSameEmployeeIdAreAmbiguousAndNeitherIsTouched() {
    MotoDirect.user(moto, "linus-admin", "E1005");

    Resolution r = aws.resolve(AwsContractTest.LINUS);

    assertThat(r.found()).isFalse();
    assertThat(r.ambiguous()).isTrue();
    assertThat(r.candidates()).containsExactly("linus-admin", "linus.okafor");
    assertThat(sandbox.server().requests()).noneMatch(q -> AwsContractTest.isIamWrite(q.path()));
  }

  @Test
  void anUntaggedUserIsFoundByTheUpnsLocalPart() {
    MotoDirect.user(moto, "ada.lovelace", null);

    Resolution r = aws.resolve(new Leaver("E1001", "ada.lovelace@contoso.example", null));

    assertThat(r.accountId()).isEqualTo("ada.lovelace");
    assertThat(r.matchedOn()).isEqualTo("tag:employeeId, then userName");
  }

  @Test
  void anUntaggedUserNamedByTheWholeUpnIsFoundToo() {
    MotoDirect.user(moto, "ada.lovelace@contoso.example", null);

    Resolution r = aws.resolve(new Leaver("E1001", "ada.lovelace@contoso.example", null));

    assertThat(r.accountId()).isEqualTo("ada.lovelace@contoso.example");
  }

  @Test
  void oneUserNamedByTheLocalPartAndAnotherByTheWholeUpnAreAmbiguous() {
    MotoDirect.user(moto, "ada.lovelace", null);
    MotoDirect.user(moto, "ada.lovelace@contoso.example", null);

    Resolution r = aws.resolve(new Leaver("E1001", "ada.lovelace@contoso.example", null));

    assertThat(r.ambiguous()).isTrue();
    assertThat(r.candidates()).containsExactly("ada.lovelace", "ada.lovelace@contoso.example");
  }

  @Test
  void aUserWithTheLeaversNameButAnotherPersonsEmployeeIdIsNeverMatched() {
    MotoDirect.user(moto, "alan.turing", "E9999");

    Resolution r = aws.resolve(new Leaver("E1002", "alan.turing@contoso.example", null));

    assertThat(r.found()).isFalse();
    assertThat(r.ambiguous()).isFalse();
    assertThat(r.detail())
        .contains("1 user(s) with the leaver's user name carry another person's employeeId tag")
        .doesNotContain("alan.turing")
        .doesNotContain("E9999");
  }

  @Test
  void someoneWithNoIamUserIsNotFound() {
    Resolution r = aws.resolve(new Leaver("E1003", "katherine.johnson@contoso.example", null));

    assertThat(r.found()).isFalse();
    assertThat(r.candidates()).isEmpty();
    assertThat(r.detail())
        .contains("no IAM user in sandbox")
        .doesNotContain("@contoso.example")
        .doesNotContain("katherine");
  }

  @Test
  void aMappingFileMapsTheEmployeeIdToAUserWhoseNameAndTagsSayNothing(@TempDir Path dir)
      throws Exception {
    MotoDirect.user(moto, "aturing-admin", null);
    Path mapping = dir.resolve("aws-users.csv");
    Files.writeString(mapping, "# employeeId,userName\nE1002,aturing-admin\nE1005,linus.okafor\n");
    try (AwsTarget mapped =
        new AwsTarget(AwsConfig.sandbox(sandbox.baseUrl()).withMappingFile(mapping.toString()))) {
      Resolution r = mapped.resolve(new Leaver("E1002", "alan.turing@contoso.example", null));

      assertThat(r.accountId()).isEqualTo("aturing-admin");
      assertThat(r.matchedOn()).isEqualTo("mappingFile");
    }
  }
}
