package dev.leaver.activities.aws;

import java.net.URI;
import java.util.Objects;

/**
 * {@code systems.aws} in the worker's YAML: one AWS account's IAM.
 *
 * @param accountAlias a label for the account in the evidence and the check, e.g. {@code
 *     contoso-prod} (default {@code aws}); not sent to AWS
 * @param region the region the SDK signs for; IAM is global, so {@code us-east-1} (default) in the
 *     commercial partition, {@code us-gov-west-1} or {@code cn-north-1} in the others
 * @param accessKeyId a static access key id (a secret reference: {@code env:NAME} or {@code
 *     file:/path}); leave both keys out to use the SDK's default provider chain (environment,
 *     profile, web identity, container or instance role)
 * @param secretAccessKey its secret (a secret reference), masked in {@link #toString()}
 * @param endpoint an endpoint override, e.g. an interface VPC endpoint, or the sandbox's {@code
 *     http://127.0.0.1:PORT/aws}; null for IAM's own endpoint
 * @param employeeIdTag the IAM user tag that holds HR's employee id (default {@code employeeId})
 * @param mappingFile instead of the tag scan, a CSV file of {@code employeeId,userName} lines
 *     ({@code #} comments); read at each resolution, so edits need no restart
 * @param denyAllPolicyArn the managed policy the kill switch attaches (default the AWS managed
 *     {@code arn:aws:iam::aws:policy/AWSDenyAll})
 * @param operationInPath sandbox only: appends the operation to each request's path ({@code
 *     /aws/UpdateAccessKey}) so the sandbox's request log and faults can tell IAM calls apart;
 *     never set it against AWS (default false)
 */
public record AwsConfig(
    String accountAlias,
    String region,
    String accessKeyId,
    String secretAccessKey,
    String endpoint,
    String employeeIdTag,
    String mappingFile,
    String denyAllPolicyArn,
    Boolean operationInPath) {

  /** The AWS managed policy that denies every action. */
  public static final String AWS_DENY_ALL = "arn:aws:iam::aws:policy/AWSDenyAll";

  /** Static credentials the sandbox accepts (moto checks none). Sandbox values, not secrets. */
  static final String SANDBOX_KEY = "AKIASANDBOXLEAVER000";

  public AwsConfig {
    accountAlias = accountAlias == null || accountAlias.isBlank() ? "aws" : accountAlias;
    region = region == null || region.isBlank() ? "us-east-1" : region;
    employeeIdTag = employeeIdTag == null || employeeIdTag.isBlank() ? "employeeId" : employeeIdTag;
    denyAllPolicyArn =
        denyAllPolicyArn == null || denyAllPolicyArn.isBlank() ? AWS_DENY_ALL : denyAllPolicyArn;
    operationInPath = operationInPath != null && operationInPath;
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "accessKeyId and secretAccessKey go together; leave both out for the default provider chain");
    }
    if (endpoint != null) {
      URI uri = URI.create(endpoint);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("endpoint must be an absolute URL: " + endpoint);
      }
    }
    if (!denyAllPolicyArn.startsWith("arn:")) {
      throw new IllegalArgumentException(
          "denyAllPolicyArn must be a policy ARN: " + denyAllPolicyArn);
    }
  }

  /** IAM itself, with the default credential provider chain. */
  public static AwsConfig of(String accountAlias) {
    return new AwsConfig(accountAlias, null, null, null, null, null, null, null, null);
  }

  /**
   * The sandbox's AWS emulator (moto behind {@code /aws}).
   *
   * @param sandboxBaseUrl e.g. {@code http://127.0.0.1:8089}, without the {@code /aws} prefix
   */
  public static AwsConfig sandbox(String sandboxBaseUrl) {
    String base =
        sandboxBaseUrl.endsWith("/")
            ? sandboxBaseUrl.substring(0, sandboxBaseUrl.length() - 1)
            : sandboxBaseUrl;
    return new AwsConfig(
        "sandbox",
        "us-east-1",
        SANDBOX_KEY,
        "sandbox-secret",
        base + "/aws",
        null,
        null,
        null,
        true);
  }

  /** The same config with another mapping file (tests). */
  AwsConfig withMappingFile(String file) {
    return new AwsConfig(
        accountAlias,
        region,
        accessKeyId,
        secretAccessKey,
        endpoint,
        employeeIdTag,
        file,
        denyAllPolicyArn,
        operationInPath);
  }

  boolean staticKeys() {
    return accessKeyId != null;
  }

  @Override
  public String toString() {
    return "AwsConfig[accountAlias="
        + accountAlias
        + ", region="
        + region
        + ", accessKeyId="
        + (accessKeyId == null ? "default chain" : mask(accessKeyId))
        + ", secretAccessKey="
        + (secretAccessKey == null ? "none" : "***")
        + ", endpoint="
        + endpoint
        + ", employeeIdTag="
        + employeeIdTag
        + ", mappingFile="
        + mappingFile
        + ", denyAllPolicyArn="
        + denyAllPolicyArn
        + ", operationInPath="
        + operationInPath
        + "]";
  }

  /** The key id's first four characters (its type, e.g. AKIA) and nothing else. */
  private static String mask(String keyId) {
    Objects.requireNonNull(keyId);
    return keyId.length() <= 4 ? "***" : keyId.substring(0, 4) + "***";
  }
}
