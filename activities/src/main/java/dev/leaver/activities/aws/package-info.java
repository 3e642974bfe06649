/**
 * The AWS IAM connector: {@link dev.leaver.activities.aws.AwsTarget} configured with {@link
 * dev.leaver.activities.aws.AwsConfig}, through the AWS SDK for Java v2 with its retries off.
 * Everything else is package-private: the SDK wrapper ({@code Iam}), the error mapping ({@code
 * AwsErrors}), the user matching, the preflight and one class per action.
 *
 * <p>The secret access key is never logged; {@code AwsConfig.toString()} masks it.
 */
package dev.leaver.activities.aws;
