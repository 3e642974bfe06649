package dev.leaver.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaver.sandbox.Fault;
import dev.leaver.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's {@code /aws} is moto: IAM's Query API answers with moto's XML, seeded from the demo
 * tenant, on the sandbox's own moto account; the sandbox's faults and the emulator's item-level
 * refusals apply before moto sees a request.
 */
class AwsEmulatorTest {
  private static final String AUTH =
      "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request,"
          + " SignedHeaders=host, Signature=0";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void iamCallsThroughTheSandboxAreAnsweredByMotoFromTheSeededAccount() throws Exception {
    try (Sandbox sandbox = Sandbox.startDemo(0)) {
      HttpResponse<String> users = iam(sandbox, "ListUsers", "");
      HttpResponse<String> keys = iam(sandbox, "ListAccessKeys", "&UserName=linus.okafor");
      HttpResponse<String> missing = iam(sandbox, "DeleteLoginProfile", "&UserName=nobody");

      assertThat(users.statusCode()).isEqualTo(200);
      assertThat(users.body())
          .contains(
              "<UserName>linus.okafor</UserName>",
              "<UserName>ghopper</UserName>",
              "arn:aws:iam::"
                  + sandbox.emulator(AwsEmulator.class).accountId()
                  + ":user/ci-deploy");
      assertThat(keys.body()).contains("<Status>Active</Status>").doesNotContain("Inactive");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("<Code>NoSuchEntity</Code>");
      assertThat(sandbox.server().requests())
          .extracting(r -> r.path())
          .containsExactly("/aws/ListUsers", "/aws/ListAccessKeys", "/aws/DeleteLoginProfile");
    }
  }

  @Test
  void aDroppedAnswerStillLandsInMotoAndAnItemRefusalNeverReachesIt() throws Exception {
    try (Sandbox sandbox = Sandbox.startDemo(0)) {
      AwsEmulator aws = sandbox.emulator(AwsEmulator.class);
      sandbox.server().faults().add(Fault.dropAnswer("POST", "/aws/RemoveUserFromGroup").times(1));
      aws.refuse(
          "RemoveUserFromGroup",
          "GroupName",
          "oncall",
          1,
          AwsEmulator.error(403, "AccessDenied", "not authorized"));

      try {
        iam(sandbox, "RemoveUserFromGroup", "&UserName=linus.okafor&GroupName=developers");
      } catch (java.io.IOException expected) {
        // the answer was dropped
      }
      HttpResponse<String> refused =
          iam(sandbox, "RemoveUserFromGroup", "&UserName=linus.okafor&GroupName=oncall");
      HttpResponse<String> groups = iam(sandbox, "ListGroupsForUser", "&UserName=linus.okafor");

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("<Code>AccessDenied</Code>");
      assertThat(groups.body())
          .doesNotContain("<GroupName>developers</GroupName>")
          .contains("<GroupName>oncall</GroupName>", "<GroupName>deployers</GroupName>");
    }
  }

  private HttpResponse<String> iam(Sandbox sandbox, String action, String params) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/aws/" + action))
            .header("Authorization", AUTH)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "Action=" + action + "&Version=2010-05-08" + params))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
