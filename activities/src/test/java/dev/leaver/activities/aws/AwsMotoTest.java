package dev.leaver.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.activities.target.Attempt;
import dev.leaver.activities.target.Progress;
import dev.leaver.activities.target.Target;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.aws.AwsEmulator;
import dev.leaver.workflows.contract.Receipt;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;

/**
 * The AWS tests run against a real moto: the connector's writes are read back by a client of the
 * test's own that talks to moto directly, not through the sandbox. Nothing is mocked, and nothing
 * is skipped: when moto cannot be installed or started these fail.
 */
class AwsMotoTest {

  @Test
  void theLeaversKeysAreInactiveInMotoAsASeparateClientReadsThem() throws Exception {
    try (Sandbox sandbox = Sandbox.startDemo(0);
        AwsTarget aws = new AwsTarget(AwsConfig.sandbox(sandbox.baseUrl()));
        IamClient moto = MotoDirect.client(sandbox)) {
      assertThat(moto.listAccessKeys(r -> r.userName("linus.okafor")).accessKeyMetadata())
          .extracting(AccessKeyMetadata::statusAsString)
          .containsExactly("Active", "Active");
      Target linus =
          new Target(
              AwsContractTest.LINUS, aws.resolve(AwsContractTest.LINUS).accountId(), "req-1");
      var action =
          aws.actions().stream()
              .filter(a -> a.name().equals("DeactivateAccessKeys"))
              .findFirst()
              .orElseThrow();

      Receipt receipt =
          new Attempt("aws", action, linus, Clock.systemUTC(), 1, Progress.inMemory())
              .apply(action.snapshot(linus));

      assertThat(receipt.changed()).isTrue();
      assertThat(moto.listAccessKeys(r -> r.userName("linus.okafor")).accessKeyMetadata())
          .extracting(AccessKeyMetadata::statusAsString)
          .containsExactly("Inactive", "Inactive");
      // moto's own answers: the user's ARN carries this sandbox's moto account.
      assertThat(moto.getUser(r -> r.userName("linus.okafor")).user().arn())
          .isEqualTo(
              "arn:aws:iam::"
                  + sandbox.emulator(AwsEmulator.class).accountId()
                  + ":user/linus.okafor");
      assertThat(sandbox.emulator(AwsEmulator.class).operations()).contains("UpdateAccessKey");
      assertThat(sandbox.server().requests())
          .anyMatch(r -> r.path().equals("/aws/UpdateAccessKey") && r.landed());
    }
  }

  @Test
  void twoSandboxesAliveAtOnceHaveAMotoAccountEachAndDoNotSeeEachOthersChanges() throws Exception {
    try (Sandbox first = Sandbox.startDemo(0);
        Sandbox second = Sandbox.startDemo(0);
        IamClient one = MotoDirect.client(first);
        IamClient two = MotoDirect.client(second)) {
      assertThat(first.emulator(AwsEmulator.class).accountId())
          .isNotEqualTo(second.emulator(AwsEmulator.class).accountId());

      one.deleteLoginProfile(r -> r.userName("linus.okafor"));
      one.createUser(r -> r.userName("only.in.first"));

      assertThat(two.getLoginProfile(r -> r.userName("linus.okafor")).loginProfile()).isNotNull();
      assertThat(two.listUsers().users()).noneMatch(u -> u.userName().equals("only.in.first"));
    }
  }
}
