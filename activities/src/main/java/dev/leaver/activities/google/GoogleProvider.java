package dev.leaver.activities.google;

import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.TargetSystem;

/** Registers the Google Workspace connector ({@link GoogleTarget}) under {@code systems.google}. */
public final class GoogleProvider implements ConnectorProvider<GoogleConfig> {

  @Override
  public String id() {
    return GoogleTarget.ID;
  }

  @Override
  public Class<GoogleConfig> configType() {
    return GoogleConfig.class;
  }

  @Override
  public TargetSystem create(GoogleConfig config) {
    return new GoogleTarget(config);
  }

  @Override
  public GoogleConfig sandbox(String sandboxBaseUrl) {
    return GoogleConfig.sandbox(sandboxBaseUrl);
  }
}
