package dev.leaver.activities.aws;

import dev.leaver.activities.target.TargetSystem;
import dev.leaver.activities.target.TargetSystemContract;
import dev.leaver.sandbox.HttpResponse;
import dev.leaver.sandbox.Sandbox;
import dev.leaver.sandbox.SandboxServer;
import dev.leaver.sandbox.aws.AwsEmulator;
import dev.leaver.workflows.contract.Leaver;
import java.util.Map;
import java.util.Optional;

/**
 * AWS IAM through the AWS SDK for Java v2 against moto in server mode (a real AWS API emulator),
 * behind the sandbox's {@code /aws}, passes the shared contract. Nothing here is skipped: when moto
 * cannot be installed or started, every test fails with its log.
 */
class AwsContractTest extends TargetSystemContract {
  static final Leaver LINUS =
      new Leaver("E1005", "linus.okafor@contoso.example", "grace.hopper@contoso.example");

  /**
   * Seeds the sandbox's moto account before the connector's first call: on a loaded machine the
   * seeding (about 30 IAM calls) can take longer than the connector's 10 s attempt timeout, which
   * would fail that first call (the demo's first resolve would be retried by Temporal instead).
   */
  @Override
  protected TargetSystem connect(Sandbox sandbox) {
    sandbox.emulator(AwsEmulator.class).motoUrl();
    return new AwsTarget(AwsConfig.sandbox(sandbox.baseUrl()));
  }

  @Override
  protected Leaver leaver() {
    return LINUS;
  }

  @Override
  protected Write write(String action) {
    return switch (action) {
      case "DenyAll" -> new Write("POST", "/aws/AttachUserPolicy");
      case "DeactivateAccessKeys" -> new Write("POST", "/aws/UpdateAccessKey");
      case "RemoveFromGroups" -> new Write("POST", "/aws/RemoveUserFromGroup");
      case "DeleteLoginProfile" -> new Write("POST", "/aws/DeleteLoginProfile");
      case "DeactivateMfaDevices" -> new Write("POST", "/aws/DeactivateMFADevice");
      default -> throw new IllegalArgumentException("no write known for " + action);
    };
  }

  /**
   * IAM's refusals in IAM's own XML shape: throttling is HTTP 400 {@code Throttling} (here with a
   * Retry-After, which the connector honours when sent). A target with {@code ?Param=value} refuses
   * only the request whose form carries that value (one group of several), through the emulator.
   */
  @Override
  protected void refuse(String method, String target, Refusal refusal) {
    HttpResponse answer = iamRefusal(refusal);
    int q = target.indexOf('?');
    if (q < 0) {
      sandbox.server().faults().inject(method, target, 1, answer);
      return;
    }
    String operation = target.substring("/aws/".length(), q);
    String[] param = target.substring(q + 1).split("=", 2);
    sandbox.emulator(AwsEmulator.class).refuse(operation, param[0], param[1], 1, answer);
  }

  static HttpResponse iamRefusal(Refusal refusal) {
    return switch (refusal) {
      case THROTTLED ->
          AwsEmulator.error(400, "Throttling", "Rate exceeded").withHeader("Retry-After", "7");
      case UNAVAILABLE -> AwsEmulator.error(503, "ServiceUnavailable", "Service is unavailable");
      case FORBIDDEN ->
          AwsEmulator.error(
              403,
              "AccessDenied",
              "User: arn:aws:iam::123456789012:user/leaver-worker is not authorized to perform this action");
    };
  }

  /** Every IAM call is a POST; reads are the List and Get operations. */
  @Override
  protected boolean isWrite(SandboxServer.Logged request) {
    return isIamWrite(request.path());
  }

  static boolean isIamWrite(String path) {
    if (!path.startsWith("/aws/")) {
      return false;
    }
    String operation = path.substring("/aws/".length());
    return !operation.isEmpty() && !operation.startsWith("List") && !operation.startsWith("Get");
  }

  @Override
  protected Optional<ThirdItem> multiItem(Map<String, String> before) {
    String groups = before.get(RemoveFromGroups.GROUPS);
    if (groups == null) {
      return Optional.empty();
    }
    String third = groups.split(",")[2];
    return Optional.of(
        new ThirdItem("RemoveFromGroups", "POST", "/aws/RemoveUserFromGroup?GroupName=" + third));
  }
}
