package dev.leaver.activities.ad;

import dev.leaver.activities.target.ConnectorProvider;
import dev.leaver.activities.target.TargetSystem;

/** Registers the on-prem Active Directory connector ({@link AdTarget}) under {@code systems.ad}. */
public final class AdProvider implements ConnectorProvider<AdConfig> {

  @Override
  public String id() {
    return AdTarget.ID;
  }

  @Override
  public Class<AdConfig> configType() {
    return AdConfig.class;
  }

  @Override
  public TargetSystem create(AdConfig config) {
    return new AdTarget(config);
  }

  @Override
  public AdConfig sandbox(String sandboxBaseUrl) {
    return AdConfig.sandbox(sandboxBaseUrl);
  }
}
