package dev.leaver.activities.entra;

import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.TargetSystem;

/** Registers the Entra ID connector ({@link EntraTarget}) under {@code systems.entra}. */
public final class EntraProvider implements ConnectorProvider<EntraConfig> {

  @Override
  public String id() {
    return "entra";
  }

  @Override
  public Class<EntraConfig> configType() {
    return EntraConfig.class;
  }

  @Override
  public TargetSystem create(EntraConfig config) {
    return new EntraTarget(config);
  }

  @Override
  public EntraConfig sandbox(String sandboxBaseUrl) {
    return EntraConfig.sandbox(sandboxBaseUrl);
  }
}
