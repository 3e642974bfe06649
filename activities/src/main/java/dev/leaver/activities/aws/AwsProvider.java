package dev.leaver.activities.aws;

import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.TargetSystem;

/** Registers the AWS IAM connector ({@link AwsTarget}) under {@code systems.aws}. */
public final class AwsProvider implements ConnectorProvider<AwsConfig> {

  @Override
  public String id() {
    return AwsTarget.ID;
  }

  @Override
  public Class<AwsConfig> configType() {
    return AwsConfig.class;
  }

  @Override
  public TargetSystem create(AwsConfig config) {
    return new AwsTarget(config);
  }

  @Override
  public AwsConfig sandbox(String sandboxBaseUrl) {
    return AwsConfig.sandbox(sandboxBaseUrl);
  }
}
