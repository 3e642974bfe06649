package dev.leaver.activities.aws;

import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.aws.AwsEmulator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * An IAM client of the tests' own, straight to moto (not through the sandbox, its faults or the
 * connector), on the sandbox's moto account: what it reads back is moto's state.
 */
final class MotoDirect {
  private MotoDirect() {}

  static IamClient client(Sandbox sandbox) {
    AwsEmulator aws = sandbox.emulator(AwsEmulator.class);
    return IamClient.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(aws.motoUrl())
        .overrideConfiguration(o -> o.putHeader("x-moto-account-id", aws.accountId()))
        .build();
  }

  /** Creates a user with an employee id tag (none when null). */
  static void user(IamClient iam, String userName, String employeeId) {
    iam.createUser(r -> r.userName(userName));
    if (employeeId != null) {
      iam.tagUser(
          r ->
              r.userName(userName).tags(Tag.builder().key("employeeId").value(employeeId).build()));
    }
  }
}
