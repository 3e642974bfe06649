package dev.leaver.activities.azure;

import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.TargetSystem;

/** Registers the Azure connector ({@link AzureTarget}) under {@code systems.azure}. */
public final class AzureProvider implements ConnectorProvider<AzureConfig> {

  @Override
  public String id() {
    return AzureTarget.ID;
  }

  @Override
  public Class<AzureConfig> configType() {
    return AzureConfig.class;
  }

  @Override
  public TargetSystem create(AzureConfig config) {
    return new AzureTarget(config);
  }

  @Override
  public AzureConfig sandbox(String sandboxBaseUrl) {
    return AzureConfig.sandbox(sandboxBaseUrl);
  }
}
