package dev.leaver.activities.scim;

import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.TargetSystem;

/** Registers the SCIM connector ({@link ScimTarget}) under {@code systems.scim}. */
public final class ScimProvider implements ConnectorProvider<ScimConfig> {

  @Override
  public String id() {
    return ScimTarget.ID;
  }

  @Override
  public Class<ScimConfig> configType() {
    return ScimConfig.class;
  }

  /** Resolves each app's token reference from the environment or its file. */
  @Override
  public TargetSystem create(ScimConfig config) {
    return new ScimTarget(config);
  }

  @Override
  public ScimConfig sandbox(String sandboxBaseUrl) {
    return ScimConfig.sandbox(sandboxBaseUrl);
  }
}
